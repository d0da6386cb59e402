"""协作转办's outcome figures: referrals reported back in a period, by what came of them (调解成功 /
未成功 / 转诉讼 / 其他) and by the type of the partner that reported — over the cases the area
counts (cases.metrics' scope: a user outside sees none, a partner only what was referred to it)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from lianxin.cases.metrics import _in_days, _of_area_cases
from lianxin.cases.models import Referral, ReferralOutcome
from lianxin.orgs.models import Org


def reported_referrals(user: Any, org: Org | None, start: date, end: date) -> QuerySet[Referral]:
    """Referrals reported back on the days [start, end] with an outcome recorded (reports made
    before outcomes were recorded are left out: an unknown outcome is none of the four)."""
    rows = Referral.objects.filter(_in_days("reported_at", start, end), _of_area_cases(user, org))
    return rows.exclude(outcome="")


def outcome_count(outcome: str) -> Callable[[Any, Org | None, date, date], int]:
    """The compute of the area metric counting the period's reports with `outcome`."""

    def compute(user: Any, org: Org | None, start: date, end: date) -> int:
        return reported_referrals(user, org, start, end).filter(outcome=outcome).count()

    compute.__name__ = f"referral_{outcome}"
    return compute


def outcomes_by_partner_type(
    user: Any, org: Org | None, start: date, end: date
) -> dict[str, dict[str, int]]:
    """{partner type code: {outcome: count}} for every type with a report in the period (one
    query); each outcome is present, 0 when none."""
    rows = (
        reported_referrals(user, org, start, end)
        .values_list("partner__partner_type", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[str, dict[str, int]] = {}
    for type_code, outcome, n in rows:
        counts = table.setdefault(type_code, dict.fromkeys(ReferralOutcome.values, 0))
        counts[outcome] += n
    return table
