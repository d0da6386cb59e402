"""Anonymous cases raised from the diary are linked neither way; entries already linked are severed."""

from django.db import migrations, models


def sever_anonymous_links(apps, schema_editor):
    """An entry that became an anonymous case forgets the case and who spoke."""
    DiaryEntry = apps.get_model("intake", "DiaryEntry")
    DiaryEntry.objects.filter(case__is_anonymous=True).update(
        case=None, speaker="", raised_anonymously=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_open311"),
        ("cases", "0005_ledger_indexes_hold_the_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="diaryentry",
            name="raised_anonymously",
            field=models.BooleanField(default=False, verbose_name="raised as an anonymous case"),
        ),
        migrations.RunPython(sever_anonymous_links, migrations.RunPython.noop, elidable=True),
    ]
