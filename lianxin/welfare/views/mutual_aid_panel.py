"""The case page's 互助理赔 panel, registered into `cases.hooks` by WelfareConfig.

On a named worker's accident case: the claim's state and a link once a claim exists (to those who may
see it), else, to staff who may open claims in a plan, the "开启互助理赔" form. Nothing otherwise.
"""

from typing import Any

from django.http import HttpRequest

from lianxin.cases.hooks import CasePanel
from lianxin.cases.models import Case
from lianxin.welfare.forms.mutual_aid import OpenClaimForm
from lianxin.welfare.models.mutual_aid import Claim
from lianxin.welfare.selectors.mutual_aid import actionable_plans, claim_of_case
from lianxin.welfare.services.mutual_aid_cases import is_claimable


def case_claim(request: HttpRequest, case: Case | None) -> dict[str, Any] | None:
    if case is None or not is_claimable(case):
        return None
    claim = claim_of_case(request.user, case)
    if claim is not None:
        return {"case": case, "claim": claim}
    if Claim.objects.filter(case=case).exists():
        return None  # a claim the user may not see: nothing about it
    plans = actionable_plans(request.user)
    if not plans.exists():
        return None
    return {"case": case, "claim": None, "form": OpenClaimForm(plans=plans)}


PANEL = CasePanel(slot="case_side", template="welfare/mutual_aid/_case_panel.html",
                  context=case_claim)  # fmt: skip
