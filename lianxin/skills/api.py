"""The skills API, mounted at /api/skills: a person's 学分银行 account.

The person themself, or a union that may see them in the member registry, reads the account; anyone
else gets 404, exactly as for a person that does not exist (lianxin.rest renders the DomainError).
"""

from ninja import Query, Router

from lianxin.core.api import ERRORS, ApiRequest, paginate
from lianxin.skills.schemas import CreditsOut, CreditsQuery
from lianxin.skills.selectors import account

router = Router(tags=["skills"])


@router.get("/credits", response={200: CreditsOut, **ERRORS}, operation_id="skill_credits")
def credits(request: ApiRequest, query: Query[CreditsQuery]):
    """学分银行: the balance and the credit lines of one person (404 outside your scope)."""
    found = account(request.auth, query.person)
    page = paginate(request, found.lines, page=query.page, page_size=query.page_size)
    return {**page, "person_id": found.person.pk, "balance": found.balance}
