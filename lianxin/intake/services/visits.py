"""工会主席陪伴日: planning visit days, keeping the 民意日记, and turning what was heard into cases.

A visit day is a day in the field at an enterprise: the actions are lianxin.fieldwork's, shared
with the stations' duty days, run on the visit day's kind (intake.grounds.VISITS); this module
keeps the names the pages and tests call.
"""

from datetime import date
from typing import cast

from django.contrib.auth.models import User

from lianxin.cases.models import Case, Category, Urgency
from lianxin.fieldwork import services as fieldwork
from lianxin.fieldwork.services import MAX_WEEKS, today
from lianxin.intake.grounds import VISITS
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.orgs.models import Org

__all__ = ["MAX_WEEKS", "today"]


def plan_visit_day(*, actor: User, org: Org, day: date, plan: str = "") -> VisitDay:
    """Plan one visit day at an enterprise, from today on, at most one per enterprise and day."""
    return cast(VisitDay, fieldwork.plan_day(VISITS, actor=actor, site=org, day=day, plan=plan))


def plan_weekly_visits(
    *, actor: User, org: Org, first_date: date, weeks: int, plan: str = ""
) -> tuple[list[VisitDay], list[date]]:
    """The same weekday for `weeks` weeks; returns (days planned, dates already taken)."""
    return fieldwork.plan_weekly(
        VISITS, actor=actor, site=org, first_date=first_date, weeks=weeks, plan=plan
    )


def record_diary_entry(
    *, actor: User, visit_id: int, heard: str, team: Org | None = None, speaker: str = "",
    place: str = "",
) -> DiaryEntry:  # fmt: skip
    """民意日记: what was heard; the first entry marks a planned day done."""
    entry = fieldwork.record_entry(
        VISITS, actor=actor, day_id=visit_id, heard=heard, team=team, speaker=speaker, place=place
    )
    return cast(DiaryEntry, entry)


def complete_visit_day(*, actor: User, visit_id: int, summary: str) -> VisitDay:
    return cast(
        VisitDay, fieldwork.complete_day(VISITS, actor=actor, day_id=visit_id, summary=summary)
    )


def cancel_visit_day(*, actor: User, visit_id: int, reason: str) -> VisitDay:
    return cast(VisitDay, fieldwork.cancel_day(VISITS, actor=actor, day_id=visit_id, reason=reason))


def raise_case_from_entry(
    *, actor: User, entry_id: int, category: Category, title: str,
    urgency: str = Urgency.ORDINARY, is_anonymous: bool = False, worker_name: str = "",
    worker_phone: str = "",
) -> Case:  # fmt: skip
    """挂号 what was heard: one case per entry, in its team (else the enterprise)."""
    return fieldwork.raise_case(
        VISITS, actor=actor, entry_id=entry_id, category=category, title=title, urgency=urgency,
        is_anonymous=is_anonymous, worker_name=worker_name, worker_phone=worker_phone,
    )  # fmt: skip
