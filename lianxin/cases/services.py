"""Every change to a case: one function per move, one transaction, one journal event.

Each move locks the case row, checks scope (outside it the case does not exist for the actor), the
actor's permission and the transition table, saves only the fields it changes, and appends one event.
A refused move raises a DomainError before anything is written, so it changes nothing.
`actor=None` is the system itself (督办 escalation); views and the API always pass the signed-in user.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.moves import run_move
from lianxin.audit.services import Entry, record_event, start_journals
from lianxin.cases import notices
from lianxin.cases.deadlines import BEIJING, case_deadlines
from lianxin.cases.hooks import run_case_registered_hooks
from lianxin.cases.models import (
    Attachment,
    Case,
    CaseCounter,
    Category,
    Feedback,
    Referral,
    Satisfaction,
)
from lianxin.cases.permissions import (
    WorkerActor,
    active_referral,
    can_register_in,
    can_see_case,
    ensure_can_correct,
    ensure_may,
)
from lianxin.cases.states import CASE_WORKFLOW, Action, Status, ensure_transition
from lianxin.core import clock
from lianxin.core.bulk import insert_rows
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.core.masking import mask_phone
from lianxin.core.phones import normalise_phone
from lianxin.core.text import check_note
from lianxin.core.uploads import MAX_UPLOAD_BYTES, sniff_content_type, stored_as
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import can_act_in

DEFAULT_PREFIX = "LX"


# ---- registration -------------------------------------------------------------------------------


def register_case(
    *,
    actor: User | None,
    origin_org: Org,
    category: Category,
    channel: str,
    title: str,
    description: str,
    urgency: str = "ordinary",
    is_anonymous: bool = False,
    worker_name: str = "",
    worker_phone: str = "",
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    claim_type: str = "",
    amount_claimed: Decimal | None = None,
    worker_user: User | None = None,
) -> Case:
    """Enter a case in the ledger (挂号) with its number and deadlines; the text is kept as written.

    Everything that only reads (permission, validation, the prefix, who is to be told) is done
    before the transaction; inside it, the number is drawn last, right before the row is written,
    so that the counter's lock (which serialises registrations of a prefix) is held for the few
    writes only: the counter, the case, its first journal event and the notices.
    """
    if actor is not None and not can_register_in(actor, origin_org):
        raise PermissionDenied(
            _("You may not register cases for %(org)s.") % {"org": origin_org.name},
            code="case.permission_denied",
        )
    _require(title.strip() and description.strip(), _("A case needs a title and a description."))
    if origin_org.kind == OrgKind.PARTNER:
        raise InvalidInput(_("A case arises in a union or enterprise, not in a partner agency."))
    now = clock.now()
    response_due, resolution_due = case_deadlines(
        registered_at=now, category=category, urgency=urgency, claim_type=claim_type
    )
    case = Case(
        title=title.strip(),
        description=description,
        category=category,
        channel=channel,
        urgency=urgency,
        origin_org=origin_org,
        owner_org=origin_org if origin_org.kind != OrgKind.TEAM else origin_org.parent,
        registered_by=actor,
        is_anonymous=is_anonymous,
        worker_name="" if is_anonymous else worker_name.strip(),
        worker_phone="" if is_anonymous else worker_phone.strip(),
        worker_user=None if is_anonymous else worker_user,
        address=address,
        latitude=latitude,
        longitude=longitude,
        claim_type=claim_type,
        amount_claimed=amount_claimed,
        registered_at=now,
        response_due=response_due,
        resolution_due=resolution_due,
    )
    try:
        # Field values only: the category, org and users are rows in hand (no SELECT per foreign
        # key) and the database enforces the anonymity check constraint (no constraint query).
        case.clean_fields(exclude=[*_RELATED_IN_HAND, "number"])
        case.clean()
    except ValidationError as error:
        raise InvalidInput(
            _("The case could not be registered: %(errors)s")
            % {"errors": "; ".join(m for ms in error.message_dict.values() for m in ms)},
            code="case.invalid",
            fields=error.message_dict,
        ) from None
    prefix, year = _prefix_of(origin_org), now.astimezone(BEIJING).year
    recipients = notices.registered_recipients(case)
    with transaction.atomic():
        case.number = _next_number(prefix, year)
        case.save(force_insert=True)
        # The case is new: its journal starts here (seq 1, no previous hash), nothing to read.
        start_journals(
            journals=[
                (
                    case,
                    [
                        Entry(
                            kind="registered",
                            at=clock.now(),
                            visibility=Visibility.PUBLIC,
                            state_after=case.status,
                            data={"channel": channel, "category": category.key, "urgency": urgency},
                        )
                    ],
                )
            ],
            actor=actor,
        )
        notices.case_registered(case, recipients=recipients)
        run_case_registered_hooks([case.pk])  # after the commit (e.g. duplicate flagging)
    return case


_RELATED_IN_HAND = [
    "owner_org",
    "category",
    "origin_org",
    "registered_by",
    "worker_user",
    "handler",
]


def _next_number(prefix: str, year: int) -> str:
    """JZ-2026-000183: the nearest prefix up the tree, the Beijing year, a per-prefix yearly
    sequence. Call it inside the transaction that writes the case."""
    return f"{prefix}-{year}-{_draw_numbers(prefix, year, 1).start:06d}"


def _prefix_of(origin: Org) -> str:
    """The org's own case prefix, else the nearest one up the tree, else the default.

    An org read with `nearest_case_prefix` (as cases.api reads it: '' when there is none) needs no
    query here.
    """
    if origin.case_prefix:
        return origin.case_prefix
    nearest = getattr(origin, "nearest_case_prefix", None)
    if nearest is not None:
        return nearest or DEFAULT_PREFIX
    parent = origin.parent if Org.parent.is_cached(origin) else None
    if parent is not None and parent.case_prefix:
        return parent.case_prefix
    inherited = (
        origin.ancestors().exclude(case_prefix="").order_by().values_list("path", "case_prefix")
    )
    return max(inherited, default=("", DEFAULT_PREFIX))[1]  # the nearest: the longest path


def _draw_numbers(prefix: str, year: int, count: int) -> range:
    """The next `count` sequence numbers of a prefix and year, drawn under the counter's lock.

    One statement when the counter exists (the UPDATE takes the row lock and returns the new
    value); the year's first draw creates it under the lock. Inside the caller's transaction.
    """
    table, last = (connection.ops.quote_name(n) for n in (CaseCounter._meta.db_table, "last"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + %s WHERE prefix = %s AND year = %s "
            f"RETURNING {last}",
            [count, prefix, year],
        )
        row = cursor.fetchone()
    if row is not None:
        return range(row[0] - count + 1, row[0] + 1)
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return range(first, counter.last + 1)


# ---- the moves ----------------------------------------------------------------------------------


Actor = User | WorkerActor | None


def _move(
    *,
    case_id: int,
    actor: Actor,
    action: Action,
    kind: str,
    note: str = "",
    visibility: str = Visibility.INTERNAL,
    data: dict | None = None,
    apply: Callable[[Case], list[str]] | None = None,
    then: Action | None = None,
) -> Case:
    """The shape every move shares (audit.moves.run_move). Must be called inside the service's
    transaction. The system itself (`actor=None`) is never refused by a permission."""
    check_note(note)
    case = _locked(case_id, actor)
    may = None if actor is None else (lambda: ensure_may(actor, action, case))
    return run_move(
        case, workflow=CASE_WORKFLOW, action=action, then=then, kind=kind, actor=actor, may=may,
        apply=apply, note=note, visibility=visibility, data=data,
    )  # fmt: skip


def _locked(case_id: int, actor: Actor) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None or (actor is not None and not can_see_case(actor, case)):
        raise NotFound(_("No such case."), code="case.not_found")
    return case


def _require(condition: object, message: str) -> None:
    if not condition:
        raise InvalidInput(message)


@transaction.atomic
def accept_case(*, case_id: int, actor: User, note: str = "", handler: User | None = None) -> Case:
    """受理: the owner org takes the case on; the first answer to the worker counts as the response."""

    def apply(case: Case) -> list[str]:
        if handler is not None and not can_act_in(handler, case.owner_org):
            raise InvalidInput(
                _("%(name)s may not handle cases of %(org)s.")
                % {"name": handler.get_full_name() or handler.username, "org": case.owner_org.name}
            )
        case.responded_at = case.responded_at or clock.now()
        case.handler = handler or case.handler or actor
        return ["responded_at", "handler"]

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.ACCEPT,
        kind="accepted",
        note=note,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )


@transaction.atomic
def reject_case(*, case_id: int, actor: User, reason: str) -> Case:
    """不予受理, always with the reason the worker is told."""
    _require(reason.strip(), _("Say why the case is not accepted."))

    def apply(case: Case) -> list[str]:
        case.responded_at = case.responded_at or clock.now()
        case.result = reason
        return ["responded_at", "result"]

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.REJECT,
        kind="rejected",
        note=reason,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )


@transaction.atomic
def start_case(*, case_id: int, actor: User, note: str = "") -> Case:
    def apply(case: Case) -> list[str]:
        case.handler = case.handler or actor
        return ["handler"]

    return _move(
        case_id=case_id, actor=actor, action=Action.START, kind="started", note=note, apply=apply
    )


@transaction.atomic
def add_progress(*, case_id: int, actor: User, note: str, public: bool = False) -> Case:
    """A note on the way: internal for colleagues, or public for the worker's timeline."""
    _require(note.strip(), _("Write what has been done."))
    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.PROGRESS,
        kind="progress",
        note=note,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
    )


