"""The skills demo: skill certificates of 天香面业's members, and credit accounts fed by the demo's
adopted proposals (and by contest results, once a contest's last stage closes, through the hook).

Every credit goes through skills' own services: a certificate through `record_certificate` (which
credits it through the achievement hook), an adopted proposal through `credit_achievement` with the
very source the proposals app reports. The proposals demo loads before the members demo, so its
adoptions found no person to credit then: they are credited here, deterministically. Idempotent: a
second run adds nothing (a certificate is recorded once per number, a source credited once).
"""

import importlib
from datetime import date

from django.apps import apps
from django.contrib.auth.models import User
from django.utils import timezone

from lianxin.members.hooks import Achievement
from lianxin.members.models import Membership, Person
from lianxin.members.states import State
from lianxin.proposals.models import Proposal
from lianxin.proposals.states import ADOPTED_STATES
from lianxin.skills.models import Certificate, CreditRule
from lianxin.skills.services import credit_achievement, record_certificate

ENTERPRISE = "JZ-SY-YH-01"  # 天香面业
ISSUER = "焦作市职业技能鉴定指导中心"
TRADES = ["电工", "焊工", "钳工", "叉车司机", "食品检验员", "维修电工"]
LEVELS = ["primary", "intermediate", "senior", "intermediate", "technician", "senior_technician"]
CERTIFICATES = 12


def _ensure_rules() -> None:
    """The default rules (a flushed database has lost what the data migration seeded)."""
    if not CreditRule.objects.exists():
        seeded = importlib.import_module("lianxin.skills.migrations.0002_default_credit_rules")
        seeded.add_rules(apps, None)


def _certificates(admin: User) -> int:
    members = Membership.objects.filter(org__code=ENTERPRISE, state=State.ACTIVE).order_by("pk")
    added = 0
    for i, person_id in enumerate(members.values_list("person_id", flat=True)[:CERTIFICATES]):
        number = f"JZJD-{2019 + i % 6}-{1001 + i:05d}"
        if Certificate.objects.filter(issuer=ISSUER, number=number).exists():
            continue
        record_certificate(
            actor=admin, person_id=person_id, trade=TRADES[i % len(TRADES)],
            level=LEVELS[i % len(LEVELS)], issuer=ISSUER,
            issued_on=date(2019 + i % 6, 1 + i % 12, 10), number=number,
        )  # fmt: skip
        added += 1
    return added


def _adopted_proposals() -> int:
    """Credit every adopted proposal's proposers who have a person record now (as adoption does)."""
    credited = 0
    adopted = Proposal.objects.filter(status__in=ADOPTED_STATES).order_by("pk")
    for proposal in adopted.prefetch_related("proposers"):
        users = [p.user_id for p in proposal.proposers.all() if p.user_id]
        persons = Person.objects.filter(user_id__in=users, erased_at__isnull=True).order_by("pk")
        on = timezone.localdate(proposal.decided_at) if proposal.decided_at else date.today()
        for person_id in persons.values_list("pk", flat=True):
            line = credit_achievement(Achievement(
                person_id=person_id, kind="proposal_adopted", on=on,
                source=f"proposals.proposal:{proposal.pk}:{person_id}",
                detail={"title": proposal.title},
            ))  # fmt: skip
            credited += line is not None
    return credited


def load_skills_demo() -> tuple[int, int]:
    """(certificates recorded, proposal credits added); (0, 0) when already loaded."""
    _ensure_rules()
    admin = User.objects.get(username="admin")
    return _certificates(admin), _adopted_proposals()
