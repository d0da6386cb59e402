"""Every change in a contest and on the challenge board: one function per move, one transaction,
one journal event.

Each move locks its row, checks scope (outside it the object does not exist for the actor), the
actor's permission and the transition table, saves only what it changes and appends one event.
A refused move raises a DomainError before anything is written, so it changes nothing.
`actor=None` is the system itself (the demo loader); pages and the API pass the signed-in user.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.contests import scoring, standings
from lianxin.contests.models import (
    Contest,
    Criterion,
    Entry,
    EntryAttachment,
    Judge,
    Participant,
    Score,
    ScreeningDecision,
    ScreeningLevel,
    Stage,
    Standing,
    TeamMember,
    Track,
)
from lianxin.contests.permissions import (
    can_manage_contest,
    can_screen,
    can_see_contest,
    can_submit_for,
    judging_check,
)
from lianxin.contests.states import (
    ENTRY_FLOW,
    POINTS_STAGES,
    STAGE_FLOW,
    Action,
    EntryStatus,
    StageKind,
    StageStatus,
)
from lianxin.core import clock
from lianxin.core.errors import DomainError, NotFound, PermissionDenied, require
from lianxin.core.uploads import MAX_UPLOAD_BYTES, sniff_content_type, stored_as
from lianxin.orgs.models import Org, OrgKind

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
    require(
        contest.title and tracks and criteria and stages,
        _("A contest needs a title, tracks, criteria and stages."),
        code="contest.setup_incomplete",
    )
    require(
        starts_on <= ends_on,
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
    contest.save(force_insert=True)
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
    record_event(target=contest, actor=actor, kind="created", visibility=Visibility.PUBLIC)
    return contest


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
    """Close a stage: its scores become final and visible to every judge."""
    return _stage_move(stage_id=stage_id, actor=actor, action=A.CLOSE_STAGE, kind="stage_closed")


# ---- participants and entries -------------------------------------------------------------------


@transaction.atomic
def register_participant(
    *,
    actor: User | None,
    contest_id: int,
    kind: str,
    name: str,
    enterprise: Org,
    members: Sequence[tuple[str, Org]] = (),
    user: User | None = None,
) -> Participant:
    """A worker or team enters the contest; the account registering it submits its entries."""
    contest = _locked_contest(contest_id, actor)
    account = user or actor
    if actor is not None and account != actor:
        _may(can_manage_contest(actor, contest))
    require(
        account is not None or user is None,
        _("A participant needs an account."),
        code="contest.participant_account_missing",
    )
    require(
        name.strip(), _("Give the participant's name."), code="contest.participant_name_missing"
    )
    require(
        enterprise.kind in (OrgKind.ENTERPRISE, OrgKind.TEAM),
        _("Choose the enterprise."),
        code="contest.enterprise_missing",
    )
    taken = Participant.objects.filter(contest=contest, name=name.strip()).exists() or (
        account is not None and Participant.objects.filter(contest=contest, user=account).exists()
    )
    require(not taken, _("Already registered in this contest."), "contest.already_registered")
    participant = Participant.objects.create(
        contest=contest, kind=kind, name=name.strip(), enterprise=enterprise, user=account
    )
    TeamMember.objects.bulk_create(
        TeamMember(participant=participant, name=n, enterprise=e) for n, e in members
    )
    record_event(target=participant, actor=actor, kind="registered", visibility=Visibility.PUBLIC)
    return participant


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ensure_accepting(stage: Stage) -> None:
    """Submissions only while the stage is open and its closing time has not passed."""
    now = clock.now()
    if stage.status == StageStatus.OPEN and stage.opens_at <= now < stage.closes_at:
        return
    if now >= stage.closes_at or stage.status == StageStatus.CLOSED:
        message = _("Submissions to the %(stage)s closed at %(time)s.")
    else:
        message = _("The %(stage)s opens for submissions at %(time)s.")
    moment = stage.closes_at if now >= stage.opens_at else stage.opens_at
    raise DomainError(
        message
        % {
            "stage": stage.get_kind_display(),
            "time": formats.date_format(moment.astimezone(standings.BEIJING), "Y-m-d H:i"),
        },
        code="contest.stage_not_accepting",
    )


@transaction.atomic
def submit_entry(
    *,
    actor: User,
    participant_id: int,
    track_id: int,
    stage_kind: str,
    title: str,
    description: str,
    completed_on: date,
    first_applied_on: date | None = None,
    benefit_claimed: Decimal | None = None,
    upload: UploadedFile | None = None,
) -> Entry:
    """An entry for a stage that is taking submissions; a seeding entry must have been applied for
    at least the contest's minimum years (two by default)."""
    participant = Participant.objects.select_for_update().filter(pk=participant_id).first()
    if participant is None or not can_see_contest(actor, participant.contest):
        raise NotFound(_("No such participant."), code="contest.not_found")
    contest = participant.contest
    _may(can_submit_for(actor, participant))
    track = Track.objects.filter(pk=track_id, contest=contest).first()
    stage = Stage.objects.filter(contest=contest, kind=stage_kind).first()
    require(
        track and stage,
        _("Choose a track and a stage of this contest."),
        code="contest.track_or_stage_unknown",
    )
    assert track is not None
    assert stage is not None
    _ensure_accepting(stage)
    require(
        title.strip() and description.strip(),
        _("An entry needs a title and a description."),
        code="contest.entry_text_missing",
    )
    require(
        completed_on <= standings.today(),
        _("The completion date lies in the future."),
        code="contest.completion_in_future",
    )
    if stage.kind == StageKind.SEEDING:
        enough = years_before(standings.today(), contest.min_seeding_years)
        require(
            first_applied_on is not None and first_applied_on <= enough,
            _(
                "A seeding entry must have been applied for at least %(years)s years (since %(day)s or earlier)."
            )
            % {"years": contest.min_seeding_years, "day": enough.isoformat()},
            "contest.seeding_too_recent",
        )
    if stage.kind == StageKind.FINAL:
        _may(Standing.objects.filter(participant=participant, is_finalist=True).exists())
    content_type = _check_upload(upload) if upload else ""
    levels = contest.screening_levels.count()
    qualified = stage.kind == StageKind.FINAL or levels == 0
    entry = Entry.objects.create(
        contest=contest,
        participant=participant,
        track=track,
        stage=stage,
        title=title.strip(),
        description=description,
        completed_on=completed_on,
        first_applied_on=first_applied_on,
        benefit_claimed=benefit_claimed,
        submitted_at=clock.now(),
        submitted_by=actor,
        status=EntryStatus.QUALIFIED if qualified else EntryStatus.SUBMITTED,
    )
    if upload:
        EntryAttachment.objects.create(
            entry=entry,
            file=stored_as(upload, content_type),
            name=(upload.name or "file")[:200],
            content_type=content_type,
        )
    record_event(
        target=entry,
        actor=actor,
        kind="submitted",
        visibility=Visibility.PUBLIC,
        state_after=entry.status,
        data={"stage": stage.kind, "track": track.name},
    )
    return entry


