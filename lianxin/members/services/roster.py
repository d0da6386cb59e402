"""集中入会: a union registers a roster of members from Excel or CSV in one go.

The file is read by the shared reader (lianxin.core.importing: .xlsx/.csv, the limits on hostile
files, the error workbook), with the roster's own columns. Every row is checked — name, ID number
(check digit, core.idcard), phone, employment form, the union it names (the chosen union or one
below it that the importer may manage), a repeat of an earlier row of the file, and the registry
(already a member here: counted, not added; active in another union or applying here: refused) —
and the good rows are registered in chunks: each person through `services.people.persons_for` (one
person per ID number, under concurrent imports too), their memberships inserted in bulk, born
active with a card, and one `registered` event each, written by `audit.services.start_journals`.
Bad rows come back with the reason in Chinese in a workbook. The same file twice adds nothing.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any, BinaryIO

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat, ExtractYear, LPad
from django.utils.translation import gettext as _

from lianxin.audit.services import Entry, start_journals
from lianxin.core import clock
from lianxin.core.errors import DomainError, require
from lianxin.core.excel import import_template
from lianxin.core.importing import dates
from lianxin.core.importing.columns import Column, Schema
from lianxin.core.importing.errors_file import ErrorWorkbook
from lianxin.core.importing.limits import Budget
from lianxin.core.importing.parsing import Table, open_table
from lianxin.core.importing.result import ImportResult, ensure_rows_at_most
from lianxin.members.models import Membership, Person
from lianxin.members.permissions import ACTING_ROLES, BASE_UNION_KINDS, ensure_may_act_in
from lianxin.members.services.people import (
    PersonDetails,
    clean_details,
    insert_plain,
    persons_for,
    today,
)
from lianxin.members.states import Channel, EmploymentForm, Gender, State
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, subtree_q

MAX_ROSTER_ROWS = 5_000  # read at once, while the chair waits: a larger roster is split
MAX_ROSTER_BYTES = 10 * 1024 * 1024
ROSTER_SECONDS = 300
CHUNK = 2_000  # rows a transaction, as the case import: fewer commits write each index page once
SHOWN_BAD_ROWS = 100

COLUMNS = [
    Column("name", "姓名", True, "", 12),
    Column("id_number", "身份证号", True, "", 22, True),
    Column("phone", "手机号", False, "", 16, True),
    Column("gender", "性别", False, "男 / 女"),
    Column("employment_form", "就业形态", False, "", 16),
    Column("platform_or_employer", "平台或单位", False, "", 22),
    Column("org", "所属工会", False, "", 30),
    Column("joined_on", "入会日期", False, "2025-03-18"),
]
ALIASES = {
    "职工姓名": "name", "会员姓名": "name", "身份证": "id_number", "身份证号码": "id_number",
    "公民身份号码": "id_number", "手机": "phone", "手机号码": "phone", "联系电话": "phone",
    "电话": "phone", "用工形式": "employment_form", "职业": "employment_form",
    "平台": "platform_or_employer", "工作单位": "platform_or_employer", "所在单位": "platform_or_employer",
    "工会": "org", "所在工会": "org", "工会名称": "org", "入会时间": "joined_on",
}  # fmt: skip
ROSTER = Schema(COLUMNS, ALIASES)

FORM_WORDS: dict[str, list[str]] = {
    EmploymentForm.EMPLOYEE: ["职工", "在岗职工", "正式职工", "员工", "合同制", "合同工"],
    EmploymentForm.DISPATCHED: ["劳务派遣", "派遣", "派遣工"],
    EmploymentForm.RIDER: ["外卖骑手", "骑手", "外卖员", "外卖配送员", "外卖"],
    EmploymentForm.COURIER: ["快递员", "快递小哥", "快递"],
    EmploymentForm.RIDE_HAILING: ["网约车司机", "网约车"],
    EmploymentForm.TRUCK_DRIVER: ["货车司机", "货车", "卡车司机"],
    EmploymentForm.OTHER_GIG: ["其他新就业形态", "其他灵活就业", "灵活就业", "其他"],
}
GENDER_WORDS = {
    "男": Gender.MALE,
    "女": Gender.FEMALE,
    "male": Gender.MALE,
    "female": Gender.FEMALE,
}


def _vocabulary() -> dict[str, str]:
    table = {}
    for value, words in FORM_WORDS.items():
        for word in [*words, value, str(EmploymentForm(value).label)]:
            table[word.strip().lower()] = value
    return table


FORMS = _vocabulary()


@dataclass(frozen=True)
class GoodRow:
    line: int
    values: list[Any]
    org: Org
    details: PersonDetails
    joined_on: date


class RowChecker:
    """Checks rows for one importer and one union's subtree; the unions are read once."""

    def __init__(self, actor: User, org: Org, joined_on: date) -> None:
        reached = org_perms.orgs_reached(actor, ACTING_ROLES) if not actor.is_superuser else None
        unions = Org.objects.filter(
            subtree_q([org.path], field="path"), kind__in=sorted(BASE_UNION_KINDS), is_active=True
        )
        if reached is not None:
            unions = unions.filter(pk__in=reached.values("pk"))
        self.default, self.joined_on = org, joined_on
        self.unions: dict[str, Org] = {}
        for union in unions:
            for key in (union.code, union.name, union.short_name):
                if key:
                    self.unions.setdefault(key.strip().lower(), union)
        self.seen: dict[str, int] = {}

    def check(self, line: int, record: dict[str, Any], values: list[Any]) -> GoodRow | str:
        """A good row, or the reason (Chinese, for the error workbook) it cannot be imported."""
        org = self._org(cell_text(record.get("org")))
        if isinstance(org, str):
            return org
        joined = self._joined(record.get("joined_on"))
        if isinstance(joined, str):
            return joined
        details = person_details(record, line, self.seen)
        if isinstance(details, str):
            return details
        return GoodRow(line, values, org, details, joined)

    def _org(self, name: str) -> Org | str:
        if not name:
            return self.default
        found = self.unions.get(name.lower())
        if found is None:
            return _(
                "Unknown union “%(name)s”: give the name or code of %(org)s or a union below it "
                "that you manage."
            ) % {"name": name, "org": self.default.name}
        return found

    def _joined(self, value: Any) -> date | str:
        if value is None or str(value).strip() == "":
            return self.joined_on
        try:
            day, _moment = dates.parse_date(value)
        except ValueError:
            return _("The joining date “%(value)s” is not a date.") % {"value": value}
        if not dates.EARLIEST <= day <= today():
            return _("The joining date must be between 2000 and today.")
        return day


