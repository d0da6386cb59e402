"""Partner types become data: the five fixed types and eight more are seeded, and each partner
org's stored code (court, hrss, …) becomes a key to its type in the same column, unchanged."""

import django.db.models.deletion
from django.db import migrations, models


def seed(apps, schema_editor):
    from lianxin.orgs.partner_types import seed_partner_types

    seed_partner_types(apps.get_model("orgs", "PartnerType"))


def blank_to_null(apps, schema_editor):
    apps.get_model("orgs", "Org").objects.filter(partner_type="").update(partner_type=None)


def null_to_blank(apps, schema_editor):
    apps.get_model("orgs", "Org").objects.filter(partner_type__isnull=True).update(partner_type="")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="PartnerType",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=60, verbose_name="name")),
                ("name_en", models.CharField(max_length=80, verbose_name="English name")),
                ("keywords", models.TextField(blank=True, help_text="Words of a report (井盖, 路灯, …) that point to a problem a partner of this type handles, separated by spaces, commas or new lines.", verbose_name="routing keywords")),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={
                "verbose_name": "partner type",
                "verbose_name_plural": "partner types",
                "ordering": ["sort_order", "code"],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="org", name="orgs_partner_has_type"),
        migrations.AlterField(
            model_name="org",
            name="partner_type",
            field=models.CharField(blank=True, max_length=20, null=True, verbose_name="partner type"),
        ),
        migrations.RunPython(blank_to_null, null_to_blank),
        migrations.AlterField(
            model_name="org",
            name="partner_type",
            field=models.ForeignKey(
                blank=True,
                db_column="partner_type",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="orgs",
                to="orgs.partnertype",
                to_field="code",
                verbose_name="partner type",
            ),
        ),
        migrations.AddConstraint(
            model_name="org",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "partner"), _negated=True) | models.Q(("partner_type__isnull", False)),
                name="orgs_partner_has_type",
            ),
        ),
    ]
