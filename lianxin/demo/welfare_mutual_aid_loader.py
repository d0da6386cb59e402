"""The mutual-aid demo: 焦作市外卖行业工会联合会 (JZ-WM) runs a rider accident plan, paid by the union
(50 yuan a head, as Qinhuangdao's 27,000 yuan for 540), its riders and couriers enrolled, and claims in
every state — among them a small self-fall settled within 24 hours (Panjin's practice).

Everything goes through the welfare services (the enrolment in bulk); idempotent: a second run adds
nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from lianxin.members.models import Person
from lianxin.members.services.people import today
from lianxin.members.states import GIG_FORMS, State
from lianxin.orgs.models import Org
from lianxin.welfare.models.mutual_aid import Claim, Enrolment, Plan
from lianxin.welfare.services import mutual_aid as aid
from lianxin.welfare.services.mutual_aid_roster import enrol_persons
from lianxin.welfare.states.mutual_aid import Basis, ClaimKind

PLAN_NAME = "新就业形态意外伤害互助"
D = Decimal
RULES = [
    aid.RuleIn(ClaimKind.SELF_FALL, Basis.FIXED, amount=D("600"), cap_per_year=D("1200")),
    aid.RuleIn(ClaimKind.THIRD_PARTY, Basis.PERCENT, percent=D("60"), cap_per_claim=D("15000"),
               cap_per_year=D("20000"), waiting_days=30),
    aid.RuleIn(ClaimKind.SEVERE, Basis.PERCENT, percent=D("80"), cap_per_claim=D("50000"),
               waiting_days=30),
]  # fmt: skip


def load_mutual_aid_demo() -> int:
    """Persons enrolled (0 when already loaded or when the riders are not there)."""
    union = Org.objects.filter(code="JZ-WM").first()
    if union is None or Plan.objects.filter(org=union, name=PLAN_NAME).exists():
        return 0
    admin = User.objects.get(username="admin")
    starts = today() - timedelta(days=180)
    plan = aid.create_plan(
        actor=admin, org=union, name=PLAN_NAME, starts_on=starts,
        ends_on=starts + timedelta(days=364), contribution=D("50.00"), payer="union", rules=RULES,
    )  # fmt: skip
    riders = Person.objects.filter(
        employment_form__in=sorted(GIG_FORMS),
        memberships__org=union, memberships__state=State.ACTIVE,
    ).distinct().order_by("pk")  # fmt: skip
    added = enrol_persons(actor=admin, plan_id=plan.pk, persons=list(riders), enrolled_on=starts)
    _claims(admin, plan)
    return added


def _claims(admin: User, plan: Plan) -> None:
    """One claim or more in every state of the workflow."""
    people = list(Enrolment.objects.filter(plan=plan).order_by("pk")[:7])
    if len(people) < 7:
        return
    ids = iter(e.pk for e in people)

    def report(kind: str, days_ago: int) -> int:
        claim = aid.report_claim(actor=admin, enrolment_id=next(ids), kind=kind,
                                 incident_on=today() - timedelta(days=days_ago))  # fmt: skip
        return claim.pk

    def through(claim_id: int, loss: str, steps: int, grade: int | None = None) -> None:
        if steps >= 1:
            aid.complete_documents(actor=admin, claim_id=claim_id)
        if steps >= 2:
            aid.assess_claim(actor=admin, claim_id=claim_id, loss=D(loss), disability_grade=grade)
        claim = Claim.objects.get(pk=claim_id)
        if steps >= 3:
            aid.approve_claim(actor=admin, claim_id=claim_id, amount=aid.claim_payout(claim).amount)
        if steps >= 4:
            claim.refresh_from_db()
            aid.pay_claim(actor=admin, claim_id=claim_id, amount=claim.payout or D(0))

    through(report(ClaimKind.SELF_FALL, 1), "850", 4)  # 小额自摔: settled within the 24 hours
    report(ClaimKind.SELF_FALL, 0)  # just reported, on its 24-hour clock
    through(report(ClaimKind.THIRD_PARTY, 12), "0", 1)  # documents complete
    through(report(ClaimKind.THIRD_PARTY, 20), "12000", 2)  # assessed: 60 % = 7,200
    through(report(ClaimKind.SEVERE, 40), "40000", 3, grade=9)  # approved, full agency
    through(report(ClaimKind.THIRD_PARTY, 25), "30000", 4)  # paid, capped at 15,000
    rejected = report(ClaimKind.THIRD_PARTY, 9)
    aid.reject_claim(actor=admin, claim_id=rejected, reason="事故发生在非配送时段，不属于保障范围")
