"""What the skills app shows on a person's page in the member registry (members.hooks)."""

from typing import Any

from django.http import HttpRequest

from lianxin.members.hooks import PersonPanel
from lianxin.skills.permissions import may_record_for, may_see_account
from lianxin.skills.selectors import account_of, person_certificates

LINES_SHOWN = 20


def person_credits(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """学分银行: the balance, the latest lines and the certificates, for whoever may see the account."""
    if person is None or not may_see_account(request.user, person):
        return None
    account = account_of(person)
    lines = list(account.lines.select_related("rule")[: LINES_SHOWN + 1])
    return {
        "credit_person": person,
        "credit_balance": account.balance,
        "credit_lines": lines[:LINES_SHOWN],
        "credit_more": len(lines) > LINES_SHOWN,
        "credit_certificates": list(person_certificates(person)[:20]),
        "credit_may_record": may_record_for(request.user, person),
    }


PERSON_PANELS = [
    PersonPanel(slot="person_main", template="skills/_person_credits.html", context=person_credits)
]