def _check_upload(upload: UploadedFile) -> str:
    content_type = sniff_content_type(upload)
    require(
        content_type,
        _("Only photos (JPEG, PNG, WebP) and PDF files can be attached."),
        code="upload.type_not_allowed",
    )
    require(
        upload.size and upload.size <= MAX_UPLOAD_BYTES,
        _("A file may be 10 MB at most."),
        code="upload.too_large",
    )
    return content_type or ""


def _locked_entry(entry_id: int, actor: User | None) -> Entry:
    # By primary key there is one row: no ORDER BY (the model's ordering) to compile on the scoring
    # path, where compiling the queries costs more than running them.
    found = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("contest", "stage", "participant__enterprise")
        .filter(pk=entry_id)
        .order_by()[:1]
    )
    entry = found[0] if found else None
    if entry is None or (actor is not None and not can_see_contest(actor, entry.contest)):
        raise NotFound(_("No such entry."), code="contest.not_found")
    return entry


def _ensure_stage_not_closed(stage: Stage) -> None:
    if stage.status == StageStatus.CLOSED:
        raise DomainError(
            _("The %(stage)s has closed: its entries and scores are final.")
            % {"stage": stage.get_kind_display()},
            code="contest.stage_closed",
        )


def _screen(*, entry_id: int, actor: User, reason: str, passed: bool) -> ScreeningDecision:
    entry = _locked_entry(entry_id, actor)
    action = A.PASS_SCREENING if passed else A.FAIL_SCREENING
    after = ENTRY_FLOW.ensure_transition(entry.status, action)
    _ensure_stage_not_closed(entry.stage)
    levels = list(entry.contest.screening_levels.all())
    level = levels[entry.levels_passed]
    _may(can_screen(actor, entry, level))
    require(reason.strip(), _("Say why."), code="contest.reason_required")
    decision = ScreeningDecision.objects.create(
        entry=entry,
        level=level,
        passed=passed,
        reason=reason.strip(),
        decided_by=actor,
        decided_at=clock.now(),
    )
    before = entry.status
    if passed:
        entry.levels_passed += 1
        after = EntryStatus.QUALIFIED if entry.levels_passed == len(levels) else after
    entry.status = after
    entry.save(update_fields=["status", "levels_passed"])
    record_event(
        target=entry,
        actor=actor,
        kind="screened",
        note=reason.strip(),
        state_before=before,
        state_after=after,
        data={"level": level.name, "passed": passed},
    )
    return decision


