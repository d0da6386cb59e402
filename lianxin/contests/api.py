"""REST endpoints of the contests app, mounted on the project's API at /api/contests/."""

from decimal import Decimal

from ninja import Router, Schema

from lianxin.contests.selectors import contest_detail, standing_rows

router = Router(tags=["contests"])


class StandingOut(Schema):
    rank: int
    participant: str
    points: Decimal
    entries: int
    final_score: Decimal | None
    total: Decimal | None


# Standings are public for a public contest (the wall screen shows them to anyone); a contest that is
# not public answers 404 to whoever cannot see its organising org, signed in or not.
@router.get("/{contest_id}/standings", response=list[StandingOut], auth=None)
def standings(request, contest_id: int):
    """The ranked standings: rank, participant, points, number of scored entries, final score, total."""
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