@transaction.atomic
def add_attachment(
    *, case_id: int, actor: User, upload: UploadedFile, public: bool = False
) -> Attachment:
    """A photo or document for the case, checked by its bytes (JPEG, PNG, WebP, PDF; 10 MB at most)."""
    content_type = check_upload(upload)
    attachment: dict[str, Attachment] = {}

    def apply(case: Case) -> list[str]:
        attachment["row"] = store_attachment(case, upload, content_type, public=public, actor=actor)
        return []

    info = {"name": upload.name}
    _move(
        case_id=case_id,
        actor=actor,
        action=Action.PROGRESS,
        kind="attachment_added",
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
        data=info,
        apply=apply,
    )
    return attachment["row"]


def check_upload(upload: UploadedFile) -> str:
    """The upload's real content type; refuses anything but photos and PDFs, and files over 10 MB."""
    content_type = sniff_content_type(upload)
    _require(content_type, _("Only photos (JPEG, PNG, WebP) and PDF files can be attached."))
    _require(upload.size and upload.size <= MAX_UPLOAD_BYTES, _("A file may be 10 MB at most."))
    return content_type or ""


def store_attachment(
    case: Case, upload: UploadedFile, content_type: str, *, public: bool, actor: Actor
) -> Attachment:
    return Attachment.objects.create(
        case=case,
        file=stored_as(upload, content_type),
        name=(upload.name or "file")[:200],
        content_type=content_type,
        size=upload.size or 0,
        is_public=public,
        uploaded_by=actor if isinstance(actor, User) else None,
        uploaded_at=clock.now(),
    )