def cell_text(value: Any) -> str:
    """A cell as text: an ID or phone number Excel stored as a number (1.3912345678E10) whole."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return ""
    return "" if value is None else str(value).strip()


def person_details(record: dict[str, Any], line: int, seen: dict[str, int]) -> PersonDetails | str:
    """The person a roster row names (name, ID number, phone, gender, employment form, platform or
    employer), or why not; `seen` maps the file's ID numbers to their first row. Every roster of
    persons (members, mutual-aid enrolment) reads its rows with this."""
    text = {k: cell_text(v) for k, v in record.items()}
    form = FORMS.get(text.get("employment_form", "").lower() or EmploymentForm.EMPLOYEE)
    if form is None:
        return _("Unknown employment form “%(value)s”.") % {"value": text["employment_form"]}
    gender = GENDER_WORDS.get(text.get("gender", "").lower(), "")
    if text.get("gender") and not gender:
        return _("Gender must be 男 or 女.")
    try:
        details = clean_details(PersonDetails(
            name=text.get("name", ""), id_number=text.get("id_number", ""),
            phone=text.get("phone", ""), gender=gender, employment_form=form,
            platform_or_employer=text.get("platform_or_employer", ""),
        ))  # fmt: skip
    except DomainError as error:
        return str(error.message)
    first = seen.setdefault(details.id_number, line)
    if first != line:
        return _("The same ID number as row %(line)s of this file.") % {"line": first}
    return details


def import_roster(
    *, actor: User, org: Org, stream: BinaryIO, name: str, joined_on: date | None = None
) -> ImportResult:
    """Check every row of the roster and register the good ones as members of their union."""
    ensure_may_act_in(actor, org)
    require(
        org.kind in BASE_UNION_KINDS or org.children.exists(),
        _("Members join an enterprise union or an industry union."),
        code="members.org_not_base_union",
    )
    result = ImportResult()
    checker = RowChecker(actor, org, joined_on or today())
    with open_table(stream, name, Budget(ROSTER_SECONDS), schema=ROSTER) as table:
        ensure_rows_at_most(table, MAX_ROSTER_ROWS)
        errors = ErrorWorkbook(table.headers, schema=ROSTER)
        for chunk in _chunks(_checked(table, checker, result, errors)):
            _register_chunk(actor, chunk, result, errors)
    return result.finish(errors)


def _checked(
    table: Table, checker: RowChecker, result: ImportResult, errors: ErrorWorkbook
) -> Iterator[GoodRow]:
    for line, values in table.rows:
        result.total += 1
        checked = checker.check(line, table.record(values), values)
        if isinstance(checked, str):
            result.refuse(errors, values, checked, line)
        else:
            yield checked


def _chunks(rows: Iterator[GoodRow]) -> Iterator[list[GoodRow]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


@dataclass(frozen=True)
class Held:
    """A membership a person holds (active) or asked for (applied): what a new row is checked against."""

    state: str
    org_id: int
    org_name: str


@transaction.atomic
def _register_chunk(
    actor: User, rows: list[GoodRow], result: ImportResult, errors: ErrorWorkbook
) -> None:
    """One transaction: the persons (locked), then the memberships in bulk, then their events."""
    persons = dict(zip([r.line for r in rows], persons_for([r.details for r in rows]), strict=True))
    held = _current([p.pk for p in persons.values()])
    fresh: list[tuple[GoodRow, Person]] = []
    for row in rows:
        person = persons[row.line]
        why = _refusal(held.get(person.pk, []), row.org)
        if why == "already":
            result.already += 1
        elif why:
            result.refuse(errors, row.values, why, row.line)
        else:
            held.setdefault(person.pk, []).append(Held(State.ACTIVE, row.org.pk, row.org.name))
            fresh.append((row, person))
    result.added += _insert(actor, fresh)


def _current(person_ids: list[int]) -> dict[int, list[Held]]:
    """Each person's active membership and open applications, with their unions' names."""
    rows = Membership.objects.filter(
        Q(state=State.ACTIVE) | Q(state=State.APPLIED), person_id__in=person_ids
    ).values_list("person_id", "state", "org_id", "org__name")
    held: dict[int, list[Held]] = {}
    for person_id, state, org_id, org_name in rows:
        held.setdefault(person_id, []).append(Held(state, org_id, org_name))
    return held


def _refusal(held: list[Held], org: Org) -> str:
    """ "" when the person may be registered in `org`, "already" when they are a member there."""
    for m in held:
        if m.state == State.ACTIVE and m.org_id == org.pk:
            return "already"
        if m.state == State.ACTIVE:
            return _("Already an active member of %(org)s: transfer the membership instead.") % {
                "org": m.org_name
            }
        if m.org_id == org.pk:
            return _("Has an application waiting here: approve it on the applications page.")
    return ""


def _insert(actor: User, fresh: list[tuple[GoodRow, Person]]) -> int:
    """The memberships, written as plain rows (applications with their joining date), then made
    active with their card numbers (which need their ids) in one UPDATE, and one `registered`
    event each."""
    if not fresh:
        return 0
    now = clock.now()
    insert_plain([
        Membership(person_id=p.pk, org_id=row.org.pk, state=State.APPLIED,
                   channel=Channel.IMPORTED, applied_at=now, joined_on=row.joined_on)
        for row, p in fresh
    ])  # fmt: skip
    ids = dict(
        Membership.objects.filter(
            person_id__in=[p.pk for _row, p in fresh], state=State.APPLIED,
            channel=Channel.IMPORTED, applied_at=now,
        ).values_list("person_id", "pk")
    )  # fmt: skip
    Membership.objects.filter(pk__in=ids.values()).update(state=State.ACTIVE, card_number=CARD)
    start_journals(
        journals=[(ids[p.pk], [Entry(kind="registered", at=now, state_after=State.ACTIVE,
                                     data={"person": p.pk, "org": row.org.code, "import": True})])
                  for row, p in fresh],
        actor=actor, target_type=Membership._meta.label_lower,
    )  # fmt: skip
    return len(ids)


# memberships.card_number in SQL: LX + the year of joining + the id in ten digits.
CARD = Concat(
    Value("LX"),
    Cast(ExtractYear("joined_on"), CharField()),
    LPad(Cast("pk", CharField()), 10, Value("0")),
    output_field=CharField(),
)


def roster_template() -> bytes:
    """The template: the sheet to fill in (an example row) and one that explains each column."""
    return import_template(title="会员名册", columns=COLUMNS, text_rows=1000, explain=_explain)


_HELP = {
    "name": "职工本人姓名", "id_number": "18位居民身份证号码，校验位必须正确（请设为文本格式）",
    "phone": "11位手机号", "gender": "男 或 女；可不填（按身份证号判断）",
    "employment_form": "职工、劳务派遣、外卖骑手、快递员、网约车司机、货车司机、其他新就业形态；空白为职工",
    "platform_or_employer": "如 美团、饿了么、顺丰，或所在企业名称",
    "org": "工会名称或代码；空白为导入时选择的工会", "joined_on": "如 2025-03-18；空白为导入当天",
}  # fmt: skip


def _explain(sheet: Any) -> None:
    sheet.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        sheet.append([column.header, "必填" if column.required else "选填", _HELP[column.key]])
    sheet.append([])
    sheet.append(["同一身份证号已是本工会会员的行不会重复登记；同一文件导入两次不会新增任何会员。"])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["C"].width = 80
