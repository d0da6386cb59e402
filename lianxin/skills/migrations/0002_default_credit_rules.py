"""The default 学分银行 rules (editable in the admin afterwards).

A course: 1 credit per credit hour. A certificate: 10 (初级) … 50 (高级技师). A contest: 30 for the
winner, 20 for ranks 2–3, 10 for 4–10, 5 for taking part with a scored result. An adopted proposal: 5.
"""

from decimal import Decimal

from django.db import migrations

RULES = [
    ("course_completed", "", None, None, "1", "每学时1学分"),
    ("certificate", "primary", None, None, "10", "初级工证书"),
    ("certificate", "intermediate", None, None, "20", "中级工证书"),
    ("certificate", "senior", None, None, "30", "高级工证书"),
    ("certificate", "technician", None, None, "40", "技师证书"),
    ("certificate", "senior_technician", None, None, "50", "高级技师证书"),
    ("contest_result", "", 1, 1, "30", "竞赛第一名"),
    ("contest_result", "", 2, 3, "20", "竞赛第二、三名"),
    ("contest_result", "", 4, 10, "10", "竞赛第四至十名"),
    ("contest_result", "", 11, None, "5", "参赛取得成绩"),
    ("proposal_adopted", "", None, None, "5", "提案被采纳"),
]


def add_rules(apps, schema_editor):
    CreditRule = apps.get_model("skills", "CreditRule")
    if CreditRule.objects.exists():
        return
    CreditRule.objects.bulk_create(
        CreditRule(kind=kind, level=level, rank_from=low, rank_to=high, credits=Decimal(credits),
                   note=note)
        for kind, level, low, high, credits, note in RULES
    )  # fmt: skip


def remove_rules(apps, schema_editor):
    apps.get_model("skills", "CreditRule").objects.filter(lines__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_certificates_rules_credit_lines")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