@transaction.atomic
def add_worker_message(
    *, case_id: int, worker: WorkerActor, text: str, uploads: list[UploadedFile] | tuple = ()
) -> Case:
    """The worker writes to their own case (with photos); in any state, since a worker is never
    told to be quiet. It moves nothing: one public journal event, and the handler is told."""
    _require(text.strip() or uploads, _("Write a message or add a photo."))
    check_note(text)
    types = [check_upload(u) for u in uploads]
    case = _locked(case_id, worker)
    for upload, content_type in zip(uploads, types, strict=True):
        store_attachment(case, upload, content_type, public=True, actor=worker)
    record_event(
        target=case,
        actor=worker,
        kind="worker_message",
        note=text,
        visibility=Visibility.PUBLIC,
        state_before=case.status,
        state_after=case.status,
        data={"files": [u.name for u in uploads]},
    )
    notices.worker_wrote(case)
    return case


@transaction.atomic
def refer_case(*, case_id: int, actor: User, partner: Org, note: str = "") -> Case:
    """转办: hand the case to a partner agency, whose users then see it and report back."""
    if partner.kind != OrgKind.PARTNER or not partner.is_active:
        raise InvalidInput(_("Cases can only be referred to an active partner agency."))

    def apply(case: Case) -> list[str]:
        Referral.objects.create(
            case=case, partner=partner, referred_by=actor, referred_at=clock.now(), note=note
        )
        return []

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.REFER,
        kind="referred",
        note=note,
        visibility=Visibility.PUBLIC,
        data={"partner": partner.code, "partner_name": partner.name},
        apply=apply,
    )
    notices.case_referred(case, partner)
    return case


