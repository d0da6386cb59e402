"""IdVariant: 64-bit digests under a (digest, person) primary key, instead of 64-character hex
digests with a surrogate id and three indexes. The old table is renamed, the new one created, every
digest converted (its first 16 hex digits: the same keyed hash, so no key and no ID number is
needed), and the old table dropped."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 10_000


def convert(apps, schema_editor):
    old = apps.get_model("members", "OldIdVariant")
    new = apps.get_model("members", "IdVariant")
    last = 0
    while True:
        rows = list(
            old.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "person_id", "digest")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1][0]
        new.objects.bulk_create(
            [
                new(
                    person_id=person_id,
                    digest=int.from_bytes(bytes.fromhex(digest[:16]), "big", signed=True),
                )
                for _pk, person_id, digest in rows
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_membership_newest_first_index"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="idvariant", name="members_id_variant_unique"),
        migrations.RenameModel(old_name="IdVariant", new_name="OldIdVariant"),
        migrations.AlterField(
            model_name="oldidvariant",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="members.person"
            ),
        ),
        migrations.CreateModel(
            name="IdVariant",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "digest",
                        "person",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("digest", models.BigIntegerField()),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="id_variants",
                        to="members.person",
                    ),
                ),
            ],
        ),
        migrations.RunPython(convert, migrations.RunPython.noop),
        migrations.DeleteModel(name="OldIdVariant"),
    ]
