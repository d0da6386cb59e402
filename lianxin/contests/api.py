"""REST endpoints of the contests app, mounted on the project's API at /api/contests/."""

from decimal import Decimal

from ninja import Path, Router, Schema

from lianxin.api.auth import TokenAuth
from lianxin.contests.selectors import contest_detail, standing_rows
from lianxin.core.api import ERRORS

router = Router(tags=["contests"])


class StandingOut(Schema):
    rank: int
    participant: str
    points: Decimal
    entries: int
    final_score: Decimal | None
    total: Decimal | None


# Standings of a public contest are public (the wall screen shows them to anyone): no auth needed.
# A contest that is not public answers 404 to whoever cannot see its organising org; a caller of one
# may still prove who they are with a token or the browser's session.
@router.get(
    "/{contest_id}/standings",
    response={200: list[StandingOut], **ERRORS},
    auth=None,
    operation_id="contest_standings",
)
def standings(request, contest_id: int = Path(..., ge=1, le=2**31 - 1)):
    """The ranked standings: rank, participant, points, number of scored entries, final score and
    total (once the final is scored). Ties share a rank. 404: no such contest, or not public."""
    if request.headers.get("Authorization"):
        TokenAuth()(request)  # sets request.user; a wrong token is refused (401)
    contest = contest_detail(user=request.user, contest_id=contest_id)
    return [
        StandingOut(
            rank=r.rank,
            participant=r.participant,
            points=r.points,
            entries=r.entries,
            final_score=r.final_score,
            total=r.total,
        )
        for r in standing_rows(contest=contest)
    ]