@transaction.atomic
def report_back(*, case_id: int, actor: User, report: str) -> Case:
    """The partner agency says what it did; the case returns to its owner to finish."""
    _require(report.strip(), _("Write what your agency did."))
    info: dict[str, str] = {}

    def apply(case: Case) -> list[str]:
        referral = active_referral(case)
        if referral is None:  # the table already refuses REPORT_BACK outside `referred`
            raise InvalidInput(_("This case has no open referral."))
        referral.reported_at, referral.report = clock.now(), report
        referral.save(update_fields=["reported_at", "report"])
        info["partner"] = referral.partner.code
        return []

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.REPORT_BACK,
        kind="reported_back",
        note=report,
        visibility=Visibility.PUBLIC,
        data=info,
        apply=apply,
    )
    notices.case_reported_back(case)
    return case


@transaction.atomic
def escalate_case(*, case_id: int, actor: User | None, reason: str) -> Case:
    """上报: the owner moves one level up the tree (小事不出园、大事联动解); the state stays."""
    _require(reason.strip(), _("Say why the case is escalated."))
    moved: dict[str, str] = {}

    def apply(case: Case) -> list[str]:
        parent = case.owner_org.parent
        if parent is None or parent.kind == OrgKind.PARTNER:
            raise InvalidInput(_("There is no org above %(org)s.") % {"org": case.owner_org.name})
        moved.update({"from": case.owner_org.code, "to": parent.code})
        case.owner_org, case.escalation_level = parent, case.escalation_level + 1
        # A handler who cannot act in the new owner org hands the case over with it.
        if case.handler is not None and not can_act_in(case.handler, parent):
            case.handler = None
        return ["owner_org", "escalation_level", "handler"]

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.ESCALATE,
        kind="escalated",
        note=reason,
        data=moved,
        apply=apply,
    )
    notices.case_escalated(case)
    return case


@transaction.atomic
def resolve_case(
    *, case_id: int, actor: User, result: str, amount_paid: Decimal | None = None
) -> Case:
    """办结: the handler reports the outcome the worker will read (and, for accidents, what was paid)."""
    _require(result.strip(), _("Write the result for the worker."))
    _require(amount_paid is None or amount_paid >= 0, _("The amount paid cannot be negative."))

    def apply(case: Case) -> list[str]:
        case.result, case.resolved_at = result, clock.now()
        if amount_paid is None:
            return ["result", "resolved_at"]
        case.amount_paid = amount_paid
        return ["result", "resolved_at", "amount_paid"]

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.RESOLVE,
        kind="resolved",
        note=result,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )
    notices.case_resolved(case)
    return case


@transaction.atomic
def record_feedback(
    *, case_id: int, actor: User | WorkerActor, rating: str, comment: str = ""
) -> Case:
    """回访: satisfied or mostly satisfied closes the case (销账); dissatisfied reopens it.

    Staff record what the worker said on a 回访 call; a worker rates on their own case page.
    """
    if rating not in Satisfaction.values:
        raise InvalidInput(_("Choose satisfied, mostly satisfied or dissatisfied."))
    dissatisfied = rating == Satisfaction.DISSATISFIED

    def apply(case: Case) -> list[str]:
        now = clock.now()
        recorder = actor if isinstance(actor, User) else None
        Feedback.objects.create(
            case=case, rating=rating, comment=comment, at=now, recorded_by=recorder
        )
        case.satisfaction = rating
        if dissatisfied:
            case.resolved_at = case.closed_at = None
        else:
            case.closed_at = now
        return ["satisfaction", "resolved_at", "closed_at"]

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.FEEDBACK,
        kind="feedback",
        note=comment,
        visibility=Visibility.PUBLIC,
        data={"rating": rating},
        apply=apply,
        then=Action.REOPEN if dissatisfied else None,
    )


@transaction.atomic
def close_case(*, case_id: int, actor: User, note: str = "") -> Case:
    """销账 without a rating, e.g. the worker could not be reached for 回访."""

    def apply(case: Case) -> list[str]:
        case.closed_at = clock.now()
        return ["closed_at"]

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.CLOSE,
        kind="closed",
        note=note,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )


@transaction.atomic
def reopen_case(*, case_id: int, actor: User, reason: str) -> Case:
    """A supervisor sends a resolved or closed case back to be handled again."""
    _require(reason.strip(), _("Say why the case is reopened."))

    def apply(case: Case) -> list[str]:
        case.resolved_at = case.closed_at = None
        return ["resolved_at", "closed_at"]

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.REOPEN,
        kind="reopened",
        note=reason,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )


