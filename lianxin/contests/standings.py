"""The standings: one running row per participant, kept in the scoring transaction, ranked by the DB.

A participant's points are the sum of their scored entries in the seeding and points stages. The order:
the total (once the final is scored) or else the points, highest first; ties go to the higher final
score, then to the earlier first submission. Equal on all of these, participants share a rank.
A read takes the first rows in that order (the rank index) and numbers them as it goes (`numbered`):
ranking every row with a window function on each read cost more than the whole score did.
Movement is the rank at the start of today (Beijing) minus the rank now: the ranks are taken once a day,
just before the day's first score changes them.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import F, QuerySet, Value
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, Least, Rank

from lianxin.contests import scoring
from lianxin.contests.models import Contest, Entry, PointsScaling, Standing
from lianxin.contests.states import POINTS_STAGES, StageKind
from lianxin.core import clock

BEIJING = ZoneInfo("Asia/Shanghai")

RANK_ORDER = [
    F("total").desc(nulls_last=True),
    F("final_score").desc(nulls_last=True),
    F("points").desc(),
    F("first_submitted_at").asc(nulls_last=True),
]


def today() -> date:
    return clock.now().astimezone(BEIJING).date()


RANK_KEY = ("total", "final_score", "points", "first_submitted_at")  # equal on these: a shared rank


def ordered(contest_id: int) -> QuerySet[Standing]:
    """Every standing of the contest in rank order."""
    return Standing.objects.filter(contest_id=contest_id).order_by(*RANK_ORDER, "pk")


def numbered(rows: Iterable[dict[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows read from the top of `ordered`, with their competition ranks (1, 2, 2, 4): the numbers
    SQL's RANK() over RANK_ORDER gives (`ranked`)."""
    previous: tuple | None = None
    rank = 0
    for position, row in enumerate(rows, start=1):
        key = tuple(row[name] for name in RANK_KEY)
        if key != previous:
            rank, previous = position, key
        yield rank, row


def ranked(contest_id: int) -> QuerySet[Standing]:
    """Every standing with its `rank` from the database, in rank order: for the daily snapshot,
    which ranks every row in one UPDATE."""
    return ordered(contest_id).annotate(rank=Window(Rank(), order_by=RANK_ORDER))


def movement(*, rank: int, rank_day_start: int | None, taken_on: date | None) -> int:
    """Places gained (positive) or lost since the start of today; `taken_on` is the day the
    day-start ranks were taken, or None when that is not today (then nothing moved since)."""
    if taken_on is None or rank_day_start is None:
        return 0
    return rank_day_start - rank


def take_day_start_ranks(contest: Contest) -> None:
    """Once a day, before the first change: remember every participant's rank (movement's base)."""
    day = today()
    if contest.ranks_taken_on == day:
        return  # taken already today (the contest row came with the locked entry)
    if (
        not Contest.objects.filter(pk=contest.pk)
        .exclude(ranks_taken_on=day)
        .update(ranks_taken_on=day)
    ):
        return
    contest.ranks_taken_on = day
    # One statement for every row: UPDATE … FROM the ranked rows (SQLite ≥ 3.33 and PostgreSQL).
    inner, params = ranked(contest.pk).values("id", "rank").query.sql_with_params()  # type: ignore[misc]
    table = Standing._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET rank_day_start = r."rank" FROM ({inner}) AS r '
            f"WHERE {table}.id = r.id",
            params,
        )


def locked_standing(entry: Entry) -> Standing:
    row = Standing.objects.select_for_update().filter(participant_id=entry.participant_id).first()
    if row is None:
        row = Standing.objects.create(
            contest_id=entry.contest_id, participant_id=entry.participant_id
        )
    return row


def apply_score_change(
    contest: Contest, entry: Entry, *, before: Decimal | None, after: Decimal | None
) -> None:
    """Carry an entry's new score into its participant's row (inside the scoring transaction)."""
    if before == after:
        return
    points = (after or Decimal(0)) - (before or Decimal(0))
    counted = (after is not None) - (before is not None)
    if entry.stage.kind in POINTS_STAGES and _add_points(entry, points, counted):
        return
    row = locked_standing(entry)
    fields: list[str] = []
    if entry.stage.kind in POINTS_STAGES:
        row.points += points
        row.entries += counted
        if row.first_submitted_at is None or entry.submitted_at < row.first_submitted_at:
            row.first_submitted_at = entry.submitted_at
        fields += ["points", "entries", "first_submitted_at"]
    elif entry.stage.kind == StageKind.FINAL:
        row.final_score = after
        fields.append("final_score")
    row.total = total_of(contest, row)
    row.save(update_fields=[*fields, "total"])


def _add_points(entry: Entry, points: Decimal, counted: int) -> bool:
    """The common case in one UPDATE: points for a row without a total (no final score yet), whose
    total stays empty therefore. False when there is no such row: then it is read, locked, saved."""
    at = Value(entry.submitted_at)
    return bool(
        Standing.objects.filter(participant_id=entry.participant_id, total__isnull=True).update(
            points=F("points") + points,
            entries=F("entries") + counted,
            first_submitted_at=Least(Coalesce("first_submitted_at", at), at),
        )
    )


def total_of(contest: Contest, row: Standing) -> Decimal | None:
    if not row.is_finalist or row.final_score is None:
        return None
    return scoring.total(
        points=row.points,
        final_score=row.final_score,
        top=contest.top_finalist_points,
        scale_to=contest.scale_to,
        relative=contest.points_scaling == PointsScaling.TOP_FINALIST,
        points_weight=contest.points_weight,
        final_weight=contest.final_weight,
    )


def rank_of(contest_id: int, participant_id: int) -> int | None:
    for rank, row in numbered(ordered(contest_id).values("participant_id", *RANK_KEY)):
        if row["participant_id"] == participant_id:
            return rank
    return None
