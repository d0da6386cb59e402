"""Setting a contest up: tracks, criteria, stages, screening levels and judges; opening and closing stages."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, When
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.contests import standings
from lianxin.contests.models import (
    Contest,
    Criterion,
    Entry,
    Judge,
    ParticipantKind,
    ScreeningLevel,
    Stage,
    Track,
)
from lianxin.contests.permissions import (
    can_manage_contest,
    can_see_contest,
)
from lianxin.contests.states import (
    STAGE_FLOW,
    Action,
    StageKind,
    StageStatus,
)
from lianxin.core.errors import NotFound, PermissionDenied, require
from lianxin.members.hooks import Achievement, report_achievement
from lianxin.members.models import Person
from lianxin.orgs.models import Org

A = Action


def _may(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("You may not do this."), code="contest.permission_denied")


# ---- setting a contest up -----------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    max_score: Decimal
    weight: Decimal = Decimal(1)
    min_score: Decimal = Decimal(0)


@dataclass(frozen=True)
class StageSpec:
    kind: str
    opens_at: datetime
    closes_at: datetime


@transaction.atomic
def create_contest(
    *,
    actor: User | None,
    owner_org: Org,
    title: str,
    starts_on: date,
    ends_on: date,
    tracks: Sequence[str],
    criteria: Sequence[CriterionSpec],
    stages: Sequence[StageSpec],
    screening: Sequence[tuple[str, str]] = (),
    description: str = "",
    **options: object,
) -> Contest:
    """A contest with its tracks, criteria, stages and screening ladder, set up by its organiser."""
    contest = Contest(owner_org=owner_org, title=title.strip(), description=description)
    contest.starts_on, contest.ends_on = starts_on, ends_on
    for name, value in options.items():
        require(
            hasattr(contest, name), _("Unknown contest setting."), code="contest.setting_unknown"
        )
        setattr(contest, name, value)
    _may(actor is None or can_manage_contest(actor, contest))
    _check_setup(contest, tracks, criteria, stages)
    contest.save(force_insert=True)
    _create_parts(contest, tracks, criteria, stages, screening)
    record_event(target=contest, actor=actor, kind="created", visibility=Visibility.PUBLIC)
    return contest


def _check_setup(
    contest: Contest,
    tracks: Sequence[str],
    criteria: Sequence[CriterionSpec],
    stages: Sequence[StageSpec],
) -> None:
    require(
        contest.title and tracks and criteria and stages,
        _("A contest needs a title, tracks, criteria and stages."),
        code="contest.setup_incomplete",
    )
    require(
        contest.starts_on <= contest.ends_on,
        _("A contest cannot end before it starts."),
        code="contest.dates_reversed",
    )
    require(
        all(s.opens_at < s.closes_at for s in stages),
        _("A stage must close after it opens."),
        code="contest.stage_dates_reversed",
    )
    require(
        all(c.min_score < c.max_score for c in criteria),
        _("A criterion's range is empty."),
        code="contest.criterion_range_empty",
    )


def _create_parts(
    contest: Contest,
    tracks: Sequence[str],
    criteria: Sequence[CriterionSpec],
    stages: Sequence[StageSpec],
    screening: Sequence[tuple[str, str]],
) -> None:
    """The contest's tracks, criteria, stages and screening ladder, in the order given."""
    Track.objects.bulk_create(
        Track(contest=contest, name=n, sort_order=i) for i, n in enumerate(tracks)
    )
    Criterion.objects.bulk_create(
        Criterion(
            contest=contest,
            name=c.name,
            weight=c.weight,
            min_score=c.min_score,
            max_score=c.max_score,
            sort_order=i,
        )
        for i, c in enumerate(criteria)
    )
    Stage.objects.bulk_create(
        Stage(contest=contest, kind=s.kind, opens_at=s.opens_at, closes_at=s.closes_at)
        for s in stages
    )
    ScreeningLevel.objects.bulk_create(
        ScreeningLevel(contest=contest, order=i, name=n, screener=k)
        for i, (n, k) in enumerate(screening, start=1)
    )


