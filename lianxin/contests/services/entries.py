"""Participants and their entries: registration, submission, screening and withdrawal."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.contests import standings
from lianxin.contests.models import (
    Contest,
    Entry,
    EntryAttachment,
    Participant,
    ScreeningDecision,
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
)
from lianxin.contests.services.setup import _locked_contest, _may
from lianxin.contests.states import (
    ENTRY_FLOW,
    Action,
    EntryStatus,
    StageKind,
    StageStatus,
)
from lianxin.core import clock
from lianxin.core.errors import DomainError, InvalidInput, NotFound, require
from lianxin.core.uploads import check_upload, stored_as
from lianxin.orgs.models import Org, OrgKind

A = Action

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
    participant = _locked_participant(participant_id, actor)
    contest = participant.contest
    track, stage = _track_and_stage(contest, track_id, stage_kind)
    _ensure_accepting(stage)
    _check_entry(participant, stage, title, description, completed_on, first_applied_on)
    content_type = check_upload(upload) if upload else ""
    qualified = stage.kind == StageKind.FINAL or contest.screening_levels.count() == 0
    entry = Entry.objects.create(
        contest=contest, participant=participant, track=track, stage=stage, title=title.strip(),
        description=description, completed_on=completed_on, first_applied_on=first_applied_on,
        benefit_claimed=benefit_claimed, submitted_at=clock.now(), submitted_by=actor,
        status=EntryStatus.QUALIFIED if qualified else EntryStatus.SUBMITTED,
    )  # fmt: skip
    if upload:
        EntryAttachment.objects.create(
            entry=entry, file=stored_as(upload, content_type), name=(upload.name or "file")[:200],
            content_type=content_type,
        )  # fmt: skip
    record_event(
        target=entry, actor=actor, kind="submitted", visibility=Visibility.PUBLIC,
        state_after=entry.status, data={"stage": stage.kind, "track": track.name},
    )  # fmt: skip
    return entry


def _track_and_stage(contest: Contest, track_id: int, stage_kind: str) -> tuple[Track, Stage]:
    track = Track.objects.filter(pk=track_id, contest=contest).first()
    stage = Stage.objects.filter(contest=contest, kind=stage_kind).first()
    if track is None or stage is None:
        raise InvalidInput(
            _("Choose a track and a stage of this contest."), code="contest.track_or_stage_unknown"
        )
    return track, stage


def _locked_participant(participant_id: int, actor: User) -> Participant:
    participant = Participant.objects.select_for_update().filter(pk=participant_id).first()
    if participant is None or not can_see_contest(actor, participant.contest):
        raise NotFound(_("No such participant."), code="contest.not_found")
    _may(can_submit_for(actor, participant))
    return participant


def _check_entry(
    participant: Participant, stage: Stage, title: str, description: str, completed_on: date,
    first_applied_on: date | None,
) -> None:  # fmt: skip
    """What an entry must be: described, done, old enough for seeding, by a finalist for the final."""
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
        years = participant.contest.min_seeding_years
        enough = years_before(standings.today(), years)
        require(
            first_applied_on is not None and first_applied_on <= enough,
            _(
                "A seeding entry must have been applied for at least %(years)s years (since %(day)s or earlier)."
            )
            % {"years": years, "day": enough.isoformat()},
            "contest.seeding_too_recent",
        )
    if stage.kind == StageKind.FINAL:
        _may(Standing.objects.filter(participant=participant, is_finalist=True).exists())


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
