"""Every write of a hardship file and its visits: one function per move, one transaction, one event.

建档 (`open_file`, applied; `register_file`), 年度复核 (`start_review`, then `confirm_review` or
`lift_out_of_hardship` 解困脱困), `reject_application`, `close_file`, and 入户走访 (`record_visit`).
Journal events name the person and the file by id, the union by code, never a name or a finding.
Payments are in `hardship_payments`, the 督办 of overdue visits in `hardship_supervision`.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.core.errors import DomainError, NotFound, require
from lianxin.members.services.people import PersonDetails, clean_details, person_for, seal_for
from lianxin.members.services.people import today as beijing_today
from lianxin.orgs.models import Org
from lianxin.welfare.models.hardship import HardshipFile, HouseholdMember, Visit
from lianxin.welfare.permissions.hardship import can_see, ensure_can_handle, ensure_can_open_in
from lianxin.welfare.states.hardship import (
    DEFAULT_VISITS_PER_YEAR,
    FILE_WORKFLOW,
    VISITED_STATES,
    Cause,
    FileAction,
    Health,
    Level,
    Relation,
    Work,
)

FINDINGS_MAX = 2000
HOUSEHOLD_MAX = 20


class FileAlreadyOpen(DomainError):
    code = "welfare.hardship_file_open"
    http_status = 409


@dataclass(frozen=True)
class HouseholdRow:
    relation: str
    health: str
    work: str
    birth_year: int | None = None


@dataclass(frozen=True)
class NewFile:
    """What an application for hardship aid says: who, which union, why, how poor, the household."""

    org: Org
    details: PersonDetails
    level: str
    causes: Sequence[str]
    income_per_head: Decimal
    household: Sequence[HouseholdRow] = field(default_factory=tuple)


def visits_per_year(level: str) -> int:
    rules = {**DEFAULT_VISITS_PER_YEAR, **getattr(settings, "LIANXIN_HARDSHIP_VISITS_PER_YEAR", {})}
    return int(rules.get(level, 1))


def visit_interval(level: str) -> timedelta:
    """The longest gap between two visits the level's rule allows (3 a year: 122 days)."""
    return timedelta(days=math.ceil(365 / max(visits_per_year(level), 1)))


def _check_new(new: NewFile) -> None:
    require(new.level in Level.values, _("Choose a level."), code="welfare.hardship_level_invalid")
    require(
        new.causes and set(new.causes) <= set(Cause.values),
        _("Choose at least one cause."),
        code="welfare.hardship_causes_invalid",
    )
    try:
        income = Decimal(new.income_per_head)
    except (InvalidOperation, TypeError, ValueError):
        income = Decimal(-1)
    require(
        income.is_finite() and Decimal(0) <= income < Decimal("1000000"),
        _("Give the monthly income per head in yuan."),
        code="welfare.hardship_income_invalid",
    )
    require(
        len(new.household) <= HOUSEHOLD_MAX, _("Too many household members."),
        code="welfare.hardship_household_invalid",
    )  # fmt: skip
    for row in new.household:
        require(
            row.relation in Relation.values and row.health in Health.values
            and row.work in Work.values,
            _("Describe each household member by relation, health and work."),
            code="welfare.hardship_household_invalid",
        )  # fmt: skip


