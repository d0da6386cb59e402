"""An accident case of the ledger opens a mutual-aid claim for its worker, in one action.

Only a named worker's case of the `accident` category (never an anonymous one); the worker's person
is the one whose account raised the case (`Person.user == Case.worker_user`), or the one with the ID
number staff enter. The person must be enrolled in the chosen plan; the claim's kind is the case's
claim type, and a case opens at most one claim.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.cases.models import Case
from lianxin.cases.permissions import visible_cases
from lianxin.core import idcard
from lianxin.core.errors import NotFound, require
from lianxin.members.crypto import id_hash
from lianxin.members.models import Person
from lianxin.members.services.people import survivor, today
from lianxin.welfare.models.mutual_aid import Claim, Enrolment
from lianxin.welfare.services.mutual_aid import Conflict, plan_for, report_claim
from lianxin.welfare.states.mutual_aid import ClaimKind

ACCIDENT = "accident"


def is_claimable(case: Case) -> bool:
    """A named worker's accident case: the only kind that opens a claim."""
    return case.category.key == ACCIDENT and not case.is_anonymous


def worker_person(case: Case, id_number: str = "") -> Person | None:
    """The worker's person: by the account that raised the case, else by the ID number given."""
    if case.worker_user_id is not None:
        found = Person.objects.filter(user_id=case.worker_user_id).first()
        if found is not None:
            return survivor(found)
    number = idcard.normalise_id_number(id_number or "")
    if not number or idcard.id_number_problem(number) is not None:
        return None
    found = Person.objects.filter(id_hash=id_hash(number)).first()
    return survivor(found) if found is not None else None


@transaction.atomic
def open_claim_for_case(*, actor: User, case_id: int, plan_id: int, id_number: str = "") -> Claim:
    """开启互助理赔: the case's worker's claim in the chosen plan, of the case's claim type."""
    case = visible_cases(actor).select_related("category").filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No such case."), code="case.not_found")
    require(
        is_claimable(case),
        _("Only a named worker's accident case opens a mutual-aid claim."),
        code="welfare.case_not_claimable",
    )
    require(
        case.claim_type in ClaimKind.values,
        _("Set the case's claim type first."),
        code="welfare.case_claim_type_missing",
    )
    if Claim.objects.filter(case=case).exists():
        raise Conflict(_("This case already has a claim."), code="welfare.case_has_claim")
    plan = plan_for(actor, plan_id)
    person = worker_person(case, id_number)
    enrolment = Enrolment.objects.filter(plan=plan, person=person).first() if person else None
    if enrolment is None:
        raise NotFound(
            _("The worker is not enrolled in this plan (check the ID number)."),
            code="welfare.not_enrolled",
        )
    return report_claim(
        actor=actor, enrolment_id=enrolment.pk, kind=case.claim_type,
        incident_on=min(timezone.localdate(case.registered_at), today()), case_id=case.pk,
    )  # fmt: skip
