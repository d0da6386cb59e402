"""Every read of contests and the challenge board, scoped to the user; the pages and the API use these."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.audit.models import Event
from lianxin.contests import standings
from lianxin.contests.models import (
    Challenge,
    Claim,
    Contest,
    Entry,
    EntryAttachment,
    Participant,
    Score,
    Stage,
    Standing,
    Track,
)
from lianxin.contests.permissions import (
    can_see_contest,
    can_see_entry_files,
    entries_to_judge,
    visible_contests,
)
from lianxin.contests.states import ChallengeStatus, EntryStatus, StageStatus
from lianxin.core import clock
from lianxin.core.errors import NotFound

AnyUser = User | AnonymousUser


def contest_list(*, user: AnyUser) -> QuerySet[Contest]:
    return (
        visible_contests(user)
        .select_related("owner_org")
        .annotate(
            entry_count=Count("entries", distinct=True),
            participant_count=Count("participants", distinct=True),
        )
    )


def contest_detail(*, user: AnyUser, contest_id: int) -> Contest:
    """A contest the user may see, with its tracks, stages, criteria and screening ladder."""
    contest = (
        Contest.objects.select_related("owner_org")
        .prefetch_related("tracks", "stages", "criteria", "screening_levels")
        .filter(pk=contest_id)
        .first()
    )
    if contest is None or not can_see_contest(user, contest):
        raise NotFound(_("No such contest."), code="contest.not_found")
    return contest


@dataclass(frozen=True)
class StandingRow:
    rank: int
    participant_id: int
    participant: str
    enterprise: str
    points: Decimal
    entries: int
    final_score: Decimal | None
    total: Decimal | None
    is_finalist: bool
    movement: int


def standing_rows(*, contest: Contest, limit: int | None = None) -> list[StandingRow]:
    """The ranked standings from the top: one query down the rank index, numbered as read."""
    rows = standings.ordered(contest.pk).values(
        "participant_id", "participant__name", "participant__enterprise__name",
        "participant__enterprise__short_name", "entries", "is_finalist", "rank_day_start",
        *standings.RANK_KEY,
    )  # fmt: skip
    if limit:
        rows = rows[:limit]
    # Movement counts only if the day-start ranks are today's; otherwise nothing moved since.
    taken_on = contest.ranks_taken_on if contest.ranks_taken_on == standings.today() else None
    return [
        StandingRow(
            rank=rank,
            participant_id=r["participant_id"],
            participant=r["participant__name"],
            enterprise=r["participant__enterprise__short_name"]
            or r["participant__enterprise__name"],
            points=r["points"],
            entries=r["entries"],
            final_score=r["final_score"],
            total=r["total"],
            is_finalist=r["is_finalist"],
            movement=standings.movement(
                rank=rank, rank_day_start=r["rank_day_start"], taken_on=taken_on
            ),
        )
        for rank, r in standings.numbered(rows)
    ]


def participant_trail(*, user: AnyUser, participant_id: int) -> tuple[Participant, list[Entry]]:
    """创作轨迹: every entry of a participant over the year with its score and screening record.

    Individual judges' marks show only once the entry's stage has closed.
    """
    participant = (
        Participant.objects.select_related("contest", "enterprise")
        .prefetch_related("members__enterprise")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or not can_see_contest(user, participant.contest):
        raise NotFound(_("No such participant."), code="contest.not_found")
    closed_scores = Score.objects.filter(entry__stage__status=StageStatus.CLOSED).order_by("pk")
    entries: list[Entry] = list(
        participant.entries.exclude(status=EntryStatus.WITHDRAWN)
        .select_related("track", "stage")
        .prefetch_related(
            Prefetch("scores", queryset=closed_scores, to_attr="revealed_scores"),
            "screenings__level",
        )
        .order_by("submitted_at")
    )
    return participant, entries


def my_participants(*, user: AnyUser, contest: Contest) -> QuerySet[Participant]:
    if not user.is_authenticated:
        return Participant.objects.none()
    return Participant.objects.filter(contest=contest, user=user)


def judging_queue(*, user: AnyUser, contest: Contest) -> list[Entry]:
    """The entries a judge may score, each with `my_score` (their own marks or None)."""
    entries: list[Entry] = list(
        entries_to_judge(user, contest)
        .select_related("track", "stage", "participant")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.filter(judge_id=user.pk), to_attr="mine")
        )
        .order_by("status", "submitted_at")
    )
    for e in entries:
        e.my_score = e.mine[0] if e.mine else None  # type: ignore[attr-defined]
    return entries


def judge_entry(*, user: AnyUser, contest: Contest, entry_id: int) -> Entry:
    """One entry for a judge: outside their queue (another track, their own enterprise) it is missing."""
    entry = (
        entries_to_judge(user, contest)
        .select_related("track", "stage", "participant")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFound(_("No such entry."), code="contest.not_found")
    return entry


def revealed_scores(*, user: AnyUser, entry: Entry) -> list[Score]:
    """A judge sees their own marks; the others' only once the stage has closed."""
    scores = entry.scores.select_related("judge").order_by("pk")
    if entry.stage.status == StageStatus.CLOSED:
        return list(scores)
    return list(scores.filter(judge_id=user.pk))