@transaction.atomic
def open_file(*, actor: User, new: NewFile) -> HardshipFile:
    """建档申请: a union opens a file for a person (found or registered by ID number)."""
    ensure_can_open_in(actor, new.org)
    _check_new(new)
    person, _created = person_for(clean_details(new.details))
    try:
        with transaction.atomic():
            file = HardshipFile.objects.create(
                person=person, org=new.org, level=new.level, causes=sorted(set(new.causes)),
                income_per_head=Decimal(new.income_per_head), opened_on=beijing_today(),
                opened_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise FileAlreadyOpen(
            _("This person already has an open hardship file."), code="welfare.hardship_file_open"
        ) from None
    HouseholdMember.objects.bulk_create(
        HouseholdMember(file=file, relation=r.relation, birth_year=r.birth_year, health=r.health,
                        work=r.work)
        for r in new.household
    )  # fmt: skip
    record_event(
        target=file, actor=actor, kind="applied", state_after=file.state,
        data={"person": person.pk, "org": new.org.code, "level": new.level},
    )  # fmt: skip
    return file


def _locked(file_id: int, actor: Any) -> HardshipFile:
    file = (
        HardshipFile.objects.select_for_update(of=("self",))
        .select_related("org", "person")
        .filter(pk=file_id)
        .first()
    )
    if file is None or not can_see(actor, file):
        raise NotFound(_("No such hardship file."), code="welfare.hardship_not_found")
    return file


def _move(
    file_id: int, *, actor: User, action: FileAction, kind: str,
    apply: Callable[[HardshipFile], Sequence[str]] | None = None,
) -> HardshipFile:  # fmt: skip
    file = _locked(file_id, actor)
    return run_move(
        file, workflow=FILE_WORKFLOW, action=action, kind=kind, actor=actor, status_field="state",
        may=lambda: ensure_can_handle(actor, file), apply=apply,
        data={"person": file.person_id, "org": file.org.code},
    )  # fmt: skip


def _end(file: HardshipFile) -> list[str]:
    file.ended_on = beijing_today()
    file.next_visit_due = None
    return ["ended_on", "next_visit_due"]


@transaction.atomic
def register_file(*, actor: User, file_id: int) -> HardshipFile:
    """建档: the application is checked; the household is in aid and owes its first visit."""

    def apply(f: HardshipFile) -> list[str]:
        f.registered_on = beijing_today()
        f.next_visit_due = f.registered_on + visit_interval(f.level)
        return ["registered_on", "next_visit_due"]

    return _move(file_id, actor=actor, action=FileAction.REGISTER, kind="registered", apply=apply)


@transaction.atomic
def reject_application(*, actor: User, file_id: int) -> HardshipFile:
    return _move(file_id, actor=actor, action=FileAction.REJECT, kind="rejected", apply=_end)


@transaction.atomic
def start_review(*, actor: User, file_id: int) -> HardshipFile:
    """年度复核 begins: visits stay owed while the household is reviewed."""
    return _move(file_id, actor=actor, action=FileAction.REVIEW, kind="review_started")


@transaction.atomic
def confirm_review(*, actor: User, file_id: int) -> HardshipFile:
    return _move(file_id, actor=actor, action=FileAction.CONFIRM, kind="review_confirmed")


@transaction.atomic
def lift_out_of_hardship(*, actor: User, file_id: int) -> HardshipFile:
    """解困脱困: the review finds the household out of hardship; the file ends."""
    return _move(file_id, actor=actor, action=FileAction.LIFT, kind="lifted", apply=_end)


@transaction.atomic
def close_file(*, actor: User, file_id: int) -> HardshipFile:
    return _move(file_id, actor=actor, action=FileAction.CLOSE, kind="closed", apply=_end)


def _visitors(actor: User, visitor_ids: Sequence[int]) -> list[User]:
    ids = set(visitor_ids) or {actor.pk}
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    require(len(users) == len(ids), _("Choose who went."), code="welfare.hardship_visitors_invalid")
    return users


def _next_due(file: HardshipFile, visited_on: date, next_due: date | None) -> date:
    latest = visited_on + visit_interval(file.level)
    if next_due is None:
        return latest
    require(
        visited_on < next_due <= latest,
        _("The next visit is due after this one and by %(latest)s.") % {"latest": latest},
        code="welfare.hardship_next_due_invalid",
    )
    return next_due


@transaction.atomic
def record_visit(
    *, actor: User, file_id: int, visited_on: date, findings: str,
    visitor_ids: Sequence[int] = (), next_due: date | None = None,
) -> Visit:  # fmt: skip
    """入户走访: a visit to a household in aid; the findings are sealed, the next visit set."""
    file = _locked(file_id, actor)
    ensure_can_handle(actor, file)
    require(
        file.state in VISITED_STATES,
        _("Visits are recorded on a file in aid."), code="welfare.hardship_not_in_aid",
    )  # fmt: skip
    text = findings.strip()
    require(0 < len(text) <= FINDINGS_MAX, _("Say what was found."),
            code="welfare.hardship_findings_invalid")  # fmt: skip
    require(visited_on <= beijing_today(), _("A visit cannot be in the future."),
            code="welfare.hardship_visit_date_invalid")  # fmt: skip
    visitors = _visitors(actor, visitor_ids)
    due = _next_due(file, visited_on, next_due)
    visit = Visit.objects.create(
        file=file, visited_on=visited_on, findings_sealed=seal_for(file.person, text),
        next_due=due, recorded_by=actor,
    )  # fmt: skip
    visit.visitors.set(visitors)
    if file.next_visit_due is None or due > file.next_visit_due:
        file.next_visit_due = due
        file.save(update_fields=["next_visit_due"])
    record_event(
        target=file, actor=actor, kind="visited",
        data={"visit": visit.pk, "on": visited_on.isoformat(), "next_due": due.isoformat(),
              "visitors": sorted(u.pk for u in visitors)},
    )  # fmt: skip
    return visit
