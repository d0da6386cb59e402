"""Recording an org's workforce and its 入会率 targets: one row each, journalled on the org's record."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.core.errors import require
from lianxin.members.models import MembershipTarget, Workforce
from lianxin.members.permissions import ensure_may_act_in
from lianxin.orgs.models import Org


@transaction.atomic
def record_workforce(*, actor: User, org: Org, on: date, total: int, gig: int = 0) -> Workforce:
    """The org's own workforce on `on` (a second record the same day replaces the first)."""
    ensure_may_act_in(actor, org)
    require(
        0 <= gig <= total,
        _("Gig workers cannot outnumber the workforce."),
        code="members.workforce_invalid",
    )
    row, _created = Workforce.objects.update_or_create(
        org=org, on=on, defaults={"total": total, "gig": gig}
    )
    record_event(
        target=row, actor=actor, kind="workforce",
        data={"org": org.code, "on": on.isoformat(), "total": total, "gig": gig},
    )  # fmt: skip
    return row


@transaction.atomic
def set_target(
    *, actor: User, org: Org, year: int, rate: Decimal, gig_only: bool = False
) -> MembershipTarget:
    """The org's 入会率 target for `year` (a share, 0..1; e.g. 0.6 for 60 %)."""
    ensure_may_act_in(actor, org)
    require(
        Decimal(0) <= rate <= Decimal(1),
        _("A target is a share between 0 and 100 %."),
        code="members.target_invalid",
    )
    row, _created = MembershipTarget.objects.update_or_create(
        org=org, year=year, gig_only=gig_only, defaults={"rate": rate}
    )
    record_event(
        target=row, actor=actor, kind="target",
        data={"org": org.code, "year": year, "rate": str(rate), "gig_only": gig_only},
    )  # fmt: skip
    return row
