"""议事厅: a meeting's agenda, attendees, minutes and resolutions; each change one journal event.

Changes to the meeting itself are journalled on the meeting; a resolution has its own chain (it is
tracked to the end like a case: adopted, then done or dropped, with 督办 notices in between).
Published minutes are final: 厂务公开 shows what was published, so they are not edited afterwards.
"""

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.services import record_event
from lianxin.cases.models import Case
from lianxin.cases.selectors import case_detail
from lianxin.core import clock
from lianxin.core.errors import NotFound, PermissionDenied, require
from lianxin.orgs.models import Org, subtree_q
from lianxin.proposals import notices
from lianxin.proposals.models import (
    AgendaItem,
    Attendee,
    AttendeeSide,
    Meeting,
    Proposal,
    Resolution,
)
from lianxin.proposals.permissions import (
    can_hold_meetings_in,
    ensure_can_manage_meeting,
    ensure_may_resolve,
    visible_meetings,
    visible_proposals,
    visible_resolutions,
)
from lianxin.proposals.states import ResolutionAction, ensure_resolution_transition


@transaction.atomic
def create_meeting(*, actor: User, org: Org, title: str, held_at: datetime, place: str) -> Meeting:
    """Call a meeting of an enterprise: its handlers may."""
    if not can_hold_meetings_in(actor, org):
        raise PermissionDenied(
            _("You may not hold meetings for %(org)s.") % {"org": org.name},
            code="meeting.permission_denied",
        )
    require(
        title.strip() and place.strip(),
        _("A meeting needs a title and a place."),
        code="meeting.invalid",
    )
    meeting = Meeting.objects.create(
        org=org, title=title.strip()[:120], held_at=held_at, place=place.strip()[:120],
        created_by=actor, created_at=clock.now(),
    )  # fmt: skip
    record_event(
        target=meeting, actor=actor, kind="meeting_created",
        data={"org": org.code, "held_at": held_at.isoformat(), "place": meeting.place},
    )  # fmt: skip
    return meeting


def _locked_meeting(meeting_id: int, actor: User) -> Meeting:
    meeting = (
        visible_meetings(actor).select_for_update().select_related("org").filter(pk=meeting_id)
    ).first()
    if meeting is None:
        raise NotFound(_("No such meeting."), code="meeting.not_found")
    ensure_can_manage_meeting(actor, meeting)
    return meeting


@transaction.atomic
def add_agenda_item(
    *,
    meeting_id: int,
    actor: User,
    text: str,
    case_number: str = "",
    proposal_id: int | None = None,
) -> AgendaItem:
    """An item in free text, optionally about a case or a proposal the actor may see."""
    meeting = _locked_meeting(meeting_id, actor)
    case: Case | None = case_detail(user=actor, number=case_number) if case_number else None
    proposal: Proposal | None = None
    if proposal_id is not None:
        proposal = visible_proposals(actor).filter(pk=proposal_id).first()
        require(proposal is not None, _("No such proposal."), code="proposal.not_found")
    text = text.strip() or (case.title if case else proposal.title if proposal else "")
    require(text, _("Write the agenda item."), code="meeting.agenda_item_empty")
    item = AgendaItem.objects.create(
        meeting=meeting, position=meeting.agenda.count() + 1, text=text[:300], case=case,
        proposal=proposal,
    )  # fmt: skip
    record_event(
        target=meeting, actor=actor, kind="agenda_item_added", note=item.text,
        data={"case": case.number if case else None, "proposal": proposal_id},
    )  # fmt: skip
    return item


@transaction.atomic
def add_attendee(
    *, meeting_id: int, actor: User, name: str, side: str, position: str = ""
) -> Attendee:
    """Worker representatives, management and the union, each by name."""
    meeting = _locked_meeting(meeting_id, actor)
    require(name.strip(), _("Give the attendee's name."), code="meeting.attendee_name_missing")
    require(
        side in AttendeeSide.values,
        _("Say whom the attendee represents."),
        code="meeting.attendee_side_missing",
    )
    attendee = Attendee.objects.create(
        meeting=meeting, name=name.strip()[:60], side=side, position=position.strip()[:60]
    )
    record_event(
        target=meeting, actor=actor, kind="attendee_added", note=attendee.name,
        data={"side": side},
    )  # fmt: skip
    return attendee


@transaction.atomic
def record_minutes(*, meeting_id: int, actor: User, minutes: str) -> Meeting:
    meeting = _locked_meeting(meeting_id, actor)
    require(minutes.strip(), _("Write the minutes."), code="meeting.minutes_empty")
    require(
        meeting.minutes_published_at is None,
        _("The minutes are published; they can no longer be changed."),
        code="meeting.minutes_published",
    )
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    record_event(target=meeting, actor=actor, kind="minutes_recorded", note=meeting.minutes)
    return meeting


