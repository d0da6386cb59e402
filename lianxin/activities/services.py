"""Every write of activities: one function per action, one transaction, one journal event.

Sign-ups lock the activity row first (then the sign-up), so concurrent sign-ups are counted one after
the other and never exceed the capacity; the partial unique index on (activity, person) is the
backstop against a double sign-up. Journal events name records by id, never a person's name or phone.
A refusal raises an `activities.*` DomainError before anything is written.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.activities.models import Activity, Attendance, Session, SignUp
from lianxin.activities.permissions import (
    can_organise,
    ensure_may_cancel,
    ensure_may_organise,
    ensure_may_organise_in,
    is_own,
    may_sign_up,
)
from lianxin.activities.states import (
    ATTENDING_STATES,
    PLACE_STATES,
    SIGNUP_WORKFLOW,
    Kind,
    SignUpAction,
    SignUpState,
)
from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.core import clock
from lianxin.core.errors import DomainError, NotFound, require
from lianxin.members.hooks import Achievement, report_achievement
from lianxin.members.models import Membership, Person
from lianxin.members.services.people import SelfActor, today
from lianxin.members.states import EmploymentForm
from lianxin.members.states import State as MembershipState
from lianxin.orgs.models import Org

AnyUser = User | AnonymousUser


class Refused(DomainError):
    """A sign-up the activity's rules do not admit (409)."""

    code = "activities.refused"
    http_status = 409


@dataclass(frozen=True)
class NewActivity:
    kind: str
    title: str
    capacity: int
    signup_opens: datetime
    signup_closes: datetime
    starts_on: date
    ends_on: date
    description: str = ""
    place: str = ""
    members_only: bool = False
    employment_forms: list[str] = field(default_factory=list)
    has_waiting_list: bool = True
    credit_hours: Decimal | None = None


def _check_new(new: NewActivity) -> None:
    require(new.kind in Kind.values, _("Choose a kind."), code="activities.kind_invalid")
    require(new.title.strip(), _("Give the activity a title."), code="activities.title_missing")
    require(new.capacity >= 1, _("Give at least one place."), code="activities.capacity_invalid")
    require(
        new.signup_opens <= new.signup_closes and new.starts_on <= new.ends_on,
        _("A period ends after it starts."),
        code="activities.period_invalid",
    )
    require(
        set(new.employment_forms) <= set(EmploymentForm.values),
        _("Choose employment forms from the list."),
        code="activities.employment_form_invalid",
    )
    require(
        new.credit_hours is None or (new.kind == Kind.COURSE and new.credit_hours >= 0),
        _("Only a craftsman academy course has credit hours."),
        code="activities.credit_hours_invalid",
    )


@transaction.atomic
def create_activity(*, actor: User, org: Org, new: NewActivity) -> Activity:
    """An organiser union publishes an activity people can sign up to."""
    ensure_may_organise_in(actor, org)
    _check_new(new)
    values = {**new.__dict__, "title": new.title.strip(), "place": new.place.strip()}
    values["employment_forms"] = sorted(set(new.employment_forms))
    activity = Activity.objects.create(org=org, created_by=actor, **values)
    record_event(
        target=activity, actor=actor, kind="activity_created",
        data={"org": org.code, "kind": activity.kind, "capacity": activity.capacity},
    )  # fmt: skip
    return activity


def _locked_activity(activity_id: int) -> Activity:
    found = Activity.objects.select_for_update().filter(pk=activity_id).first()
    if found is None:
        raise NotFound(_("No such activity."), code="activities.not_found")
    return found


@transaction.atomic
def add_session(*, actor: User, activity_id: int, starts_at: datetime, label: str = "") -> Session:
    """The organiser adds a dated session (attendance is taken per session)."""
    activity = _locked_activity(activity_id)
    ensure_may_organise(actor, activity)
    require(
        not activity.sessions.filter(starts_at=starts_at).exists(),
        _("The activity already has a session at that time."),
        code="activities.session_exists",
    )
    session = Session.objects.create(activity=activity, starts_at=starts_at, label=label[:80])
    record_event(
        target=session, actor=actor, kind="session_added",
        data={"activity": activity.pk, "starts_at": starts_at.isoformat()},
    )  # fmt: skip
    return session


# ---- sign-ups ------------------------------------------------------------------------------------


def _signup_person(actor: Any, person_id: int) -> Person:
    """The person to sign up: the actor's own, or one of the members they handle (else 404)."""
    person = Person.objects.filter(pk=person_id, erased_at__isnull=True).first()
    if person is None or person.merged_into_id is not None or not may_sign_up(actor, person):
        raise NotFound(_("No such person."), code="activities.person_not_found")
    return person


