"""An existing ledger imported in bulk: each case on its own date, moved through the table."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.services import Entry, start_journals
from lianxin.cases import search
from lianxin.cases.deadlines import BEIJING, case_deadlines
from lianxin.cases.hooks import run_case_registered_hooks
from lianxin.cases.models import (
    Case,
    Category,
)
from lianxin.cases.permissions import (
    can_register_in,
)
from lianxin.cases.services.registration import DEFAULT_PREFIX, _draw_numbers
from lianxin.cases.states import Action, Status, ensure_transition, move_fields
from lianxin.core.bulk import insert_rows
from lianxin.core.errors import InvalidInput, PermissionDenied
from lianxin.orgs.models import Org, OrgKind

# ---- an existing ledger, imported ----------------------------------------------------------------


@dataclass(frozen=True)
class LedgerEntry:
    """One case of a ledger kept before Lianxin, already checked by the import."""

    origin_org: Org
    category: Category
    channel: str
    urgency: str
    title: str
    description: str
    worker_name: str
    worker_phone: str
    is_anonymous: bool
    registered_at: datetime
    status: str
    result: str
    resolved_at: datetime | None


# The moves that bring an imported case from registered to the state its ledger recorded.
_IMPORTED_MOVES: dict[str, list[Action]] = {
    Status.REGISTERED: [],
    Status.REJECTED: [Action.REJECT],
    Status.ACCEPTED: [Action.ACCEPT],
    Status.IN_PROGRESS: [Action.ACCEPT, Action.START],
    Status.RESOLVED: [Action.ACCEPT, Action.START, Action.RESOLVE],
    Status.CLOSED: [Action.ACCEPT, Action.START, Action.RESOLVE, Action.CLOSE],
}
_KIND = {
    Action.ACCEPT: "accepted",
    Action.REJECT: "rejected",
    Action.START: "started",
    Action.RESOLVE: "resolved",
    Action.CLOSE: "closed",
}


@transaction.atomic
def register_imported_cases(
    *,
    actor: User,
    entries: list[LedgerEntry],
    deadlines: dict[tuple, tuple[datetime, datetime]] | None = None,
) -> list[int]:
    """挂号 of an old ledger's cases in bulk: each on its own date, moved through the transition
    table to its recorded state, its journal as the single moves would have written it. Returns
    the new cases' ids, in the entries' order.

    No notices: an imported case is not news to anyone. Refused as a whole if any entry's org is
    one the actor may not register cases for, or its state is not one an import can reach.

    Built for thousands of rows at a time: the prefixes are read in one query, deadlines are
    worked out once per time, category and urgency (`deadlines` may be kept by the caller from
    one batch to the next), and the cases are written as plain rows (COPY on PostgreSQL, one
    prepared INSERT over all rows on SQLite) with no model instance per case.
    """
    for org in {e.origin_org.pk: e.origin_org for e in entries}.values():
        if not can_register_in(actor, org) or org.kind == OrgKind.PARTNER:
            raise PermissionDenied(
                _("You may not register cases for %(org)s.") % {"org": org.name},
                code="case.permission_denied",
            )
    if not entries:
        return []
    numbers = _imported_numbers(entries)
    deadlines = {} if deadlines is None else deadlines
    built = [
        _imported_case(actor, entry, number, deadlines)
        for entry, number in zip(entries, numbers, strict=True)
    ]
    _insert_cases([row for row, _journal in built])
    ids = dict(Case.objects.filter(number__in=numbers).values_list("number", "pk"))
    start_journals(
        journals=[(ids[n], journal) for n, (_row, journal) in zip(numbers, built, strict=True)],
        actor=actor,
        target_type=Case._meta.label_lower,
    )
    created = [ids[n] for n in numbers]
    search.index_cases(created)
    run_case_registered_hooks(created)  # one call per chunk, after its commit
    return created


def _insert_cases(built: list[dict]) -> None:
    """The cases as plain rows in one statement (COPY / one prepared INSERT), no model per case."""
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    times = [f.attname for f in fields if f.get_internal_type() == "DateTimeField"]
    stored: dict[datetime, object] = {}  # a time as the database takes it (text on SQLite)
    adapt = connection.ops.adapt_datetimefield_value if connection.vendor == "sqlite" else None
    rows = []
    for row in built:
        values = {**defaults, **row}  # the columns in the fields' order
        if adapt is not None:
            for name in times:
                if (at := values[name]) is not None:
                    values[name] = stored[at] if at in stored else stored.setdefault(at, adapt(at))
        rows.append(tuple(values.values()))
    insert_rows(Case._meta.db_table, [f.column for f in fields], rows)


def _imported_numbers(entries: list[LedgerEntry]) -> list[str]:
    """Numbers in the entries' order, one block drawn per prefix and year; the prefixes of all the
    entries' orgs (their own, else the nearest one up the tree) read in one query."""
    from collections import Counter

    from lianxin.orgs.tree import ancestor_paths

    orgs = {e.origin_org.pk: e.origin_org for e in entries}
    up = {pk: ancestor_paths(org.path) for pk, org in orgs.items() if not org.case_prefix}
    paths = {path for chain in up.values() for path in chain}
    found = dict(
        Org.objects.filter(path__in=paths).exclude(case_prefix="").values_list("path", "case_prefix")
    )  # fmt: skip
    prefixes = {}
    for pk, org in orgs.items():
        inherited = [found[path] for path in up.get(pk, []) if path in found]
        prefixes[pk] = org.case_prefix or (inherited[-1] if inherited else DEFAULT_PREFIX)
    keys = [(prefixes[e.origin_org.pk], e.registered_at.astimezone(BEIJING).year) for e in entries]
    counts = Counter(keys)
    blocks = {key: iter(_draw_numbers(*key, count)) for key, count in counts.items()}
    return [f"{prefix}-{year}-{next(blocks[prefix, year]):06d}" for prefix, year in keys]


