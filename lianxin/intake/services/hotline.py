"""12351 hotline quick entry: an operator on a call enters the case in one go.

The case goes into the ledger through `register_case` (which checks the operator's reach), with the
hotline channel. A caller who stays anonymous leaves no phone behind and is given a receipt code in
the same transaction instead: if the receipt cannot be made, neither is the case.

The reads the entry screen needs (the enterprises an operator may pick, the calls taken today) sit at
the end of this module because nothing else uses them.
"""

from datetime import datetime, time

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Case, Category, Channel
from lianxin.cases.permissions import visible_cases
from lianxin.cases.services import NewCase, register_case
from lianxin.core import clock
from lianxin.core.errors import InvalidInput
from lianxin.intake.services.receipts import DrawnReceipt, draw_receipt, issue_receipt
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import actionable_orgs

TITLE_LENGTH = 30
RECENT_CALLS = 10
SUGGESTIONS = 20
# The datalist served with the page; past this, the suggestions fetched while typing take over.
DATALIST_LIMIT = 200


def default_title(description: str) -> str:
    """The first words of what the caller said, on one line, so the ledger row says something."""
    text = " ".join(description.split())
    return text if len(text) <= TITLE_LENGTH else text[:TITLE_LENGTH] + "…"


def take_call(
    *,
    actor: User,
    caller_phone: str,
    enterprise: Org,
    category: Category,
    urgency: str,
    description: str,
    anonymous: bool,
    title: str = "",
    sms_consent: bool = False,
) -> tuple[Case, str | None]:
    """Register a hotline case; a named caller leaves a phone, an anonymous one gets a receipt code.

    Returns the case and the receipt code (None for a named caller). The code is never stored in
    clear: show it to the operator once and let it go.
    """
    if enterprise.kind != OrgKind.ENTERPRISE:
        raise InvalidInput(
            _("Choose the enterprise the caller works in."), code="hotline.enterprise_missing"
        )
    phone = "" if anonymous else caller_phone.strip()
    if not anonymous and not phone:
        raise InvalidInput(
            _("Enter the caller's phone, or mark the caller as anonymous."),
            code="hotline.phone_missing",
        )
    drawn = draw_receipt() if anonymous else None  # the hash before the transaction
    return _register_call(actor, NewCase(
            origin_org=enterprise,
            category=category,
            channel=Channel.HOTLINE,
            title=title.strip() or default_title(description),
            description=description,
            urgency=urgency,
            is_anonymous=anonymous,
            worker_phone=phone,
            sms_consent=sms_consent and not anonymous,
        ), drawn)  # fmt: skip


@transaction.atomic
def _register_call(
    actor: User, new: NewCase, drawn: DrawnReceipt | None
) -> tuple[Case, str | None]:
    case = register_case(actor=actor, new=new)
    return case, issue_receipt(case=case, drawn=drawn) if drawn else None


# ---- reads for the entry screen ------------------------------------------------------------------


def hotline_enterprises(*, user: User) -> QuerySet[Org]:
    """The enterprises an operator may take calls for: those their handling roles reach."""
    return (
        actionable_orgs(user)
        .filter(kind=OrgKind.ENTERPRISE, is_active=True)
        .select_related("parent")
        .order_by("path")
    )


def suggest_enterprises(*, user: User, text: str) -> QuerySet[Org]:
    """A few enterprises whose name or short name contains what the operator has typed so far."""
    qs = hotline_enterprises(user=user)
    text = text.strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(short_name__icontains=text))
    return qs[:SUGGESTIONS]


def recent_calls(*, user: User) -> list[Case]:
    """The hotline cases this operator registered today (Beijing time), newest first."""
    today = clock.now().astimezone(BEIJING).date()
    since = datetime.combine(today, time.min, tzinfo=BEIJING)
    return list(
        visible_cases(user)
        .filter(registered_by=user, channel=Channel.HOTLINE, registered_at__gte=since)
        .select_related("origin_org", "category")
        .order_by("-registered_at")[:RECENT_CALLS]
    )