def _ensure_open(activity: Activity) -> None:
    now = clock.now()
    if not activity.signup_opens <= now <= activity.signup_closes:
        raise Refused(
            _("Sign-up for this activity is closed (open %(opens)s – %(closes)s).")
            % {
                "opens": f"{timezone.localtime(activity.signup_opens):%Y-%m-%d %H:%M}",
                "closes": f"{timezone.localtime(activity.signup_closes):%Y-%m-%d %H:%M}",
            },
            code="activities.closed",
        )


def _ensure_eligible(activity: Activity, person: Person) -> None:
    if (
        activity.members_only
        and not Membership.objects.filter(person=person, state=MembershipState.ACTIVE).exists()
    ):
        raise Refused(
            _("This activity is for union members only. Join the union first (入会)."),
            code="activities.members_only",
        )
    if activity.employment_forms and person.employment_form not in activity.employment_forms:
        labels = dict(EmploymentForm.choices)
        raise Refused(
            _("This activity is for %(forms)s only.")
            % {"forms": "、".join(str(labels[f]) for f in activity.employment_forms)},
            code="activities.not_eligible",
        )


def _ensure_not_signed_up(activity: Activity, person: Person) -> None:
    held = SignUp.objects.filter(activity=activity, person=person)
    if held.exclude(state=SignUpState.CANCELLED).exists():
        raise Refused(
            _("This person has already signed up for this activity."),
            code="activities.already_signed_up",
        )


def _place_or_wait(activity: Activity) -> tuple[str, int | None]:
    """(state, waiting position) for a new sign-up; Refused when full without a waiting list."""
    signups = SignUp.objects.filter(activity=activity)
    if signups.filter(state__in=sorted(PLACE_STATES)).count() < activity.capacity:
        return SignUpState.SIGNED_UP, None
    if not activity.has_waiting_list:
        raise Refused(
            _("This activity is full (%(capacity)s places) and has no waiting list.")
            % {"capacity": activity.capacity},
            code="activities.full",
        )
    last = signups.filter(state=SignUpState.WAITING).aggregate(last=Max("position"))["last"]
    return SignUpState.WAITING, (last or 0) + 1


def _insert(
    activity: Activity, person: Person, actor: Any, state: str, position: int | None
) -> SignUp:
    try:
        with transaction.atomic():
            return SignUp.objects.create(
                activity=activity, person=person, state=state, position=position,
                created_at=clock.now(), signed_up_by=actor if actor.is_authenticated else None,
            )  # fmt: skip
    except IntegrityError:  # a concurrent sign-up of the same person committed first
        raise Refused(
            _("This person has already signed up for this activity."),
            code="activities.already_signed_up",
        ) from None


@transaction.atomic
def sign_up(*, actor: User, activity_id: int, person_id: int) -> SignUp:
    """Sign a person up: a place while there is one, else the waiting list (or a clear refusal)."""
    activity = _locked_activity(activity_id)
    person = _signup_person(actor, person_id)
    _ensure_open(activity)
    _ensure_not_signed_up(activity, person)
    _ensure_eligible(activity, person)
    state, position = _place_or_wait(activity)
    signup: SignUp = _insert(activity, person, actor, state, position)
    by_self = is_own(actor, person)
    record_event(
        target=signup, actor=SelfActor(actor) if by_self else actor,
        kind="signed_up" if state == SignUpState.SIGNED_UP else "waitlisted",
        state_after=state,
        data={"activity": activity.pk, "person": person.pk, "position": position,
              "by_self": by_self},
    )  # fmt: skip
    return signup


def _locked_signup(signup_id: int) -> tuple[Activity, SignUp]:
    """The sign-up and its activity, both locked (the activity first, as sign_up locks them)."""
    activity_id = SignUp.objects.filter(pk=signup_id).values_list("activity_id", flat=True).first()
    if activity_id is None:
        raise NotFound(_("No such sign-up."), code="activities.signup_not_found")
    activity = _locked_activity(activity_id)
    signup = SignUp.objects.select_for_update().select_related("person").get(pk=signup_id)
    signup.activity = activity
    return activity, signup