@transaction.atomic
def pass_screening(*, entry_id: int, actor: User, reason: str) -> ScreeningDecision:
    """The entry passes its next screening level; passing the last one qualifies it for judging."""
    return _screen(entry_id=entry_id, actor=actor, reason=reason, passed=True)


@transaction.atomic
def fail_screening(*, entry_id: int, actor: User, reason: str) -> ScreeningDecision:
    """The entry is screened out at its next level, with the reason."""
    return _screen(entry_id=entry_id, actor=actor, reason=reason, passed=False)


@transaction.atomic
def withdraw_entry(*, entry_id: int, actor: User) -> Entry:
    """The participant takes an unscored entry back while its stage is open."""
    entry = _locked_entry(entry_id, actor)

    def apply(entry: Entry) -> list[str]:
        _ensure_stage_not_closed(entry.stage)
        return []

    return run_move(
        entry, workflow=ENTRY_FLOW, action=A.WITHDRAW, kind="withdrawn", actor=actor,
        may=lambda: _may(entry.participant.user_id == actor.pk), apply=apply,
        visibility=Visibility.PUBLIC,
    )  # fmt: skip


# ---- judging ------------------------------------------------------------------------------------


def _checked_marks(
    contest: Contest, marks: Mapping[int, object]
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """The marks as decimals, each within its criterion's range; and the criteria's weights."""
    criteria = {c.pk: c for c in contest.criteria.order_by()}
    require(set(marks) == set(criteria), _("Score every criterion."), "contest.marks_incomplete")
    checked: dict[int, Decimal] = {}
    for pk, raw in marks.items():
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            value = Decimal("NaN")
        c = criteria[pk]
        require(
            value.is_finite() and c.min_score <= value <= c.max_score,
            _("%(criterion)s is scored from %(low)s to %(high)s.")
            % {
                "criterion": c.name,
                "low": f"{c.min_score.normalize():f}",
                "high": f"{c.max_score.normalize():f}",
            },
            "contest.mark_out_of_range",
        )
        checked[pk] = value
    return checked, {pk: c.weight for pk, c in criteria.items()}


@transaction.atomic
def score_entry(*, entry_id: int, actor: User, marks: Mapping[int, object]) -> Score:
    """A judge of the entry's track marks every criterion within its range; never an entry from the
    judge's own enterprise, never after the stage has closed. The standings follow in the same
    transaction."""
    entry = _locked_entry(entry_id, actor)
    contest = entry.contest
    is_judge, conflict = judging_check(actor, entry)
    _may(is_judge)
    if conflict:
        raise PermissionDenied(
            _("You may not score an entry from your own enterprise."),
            code="contest.conflict_of_interest",
        )
    _ensure_stage_not_closed(entry.stage)
    before_status = entry.status
    after_status = ENTRY_FLOW.ensure_transition(before_status, A.SCORE)
    checked, weights = _checked_marks(contest, marks)
    total = scoring.judge_total(checked, weights)
    fields = {
        "values": {str(k): str(v) for k, v in checked.items()},
        "total": total,
        "scored_at": clock.now(),
    }
    # The entry's scores in one read: this judge's (to replace) and the others' (for the mean).
    others: list[Decimal] = []
    mine: int | None = None
    for pk, judge_id, judge_total in entry.scores.values_list("pk", "judge_id", "total"):
        if judge_id == actor.pk:
            mine = pk
        else:
            others.append(judge_total)
    created = mine is None
    if mine is None:
        score = Score.objects.create(entry=entry, judge=actor, **fields)
    else:
        Score.objects.filter(pk=mine).update(**fields)
        score = Score(pk=mine, entry=entry, judge=actor, **fields)
    standings.take_day_start_ranks(contest)
    entry.status = after_status
    if contest.normalise_judges:
        Entry.objects.filter(pk=entry.pk).update(status=after_status)
        _rescore_stage(contest, entry.stage)
    else:
        _rescore(contest, entry, [*others, total])
    record_event(
        target=entry,
        actor=actor,
        kind="scored" if created else "rescored",
        state_before=before_status,
        state_after=after_status,
        data={"judges": entry.judges_count},
    )
    return score


def _rescore(contest: Contest, entry: Entry, totals: Sequence[Decimal]) -> None:
    before = entry.score
    entry.score = scoring.combine(totals, trim_from=contest.trim_from_judges)
    entry.judges_count = len(totals)
    Entry.objects.filter(pk=entry.pk).update(
        score=entry.score, judges_count=entry.judges_count, status=entry.status
    )
    standings.apply_score_change(contest, entry, before=before, after=entry.score)


def _rescore_stage(contest: Contest, stage: Stage) -> None:
    """With normalisation one judge's new mark moves all their scores: recompute the stage's entries."""
    by_judge: dict[int, dict[int, Decimal]] = {}
    for judge_id, entry_id, total in Score.objects.filter(entry__stage=stage).values_list(
        "judge_id", "entry_id", "total"
    ):
        by_judge.setdefault(judge_id, {})[entry_id] = total
    per_entry: dict[int, list[Decimal]] = {}
    for scores in scoring.normalised(by_judge).values():
        for entry_id, value in scores.items():
            per_entry.setdefault(entry_id, []).append(value)
    entries = Entry.objects.filter(pk__in=per_entry).select_related("stage")
    for e in entries:
        _rescore(contest, e, per_entry[e.pk])


@transaction.atomic
def select_finalists(*, contest_id: int, actor: User | None) -> list[Standing]:
    """The contest's top participants by points advance to the final, once the points are final."""
    contest = _locked_contest(contest_id, actor)
    _may(actor is None or can_manage_contest(actor, contest))
    open_stages = contest.stages.filter(kind__in=POINTS_STAGES).exclude(status=StageStatus.CLOSED)
    require(
        not open_stages.exists(),
        _("Close the seeding and points stages first."),
        "contest.stages_open",
    )
    require(
        contest.top_finalist_points is None,
        _("The finalists have been chosen already."),
        "contest.finalists_chosen",
    )
    chosen = [r for r in standings.ordered(contest.pk) if r.points > 0][: contest.finalists_count]
    require(chosen, _("No participant has points yet."), "contest.no_points")
    Standing.objects.filter(pk__in=[r.pk for r in chosen]).update(is_finalist=True)
    contest.top_finalist_points = max(r.points for r in chosen)
    contest.save(update_fields=["top_finalist_points"])
    record_event(
        target=contest,
        actor=actor,
        kind="finalists_chosen",
        visibility=Visibility.PUBLIC,
        data={"finalists": [r.participant_id for r in chosen]},
    )
    return chosen


# ---- the challenge board (揭榜挂帅): its moves live in challenges.py, called as services ------------

from lianxin.contests.challenges import (  # noqa: E402
    accept_claim,
    accept_delivery,
    claim_challenge,
    close_challenge,
    decline_claim,
    deliver_claim,
    fail_delivery,
    post_challenge,
    report_progress,
)

__all__ = [
    "accept_claim",
    "accept_delivery",
    "claim_challenge",
    "close_challenge",
    "decline_claim",
    "deliver_claim",
    "fail_delivery",
    "post_challenge",
    "report_progress",
]
