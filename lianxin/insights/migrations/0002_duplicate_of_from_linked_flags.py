# The ledger now keeps "linked as a duplicate" in its own column (Case.duplicate_of), so its metrics
# no longer read insights' flags; copy the links staff made before.

from django.db import migrations


def copy_links(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    DuplicateFlag = apps.get_model("insights", "DuplicateFlag")
    for case_id, candidate_id in DuplicateFlag.objects.filter(status="linked").values_list(
        "case_id", "candidate_id"
    ):
        Case.objects.filter(pk=case_id, duplicate_of__isnull=True).update(duplicate_of=candidate_id)


def clear_links(apps, schema_editor):
    apps.get_model("cases", "Case").objects.update(duplicate_of=None)


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
        ("cases", "0006_case_duplicate_of"),
    ]

    operations = [migrations.RunPython(copy_links, clear_links)]
