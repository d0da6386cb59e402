"""挂号: a case enters the ledger with its number and deadlines (one typed input, every channel)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.services import Entry, start_journals
from lianxin.cases import notices, search
from lianxin.cases.deadlines import BEIJING, case_deadlines
from lianxin.cases.hooks import run_case_registered_hooks
from lianxin.cases.models import (
    Case,
    CaseCounter,
    Category,
)
from lianxin.cases.permissions import (
    can_register_in,
)
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, PermissionDenied
from lianxin.orgs.models import Org, OrgKind

DEFAULT_PREFIX = "LX"


# ---- registration -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NewCase:
    """What a channel knows of a concern when it enters the ledger: the one input of 挂号."""

    origin_org: Org
    category: Category
    channel: str
    title: str
    description: str
    urgency: str = "ordinary"
    is_anonymous: bool = False
    worker_name: str = ""
    worker_phone: str = ""
    worker_user: User | None = None
    sms_consent: bool = False  # the named worker agreed to SMS updates (never when anonymous)
    address: str = ""
    site: str = ""  # the code of the place it was raised at (a station), when there is one
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    claim_type: str = ""
    amount_claimed: Decimal | None = None


def register_case(*, actor: User | None, new: NewCase) -> Case:
    """Enter a case in the ledger (挂号) with its number and deadlines; the text is kept as written.

    Everything that only reads (permission, validation, the prefix, who is to be told) is done
    before the transaction; inside it, the number is drawn last, right before the row is written,
    so that the counter's lock (which serialises registrations of a prefix) is held for the few
    writes only: the counter, the case, its first journal event and the notices.
    """
    _check_registration(actor, new)
    case = _validated(_unsaved_case(actor, new, clock.now()))
    prefix, year = _prefix_of(new.origin_org), case.registered_at.astimezone(BEIJING).year
    recipients = notices.registered_recipients(case)
    with transaction.atomic():
        case.number = _next_number(prefix, year)
        case.save(force_insert=True)
        search.index_case(case)  # in step with the row, in its transaction
        # The case is new: its journal starts here (seq 1, no previous hash), nothing to read.
        registered = Entry(
            kind="registered", at=clock.now(), visibility=Visibility.PUBLIC,
            state_after=case.status,
            data={"channel": new.channel, "category": new.category.key, "urgency": new.urgency},
        )  # fmt: skip
        start_journals(journals=[(case, [registered])], actor=actor)
        notices.case_registered(case, recipients=recipients)
        run_case_registered_hooks([case.pk])  # after the commit (e.g. duplicate flagging)
    return case


def _check_registration(actor: User | None, new: NewCase) -> None:
    if actor is not None and not can_register_in(actor, new.origin_org):
        raise PermissionDenied(
            _("You may not register cases for %(org)s.") % {"org": new.origin_org.name},
            code="case.permission_denied",
        )
    if not (new.title.strip() and new.description.strip()):
        raise InvalidInput(_("A case needs a title and a description."), code="case.text_missing")
    if new.origin_org.kind == OrgKind.PARTNER:
        raise InvalidInput(
            _("A case arises in a union or enterprise, not in a partner agency."),
            code="case.origin_is_partner",
        )


def _unsaved_case(actor: User | None, new: NewCase, now: datetime) -> Case:
    """The case row as registered: an anonymous worker leaves no name, phone or account."""
    response_due, resolution_due = case_deadlines(
        registered_at=now, category=new.category, urgency=new.urgency, claim_type=new.claim_type
    )
    origin, anonymous = new.origin_org, new.is_anonymous
    return Case(
        title=new.title.strip(), description=new.description, category=new.category,
        channel=new.channel, urgency=new.urgency, origin_org=origin,
        owner_org=origin if origin.kind != OrgKind.TEAM else origin.parent,
        registered_by=actor, is_anonymous=anonymous,
        worker_name="" if anonymous else new.worker_name.strip(),
        worker_phone="" if anonymous else new.worker_phone.strip(),
        worker_user=None if anonymous else new.worker_user,
        sms_consent=not anonymous and new.sms_consent,
        address=new.address, site=new.site, latitude=new.latitude, longitude=new.longitude,
        claim_type=new.claim_type, amount_claimed=new.amount_claimed,
        registered_at=now, response_due=response_due, resolution_due=resolution_due,
    )  # fmt: skip


def _validated(case: Case) -> Case:
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