@transaction.atomic
def correct_case(
    *,
    case_id: int,
    actor: User,
    note: str,
    category: Category | None = None,
    origin_org: Org | None = None,
    worker_phone: str | None = None,
) -> Case:
    """数据治理: fix a wrong category, org or phone; the old and new values go in the journal.

    The number, deadlines and state stay as registered. A case still owned where it arose moves
    with its origin; a new origin must be one the actor may register cases for.
    """
    _require(note.strip(), _("Say what is corrected and why."))
    check_note(note)
    if worker_phone is not None:
        try:
            worker_phone = normalise_phone(worker_phone)
        except ValueError:
            raise InvalidInput(
                _("“%(phone)s” is neither a mobile number nor a landline with its area code.")
                % {"phone": worker_phone}
            ) from None
    if origin_org is not None and (
        origin_org.kind == OrgKind.PARTNER or not can_act_in(actor, origin_org)
    ):
        raise PermissionDenied(
            _("You may not move cases to %(org)s.") % {"org": origin_org.name},
            code="case.permission_denied",
        )
    case = _locked(case_id, actor)
    ensure_can_correct(actor, case)
    if worker_phone is not None and case.is_anonymous:
        raise InvalidInput(_("An anonymous case has no phone number to correct."))
    owned_where_it_arose = case.owner_org_id == case.origin_org_id
    changes: dict[str, list[str]] = {}
    wanted = {"category": category, "origin_org": origin_org, "worker_phone": worker_phone}
    for field, value in wanted.items():
        if value is not None and getattr(case, field) != value:
            changes[field] = [_journal_value(getattr(case, field)), _journal_value(value)]
            setattr(case, field, value)
    _require(changes, _("Nothing differs from the record: change a value first."))
    if "origin_org" in changes and owned_where_it_arose:
        case.owner_org = case.origin_org
        changes["owner_org"] = changes["origin_org"]
    case.save(update_fields=list(changes))
    record_event(
        target=case, actor=actor, kind="corrected", note=note, visibility=Visibility.INTERNAL,
        state_before=case.status, state_after=case.status, data=changes,
    )  # fmt: skip
    return case


def _journal_value(value: object) -> str:
    """How a corrected value is kept in the journal: keys and codes, never a full phone number."""
    if isinstance(value, Category):
        return value.key
    if isinstance(value, Org):
        return value.code
    return mask_phone(str(value)) if value else ""


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
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    times = [f.attname for f in fields if f.get_internal_type() == "DateTimeField"]
    stored: dict[datetime, object] = {}  # a time as the database takes it (text on SQLite)
    adapt = connection.ops.adapt_datetimefield_value if connection.vendor == "sqlite" else None
    rows = []
    for row, _journal in built:
        values = {**defaults, **row}  # the columns in the fields' order
        if adapt is not None:
            for name in times:
                if (at := values[name]) is not None:
                    values[name] = stored[at] if at in stored else stored.setdefault(at, adapt(at))
        rows.append(tuple(values.values()))
    insert_rows(Case._meta.db_table, [f.column for f in fields], rows)
    ids = dict(Case.objects.filter(number__in=numbers).values_list("number", "pk"))
    start_journals(
        journals=[(ids[n], journal) for n, (_row, journal) in zip(numbers, built, strict=True)],
        actor=actor,
        target_type=Case._meta.label_lower,
    )
    created = [ids[n] for n in numbers]
    run_case_registered_hooks(created)  # one call per chunk, after its commit
    return created


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
        raise InvalidInput(_("A case cannot be imported in this state."))
    for action in moves:
        journal.append(_imported_move(case, action, entry, actor))
    return case, journal


def _imported_move(case: dict, action: Action, entry: LedgerEntry, actor: User) -> Entry:
    """Apply one move's fields to the case's values, as its service would, and its journal entry."""
    before = case["status"]
    after = ensure_transition(before, action)
    at = entry.resolved_at if action in (Action.RESOLVE, Action.CLOSE) else entry.registered_at
    if at is None:
        raise InvalidInput(_("A resolved case needs the date it was resolved."))
    if action in (Action.ACCEPT, Action.REJECT):
        case["responded_at"] = at
    if action in (Action.ACCEPT, Action.START):
        case["handler_id"] = actor.pk
    if action in (Action.REJECT, Action.RESOLVE):
        case["result"] = entry.result
    if action == Action.RESOLVE:
        case["resolved_at"] = at
    if action == Action.CLOSE:
        case["closed_at"] = at
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
