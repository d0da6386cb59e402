"""The 送温暖 demo: 焦作市总工会's 2027年两节送温暖 across the Jiaozuo districts.

天香面业's union lists 40 of its workers, 焦作市外卖行业工会联合会 60 riders and couriers, and
山阳区总工会 4 workers in hardship — one of whom 天香面业 has already listed: the cross-level
duplicate, caught and left flagged for the city federation to decide. Most listings are delivered
(cash or goods). Every listing and delivery goes through the warmth services in one transaction,
so the journal is what real use writes; idempotent (a second run adds nothing).
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from lianxin.members.models import Membership
from lianxin.members.services.people import today
from lianxin.orgs.models import Org
from lianxin.welfare.models.warmth import Campaign
from lianxin.welfare.services import warmth as services
from lianxin.welfare.services.warmth import NewCampaign, NewRecipient

NAME = "2027年两节送温暖"
STANDARD = Decimal("500.00")


def _persons(code: str, count: int) -> list[int]:
    rows = Membership.objects.filter(org__code=code, state="active").order_by("pk")
    return list(rows.values_list("person_id", flat=True)[:count])


@transaction.atomic
def load_warmth_demo() -> int:
    """Listings added (0 when already loaded, or when the members demo is missing)."""
    city = Org.objects.get(code="JZ")
    if Campaign.objects.filter(org=city, name=NAME).exists():
        return 0
    admin, chair, staff = (User.objects.get(username=u) for u in ("admin", "chair", "staff"))
    start = today() - timedelta(days=20)
    new = NewCampaign(NAME, start, start + timedelta(days=90), Decimal("80000.00"), STANDARD)
    campaign = services.create_campaign(actor=admin, org=city, new=new)
    services.open_campaign(actor=admin, campaign_id=campaign.pk)
    tianxiang, riders = _persons("JZ-SY-YH-01", 40), _persons("JZ-WM", 60)
    # The district lists three of 天香's workers 天香 did not, and one it did: the duplicate.
    district_picks = _persons("JZ-SY-YH-01", 43)[40:43] + tianxiang[35:36]
    plan = [
        (chair, "JZ-SY-YH-01", tianxiang, "frontline"),
        (admin, "JZ-WM", riders, "gig"),
        (staff, "JZ-SY", district_picks, "hardship"),
    ]
    added = 0
    for actor, code, persons, reason in plan:
        org = Org.objects.get(code=code)
        for n, person_id in enumerate(persons):
            added += _list_and_deliver(actor, campaign, org, person_id, reason, n)
    return added


def _list_and_deliver(
    actor: User, campaign: Campaign, org: Org, person_id: int, reason: str, n: int
) -> int:
    recipient = services.add_recipient(
        actor=actor, campaign_id=campaign.pk,
        new=NewRecipient(org=org, reason=reason, person_id=person_id),
    )  # fmt: skip
    if recipient.state == "listed" and n % 5 != 4:  # every fifth waits for its delivery
        services.record_delivery(
            actor=actor, recipient_id=recipient.pk, kind="goods" if n % 3 == 0 else "cash",
            value=STANDARD if reason != "hardship" else Decimal("800.00"),
            delivered_on=min(today(), campaign.starts_on + timedelta(days=n % 20)),
        )  # fmt: skip
    return 1