def _imported_case(
    actor: User, entry: LedgerEntry, number: str, deadlines: dict[tuple, tuple[datetime, datetime]]
) -> tuple[dict, list[Entry]]:
    """The case's column values (by attribute name) and its journal. `deadlines` keeps the
    deadlines already worked out: they depend only on the time, the urgency and the category's
    deadline settings (in the key, so a category changed meanwhile is worked out anew)."""
    at, org, c = entry.registered_at, entry.origin_org, entry.category
    key = (at, entry.urgency, c.pk, c.response_value, c.response_unit, c.resolution_value,
           c.resolution_unit)  # fmt: skip
    if key not in deadlines:
        deadlines[key] = case_deadlines(
            registered_at=at, category=entry.category, urgency=entry.urgency
        )
    response_due, resolution_due = deadlines[key]
    case = {
        "number": number, "title": entry.title.strip(), "description": entry.description,
        "category_id": entry.category.pk, "channel": entry.channel, "urgency": entry.urgency,
        "status": Status.REGISTERED, "origin_org_id": org.pk,
        "owner_org_id": org.pk if org.kind != OrgKind.TEAM else org.parent_id,
        "registered_by_id": actor.pk, "is_anonymous": entry.is_anonymous,
        "worker_name": "" if entry.is_anonymous else entry.worker_name.strip(),
        "worker_phone": "" if entry.is_anonymous else entry.worker_phone.strip(),
        "registered_at": at, "response_due": response_due, "resolution_due": resolution_due,
    }  # fmt: skip
    journal = [
        Entry(
            kind="registered", at=at, visibility=Visibility.PUBLIC, state_after=Status.REGISTERED,
            data={"channel": entry.channel, "category": entry.category.key, "urgency": entry.urgency},
        )
    ]  # fmt: skip
    moves = _IMPORTED_MOVES.get(entry.status)
    if moves is None:  # (the message is translated only when it is needed)
        raise InvalidInput(
            _("A case cannot be imported in this state."), code="import.state_not_importable"
        )
    for action in moves:
        journal.append(_imported_move(case, action, entry, actor))
    return case, journal


def _imported_move(case: dict, action: Action, entry: LedgerEntry, actor: User) -> Entry:
    """Move the case's values by the table, with the fields its service sets (`move_fields`), and
    the move's journal entry."""
    before = case["status"]
    after = ensure_transition(before, action)
    at = entry.resolved_at if action in (Action.RESOLVE, Action.CLOSE) else entry.registered_at
    if at is None:
        raise InvalidInput(
            _("A resolved case needs the date it was resolved."), code="import.resolved_at_missing"
        )
    case.update(move_fields(action, case, at=at, actor_id=actor.pk, text=entry.result))
    # The ledger's one result text: the reason, the outcome, or the last word on an open case.
    last = action == _IMPORTED_MOVES[entry.status][-1]
    note = (
        entry.result
        if action in (Action.REJECT, Action.RESOLVE) or (last and action != Action.CLOSE)
        else ""
    )
    public = action != Action.START
    case["status"] = after
    return Entry(
        kind=_KIND[action], at=at, note=note, state_before=before, state_after=after,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
    )  # fmt: skip