def _promote_first(activity: Activity, actor: Any, cancelled: SignUp) -> SignUp | None:
    """The first on the waiting list takes the freed place (its own journal event)."""
    first = (
        SignUp.objects.select_for_update()
        .filter(activity=activity, state=SignUpState.WAITING)
        .order_by("position", "pk")
        .first()
    )
    if first is None:
        return None

    def apply(row: SignUp) -> list[str]:
        row.position = None
        return ["position"]

    return run_move(
        first, workflow=SIGNUP_WORKFLOW, action=SignUpAction.PROMOTE, kind="promoted",
        actor=actor, status_field="state", apply=apply,
        data={"activity": activity.pk, "person": first.person_id, "freed_by": cancelled.pk},
    )  # fmt: skip


@transaction.atomic
def cancel_signup(*, actor: User, signup_id: int) -> SignUp:
    """Cancel a sign-up (the person, their union, or the organiser); a freed place goes to the
    first on the waiting list."""
    activity, signup = _locked_signup(signup_id)
    held_place = signup.state == SignUpState.SIGNED_UP

    def apply(row: SignUp) -> list[str]:
        row.position = None
        return ["position"]

    journal_actor = SelfActor(actor) if is_own(actor, signup.person) else actor
    run_move(
        signup, workflow=SIGNUP_WORKFLOW, action=SignUpAction.CANCEL, kind="cancelled",
        actor=journal_actor, may=lambda: ensure_may_cancel(actor, signup), apply=apply,
        status_field="state", data={"activity": activity.pk, "person": signup.person_id},
    )  # fmt: skip
    if held_place:
        _promote_first(activity, journal_actor, signup)
    return signup


@transaction.atomic
def complete_signup(*, actor: User, signup_id: int, on: date | None = None) -> SignUp:
    """The organiser marks a sign-up attended / completed; a course's completion is reported as
    an achievement (the 学分银行 listens), in this transaction."""
    activity, signup = _locked_signup(signup_id)
    day = on or today()

    def apply(row: SignUp) -> list[str]:
        row.completed_on = day
        return ["completed_on"]

    run_move(
        signup, workflow=SIGNUP_WORKFLOW, action=SignUpAction.COMPLETE, kind="completed",
        actor=actor, may=lambda: ensure_may_organise(actor, activity), apply=apply,
        status_field="state",
        data={"activity": activity.pk, "person": signup.person_id, "on": day.isoformat()},
    )  # fmt: skip
    if activity.kind == Kind.COURSE:
        report_achievement(
            Achievement(
                person_id=signup.person_id, kind="course_completed",
                source=f"activities.signup:{signup.pk}", on=day,
                detail={"credit_hours": activity.credit_hours or Decimal(0),
                        "course": activity.title},
                actor_id=actor.pk,
            )
        )  # fmt: skip
    return signup


@transaction.atomic
def mark_no_show(*, actor: User, signup_id: int) -> SignUp:
    """The organiser records that a person who held a place did not come."""
    activity, signup = _locked_signup(signup_id)
    return run_move(
        signup, workflow=SIGNUP_WORKFLOW, action=SignUpAction.NO_SHOW, kind="no_show",
        actor=actor, may=lambda: ensure_may_organise(actor, activity), status_field="state",
        data={"activity": activity.pk, "person": signup.person_id},
    )  # fmt: skip


@transaction.atomic
def record_attendance(*, actor: User, session_id: int, present: set[int]) -> Session:
    """Who came to a session (sign-up ids), replacing what was marked before: one row per 人次."""
    activity_id = (
        Session.objects.filter(pk=session_id).values_list("activity_id", flat=True).first()
    )
    if activity_id is None:
        raise NotFound(_("No such session."), code="activities.not_found")
    activity = _locked_activity(activity_id)
    if not can_organise(actor, activity):
        raise NotFound(_("No such session."), code="activities.not_found")
    session = Session.objects.get(pk=session_id)
    allowed = set(
        SignUp.objects.filter(activity=activity, state__in=sorted(ATTENDING_STATES))
        .values_list("pk", flat=True)
    )  # fmt: skip
    require(
        present <= allowed,
        _("Only people holding a place can be marked present."),
        code="activities.not_signed_up",
    )
    before = set(session.attendances.values_list("signup_id", flat=True))
    session.attendances.filter(signup_id__in=before - present).delete()
    now = clock.now()
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, signup_id=pk, marked_at=now)
            for pk in sorted(present - before)
        ]
    )
    record_event(
        target=session, actor=actor, kind="attendance_recorded",
        data={"activity": activity.pk, "present": sorted(present),
              "added": len(present - before), "removed": len(before - present)},
    )  # fmt: skip
    return session
