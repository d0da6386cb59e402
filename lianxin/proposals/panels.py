"""What the ledger's pages show of proposals, registered into `cases.hooks` by ProposalsConfig."""

from typing import Any

from django.http import HttpRequest

from lianxin.cases.hooks import CasePanel
from lianxin.cases.models import Case
from lianxin.proposals.selectors import (
    can_convert_case,
    due_soon_resolutions,
    overdue_resolutions,
    proposals_of_case,
    resolution_counts,
)

PANEL_ROWS = 10


def case_proposals(request: HttpRequest, case: Case | None) -> dict[str, Any] | None:
    """On a case page: the proposal made from (or registered as) this case, or the button."""
    if case is None:
        return None
    return {
        "proposals": list(proposals_of_case(user=request.user, case=case)),
        "can_convert": can_convert_case(request.user, case),
    }


def due_resolutions(request: HttpRequest, case: Case | None) -> dict[str, Any] | None:
    """Above the ledger: open meeting resolutions overdue or due within three days."""
    user = request.user
    return {
        "counts": resolution_counts(user),
        "overdue": list(overdue_resolutions(user)[:PANEL_ROWS]),
        "due_soon": list(due_soon_resolutions(user)[:PANEL_ROWS]),
    }


PANELS = [
    CasePanel(slot="case_side", template="proposals/_case_proposals.html", context=case_proposals),
    CasePanel(
        slot="ledger_top", template="proposals/_resolutions_panel.html", context=due_resolutions
    ),
]