def _locked_contest(contest_id: int, actor: User | None) -> Contest:
    contest = Contest.objects.select_for_update().filter(pk=contest_id).first()
    if contest is None or (actor is not None and not can_see_contest(actor, contest)):
        raise NotFound(_("No such contest."), code="contest.not_found")
    return contest


@transaction.atomic
def add_judge(
    *, actor: User | None, track_id: int, user: User, enterprise: Org | None = None
) -> Judge:
    """Seat an expert on a track's panel, with the enterprise they work for."""
    track = Track.objects.filter(pk=track_id).first()
    if track is None:
        raise NotFound(_("No such track."), code="contest.not_found")
    contest = _locked_contest(track.contest_id, actor)
    _may(actor is None or can_manage_contest(actor, contest))
    require(
        not Judge.objects.filter(track=track, user=user).exists(),
        _("Already a judge of this track."),
        code="contest.judge_exists",
    )
    judge = Judge.objects.create(track=track, user=user, enterprise=enterprise)
    record_event(
        target=contest,
        actor=actor,
        kind="judge_added",
        data={"track": track.name, "judge": user.get_username()},
    )
    return judge


def _stage_move(*, stage_id: int, actor: User | None, action: Action, kind: str) -> Stage:
    stage = Stage.objects.select_for_update().select_related("contest").filter(pk=stage_id).first()
    if stage is None or (actor is not None and not can_see_contest(actor, stage.contest)):
        raise NotFound(_("No such stage."), code="contest.not_found")
    return run_move(
        stage, workflow=STAGE_FLOW, action=action, kind=kind, actor=actor,
        may=lambda: _may(actor is None or can_manage_contest(actor, stage.contest)),
        visibility=Visibility.PUBLIC,
    )  # fmt: skip


@transaction.atomic
def open_stage(*, stage_id: int, actor: User | None) -> Stage:
    """Open a stage: submissions are taken from its opening to its closing time."""
    return _stage_move(stage_id=stage_id, actor=actor, action=A.OPEN_STAGE, kind="stage_opened")


@transaction.atomic
def close_stage(*, stage_id: int, actor: User | None) -> Stage:
    """Close a stage: its scores become final and visible to every judge. Closing the contest's last
    open stage makes the standings final: each worker's result is reported (members.hooks)."""
    stage = _stage_move(stage_id=stage_id, actor=actor, action=A.CLOSE_STAGE, kind="stage_closed")
    if not stage.contest.stages.exclude(status=StageStatus.CLOSED).exists():
        _report_results(stage.contest, actor)
    return stage


def _report_results(contest: Contest, actor: User | None) -> None:
    """`contest_result` (rank) for every worker participant with a scored entry whose account has a
    person record; the entry named is the final's, else the participant's best (others: nothing)."""
    ranks = {
        row["participant_id"]: rank
        for rank, row in standings.numbered(
            standings.ordered(contest.pk).values("participant_id", *standings.RANK_KEY)
        )
    }
    workers = contest.participants.filter(kind=ParticipantKind.WORKER, user__isnull=False)
    persons = dict(
        Person.objects.filter(user_id__in=workers.values("user_id"), erased_at__isnull=True)
        .values_list("user_id", "pk")
    )  # fmt: skip
    scored = Entry.objects.filter(contest=contest, score__isnull=False)
    final_first = Case(When(stage__kind=StageKind.FINAL, then=0), default=1)
    best = scored.order_by("participant_id", final_first, "-score", "pk")
    entries: dict[int, int] = {}
    for participant_id, entry_id in best.values_list("participant_id", "pk"):
        entries.setdefault(participant_id, entry_id)
    on = standings.today()
    for p in workers.filter(pk__in=entries).order_by("pk"):
        person_id, rank = persons.get(p.user_id or 0), ranks.get(p.pk)
        if person_id is None or rank is None:
            continue
        report_achievement(Achievement(
            person_id=person_id, kind="contest_result", on=on,
            source=f"contests.entry:{entries[p.pk]}:{person_id}",
            detail={"rank": rank, "award": "", "contest": contest.title},
            actor_id=actor.pk if actor is not None else None,
        ))  # fmt: skip
