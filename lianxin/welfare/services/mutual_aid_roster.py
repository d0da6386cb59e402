"""集中参保: enrol a roster of persons in a mutual-aid plan from Excel or CSV.

The shared reader (lianxin.core.importing) reads the file with the limits on hostile files; each
row names a person by ID number (checked by `members.services.people.clean_details`; a new person
is registered through `persons_for`, one person per ID number). A person already enrolled is
counted, not added, so the same file twice adds nothing; bad rows come back in the errors workbook.
Each chunk is one transaction: the enrolments in bulk and one `enrolled` event each.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, BinaryIO

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import Entry, start_journals
from lianxin.core import clock
from lianxin.core.importing import dates
from lianxin.core.importing.columns import Column, Schema
from lianxin.core.importing.errors_file import ErrorWorkbook
from lianxin.core.importing.limits import Budget
from lianxin.core.importing.parsing import open_table
from lianxin.core.importing.result import ImportResult, ensure_rows_at_most
from lianxin.members.models import Person
from lianxin.members.services.people import PersonDetails, persons_for
from lianxin.members.services.roster import cell_text, person_details
from lianxin.welfare.models.mutual_aid import Enrolment, Plan
from lianxin.welfare.permissions.mutual_aid import ensure_may_act_in
from lianxin.welfare.services.mutual_aid import plan_for

MAX_ROWS = 5_000
SECONDS = 300
CHUNK = 500
SHOWN_BAD_ROWS = 100

COLUMNS = [
    Column("name", "姓名", True, "", 12),
    Column("id_number", "身份证号", True, "", 22, True),
    Column("phone", "手机号", False, "", 16, True),
    Column("employment_form", "就业形态", False, "", 16),
    Column("platform_or_employer", "平台或单位", False, "", 22),
    Column("enrolled_on", "参保日期", False, "2026-03-01"),
]
ALIASES = {
    "职工姓名": "name", "身份证": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number",
    "手机": "phone", "手机号码": "phone", "联系电话": "phone", "平台": "platform_or_employer",
    "工作单位": "platform_or_employer", "参保时间": "enrolled_on", "参互日期": "enrolled_on",
}  # fmt: skip
SCHEMA = Schema(COLUMNS, ALIASES)


@dataclass(frozen=True)
class Row:
    line: int
    details: PersonDetails
    enrolled_on: date


def check_row(plan: Plan, line: int, record: dict[str, Any], seen: dict[str, int]) -> Row | str:
    """A good row, or the reason it cannot be enrolled (for the errors workbook)."""
    on = plan.starts_on
    if cell_text(record.get("enrolled_on")):
        try:
            on, _moment = dates.parse_date(record["enrolled_on"])
        except ValueError:
            return _("The enrolment date “%(value)s” is not a date.") % {
                "value": record["enrolled_on"]
            }
    if not plan.starts_on <= on <= plan.ends_on:
        return _("The enrolment date is outside the plan's period.")
    details = person_details(record, line, seen)
    if isinstance(details, str):
        return details
    return Row(line, details, on)


def import_enrolments(*, actor: User, plan_id: int, stream: BinaryIO, name: str) -> ImportResult:
    """Check every row and enrol the good ones; already enrolled persons are counted, not added."""
    plan = plan_for(actor, plan_id)
    ensure_may_act_in(actor, plan.org)
    result, seen = ImportResult(), dict[str, int]()
    with open_table(stream, name, Budget(SECONDS), schema=SCHEMA) as table:
        ensure_rows_at_most(table, MAX_ROWS)
        errors = ErrorWorkbook(table.headers, schema=SCHEMA)
        good: list[Row] = []
        for line, values in table.rows:
            result.total += 1
            checked = check_row(plan, line, table.record(values), seen)
            if isinstance(checked, str):
                result.refuse(errors, values, checked, line)
            else:
                good.append(checked)
        rows = iter(good)
        while chunk := list(islice(rows, CHUNK)):
            _enrol_chunk(actor, plan, chunk, result)
    return result.finish(errors)


@transaction.atomic
def _enrol_chunk(actor: User, plan: Plan, rows: list[Row], result: ImportResult) -> None:
    persons = dict(zip([r.line for r in rows], persons_for([r.details for r in rows]), strict=True))
    enrolled = set(
        Enrolment.objects.filter(plan=plan, person__in=list(persons.values())).values_list(
            "person_id", flat=True
        )
    )
    fresh = []
    for row in rows:
        person = persons[row.line]
        if person.pk in enrolled:
            result.already += 1
            continue
        enrolled.add(person.pk)
        fresh.append(Enrolment(plan=plan, person=person, enrolled_on=row.enrolled_on,
                               contribution=plan.contribution, enrolled_by=actor))  # fmt: skip
    created = _insert(plan, fresh)
    result.added += len(created)
    _journal(actor, plan, created)


def _insert(plan: Plan, fresh: list[Enrolment]) -> list[Enrolment]:
    if not fresh:
        return []
    created = Enrolment.objects.bulk_create(fresh, batch_size=CHUNK)
    if any(e.pk is None for e in created):  # a database that returns no ids from a bulk insert
        ids = [e.person_id for e in fresh]
        created = list(Enrolment.objects.filter(plan=plan, person_id__in=ids).order_by("pk"))
    return created


@transaction.atomic
def enrol_persons(*, actor: User, plan_id: int, persons: list[Person], enrolled_on: date) -> int:
    """Enrol registered persons in bulk (a demo, a list chosen from the registry); already enrolled
    persons are left as they are. One `enrolled` event each."""
    plan = plan_for(actor, plan_id)
    ensure_may_act_in(actor, plan.org)
    enrolled = set(plan.enrolments.values_list("person_id", flat=True))
    fresh = [Enrolment(plan=plan, person=p, enrolled_on=enrolled_on, contribution=plan.contribution,
                       enrolled_by=actor) for p in persons if p.pk not in enrolled]  # fmt: skip
    created = _insert(plan, fresh)
    _journal(actor, plan, created)
    return len(created)


def _journal(actor: User, plan: Plan, created: list[Enrolment]) -> None:
    now = clock.now()
    start_journals(
        journals=[(e, [Entry(kind="enrolled", at=now, data={
            "plan": plan.pk, "person": e.person_id, "org": plan.org.code, "import": True})])
            for e in created],
        actor=actor,
    )  # fmt: skip


def enrolment_rows() -> Iterator[str]:
    """The roster's headers, for the template and the page's help."""
    return iter(c.header for c in COLUMNS)