def stage_accepting(stage: Stage) -> bool:
    now = clock.now()
    return stage.status == StageStatus.OPEN and stage.opens_at <= now < stage.closes_at


# ---- challenge board ----------------------------------------------------------------------------


BOARD_COLUMNS = [ChallengeStatus.OPEN, ChallengeStatus.CLAIMED, ChallengeStatus.SOLVED]


def challenge_board() -> dict[str, list[Challenge]]:
    """The board is public: open, claimed and solved problems, each with its claims counted."""
    rows = (
        Challenge.objects.filter(status__in=BOARD_COLUMNS)
        .select_related("org")
        .annotate(
            claim_count=Count("claims"),
            working=Count("claims", filter=Q(claims__status__in=["accepted", "delivered"])),
        )
        .order_by("deadline", "pk")
    )
    board: dict[str, list[Challenge]] = {s.value: [] for s in BOARD_COLUMNS}
    for c in rows:
        board[c.status].append(c)
    return board


def challenge_detail(*, challenge_id: int) -> Challenge:
    challenge = (
        Challenge.objects.select_related("org", "posted_by")
        .prefetch_related(
            Prefetch(
                "claims",
                queryset=Claim.objects.select_related("enterprise").prefetch_related("reports"),
            )
        )
        .filter(pk=challenge_id)
        .first()
    )
    if challenge is None:
        raise NotFound(_("No such challenge."), code="challenge.not_found")
    return challenge


def challenge_timeline(*, challenge: Challenge) -> QuerySet[Event]:
    return Event.objects.filter(target_type="contests.challenge", target_id=challenge.pk).order_by(
        "seq"
    )


def standing_of(*, participant: Participant) -> Standing | None:
    return Standing.objects.filter(participant=participant).first()


def entry_attachment(*, user: AnyUser, entry_id: int, attachment_id: int) -> EntryAttachment:
    """A file of an entry, for those who may see it; to anyone else it does not exist."""
    row = (
        EntryAttachment.objects.select_related("entry__participant__enterprise", "entry__contest")
        .filter(pk=attachment_id, entry_id=entry_id)
        .first()
    )
    if row is None or not can_see_entry_files(user, row.entry):
        raise NotFound(_("No such file."), code="contest.not_found")
    return row


def rank_of(*, participant: Participant) -> int | None:
    return standings.rank_of(participant.contest_id, participant.pk)


def tracks_with_counts(*, contest: Contest) -> QuerySet:
    """The contest's tracks, each with its entries submitted and judges on the panel."""
    return contest.tracks.annotate(
        entry_count=Count("entries", distinct=True), judge_count=Count("judges", distinct=True)
    )


def track_entries(*, track: Track) -> QuerySet[Entry]:
    """A track's entries in the public view: title, participant, stage, status and score."""
    return (
        track.entries.exclude(status=EntryStatus.WITHDRAWN)
        .select_related("participant", "stage")
        .order_by("-score", "submitted_at")
    )