@transaction.atomic
def publish_minutes(*, meeting_id: int, actor: User) -> Meeting:
    """厂务公开: the minutes and resolutions go up for the enterprise's workers, who are told."""
    meeting = _locked_meeting(meeting_id, actor)
    require(
        meeting.minutes.strip(),
        _("Record the minutes before publishing them."),
        code="meeting.minutes_missing",
    )
    require(
        meeting.minutes_published_at is None,
        _("The minutes are already published."),
        code="meeting.minutes_published",
    )
    meeting.minutes_published_at = clock.now()
    meeting.save(update_fields=["minutes_published_at"])
    record_event(
        target=meeting, actor=actor, kind="minutes_published", visibility=Visibility.PUBLIC
    )
    workers = enterprise_workers(meeting.org)
    notices.minutes_published(meeting, workers)
    return meeting


def enterprise_workers(org: Org) -> list[User]:
    """The enterprise's workers known by an account: its proposers and its named cases' workers."""
    in_org = subtree_q([org.path], field="proposals_made__proposal__enterprise__path")
    raised = subtree_q([org.path], field="cases_raised__origin_org__path")
    return list(
        User.objects.filter(is_active=True)
        .filter(in_org | (raised & Q(cases_raised__is_anonymous=False)))
        .distinct()
    )


# ---- resolutions ---------------------------------------------------------------------------------


@transaction.atomic
def add_resolution(
    *,
    meeting_id: int,
    actor: User,
    text: str,
    owner_name: str,
    due: datetime,
    owner: User | None = None,
    owner_username: str = "",
) -> Resolution:
    """A decision of the meeting, with who carries it out (by name, and optionally a login) and
    by when. The login is looked up only once the actor may manage the meeting."""
    meeting = _locked_meeting(meeting_id, actor)
    if owner_username:
        owner = User.objects.filter(username=owner_username, is_active=True).first()
        require(
            owner is not None, _("No account with this login."), code="resolution.owner_not_found"
        )
    require(
        text.strip() and owner_name.strip(),
        _("A resolution needs its text and an owner."),
        code="resolution.invalid",
    )
    require(
        due > meeting.held_at,
        _("The deadline must fall after the meeting."),
        code="resolution.deadline_before_meeting",
    )
    resolution = Resolution.objects.create(
        meeting=meeting, text=text.strip(), owner_name=owner_name.strip()[:60], owner=owner,
        due=due,
    )  # fmt: skip
    record_event(
        target=resolution, actor=actor, kind="resolution_added", note=resolution.text,
        visibility=Visibility.PUBLIC, state_after=resolution.status,
        data={"meeting": meeting.pk, "owner": resolution.owner_name, "due": due.isoformat()},
    )  # fmt: skip
    return resolution


def _resolution_move(
    *, resolution_id: int, actor: User, action: ResolutionAction, kind: str, note: str
) -> Resolution:
    resolution = (
        visible_resolutions(actor)
        .select_for_update()
        .select_related("meeting__org")
        .filter(pk=resolution_id)
        .first()
    )
    if resolution is None:
        raise NotFound(_("No such resolution."), code="resolution.not_found")
    ensure_may_resolve(actor, action, resolution)
    before = resolution.status
    resolution.status = ensure_resolution_transition(before, action)
    resolution.outcome = note.strip()
    resolution.done_at = clock.now()
    resolution.save(update_fields=["status", "outcome", "done_at"])
    record_event(
        target=resolution, actor=actor, kind=kind, note=resolution.outcome,
        visibility=Visibility.PUBLIC, state_before=before, state_after=resolution.status,
        data={"on_time": resolution.done_at <= resolution.due},
    )  # fmt: skip
    return resolution


@transaction.atomic
def complete_resolution(*, resolution_id: int, actor: User, outcome: str) -> Resolution:
    """落实: the resolution is carried out, with what was done."""
    require(outcome.strip(), _("Write what was done."), code="resolution.outcome_required")
    return _resolution_move(
        resolution_id=resolution_id, actor=actor, action=ResolutionAction.COMPLETE,
        kind="resolution_done", note=outcome,
    )  # fmt: skip


@transaction.atomic
def drop_resolution(*, resolution_id: int, actor: User, reason: str) -> Resolution:
    require(
        reason.strip(), _("Say why the resolution is dropped."), code="resolution.reason_required"
    )
    return _resolution_move(
        resolution_id=resolution_id, actor=actor, action=ResolutionAction.DROP,
        kind="resolution_dropped", note=reason,
    )  # fmt: skip
