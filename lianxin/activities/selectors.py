"""Every read of activities and sign-ups, scoped to the user (permissions.py).

Open activities are public; a roster (who signed up, who waits, who came) only within the organiser's
scope — outside it an activity's roster answers like a missing one (404).
"""

from datetime import datetime

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lianxin.activities.models import Activity, Attendance, Session, SignUp
from lianxin.activities.permissions import (
    AnyUser,
    can_see_roster,
    organising_orgs,
    roster_orgs,
)
from lianxin.activities.states import ATTENDING_STATES, PLACE_STATES, SignUpState
from lianxin.core import clock
from lianxin.core.errors import NotFound
from lianxin.members.models import Person
from lianxin.members.permissions import visible_persons
from lianxin.orgs.models import Org, subtree_q


def with_counts(rows: QuerySet[Activity]) -> QuerySet[Activity]:
    """Annotate places taken and the waiting count (one query with the rows)."""
    return rows.annotate(
        taken=Count("signups", filter=Q(signups__state__in=sorted(PLACE_STATES))),
        waiting=Count("signups", filter=Q(signups__state=SignUpState.WAITING)),
    )


def open_activities(
    *, org: Org | None = None, kind: str = "", at: datetime | None = None
) -> QuerySet[Activity]:
    """Public: activities whose sign-up is open now (or opens later), soonest first."""
    now = at or clock.now()
    rows = Activity.objects.filter(signup_closes__gte=now).select_related("org")
    if org is not None:
        rows = rows.filter(subtree_q([org.path], field="org__path"))
    if kind:
        rows = rows.filter(kind=kind)
    return with_counts(rows).order_by("signup_closes", "pk")


def public_activity(activity_id: int) -> Activity:
    """Any activity by id with its counts (its public fields are public), or NotFound."""
    found = with_counts(Activity.objects.filter(pk=activity_id).select_related("org")).first()
    if found is None:
        raise NotFound(_("No such activity."), code="activities.not_found")
    return found


def public_org(code: str) -> Org:
    org: Org | None = Org.objects.filter(code=code, is_active=True).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="activities.org_not_found")
    return org


def roster_activity(user: AnyUser, activity_id: int) -> Activity:
    """An activity whose roster the user may read, or NotFound (outside scope answers alike)."""
    found = public_activity(activity_id)
    if not can_see_roster(user, found):
        raise NotFound(_("No such activity."), code="activities.not_found")
    return found


def organised_activities(user: AnyUser) -> QuerySet[Activity]:
    """The activities of the orgs whose rosters the user reads, newest first."""
    rows = Activity.objects.filter(org__in=roster_orgs(user)).select_related("org")
    return with_counts(rows).order_by("-starts_on", "-pk")


def roster(activity: Activity, state: str = "") -> QuerySet[SignUp]:
    """The activity's sign-ups: places first (in order), then the waiting list by position."""
    rows = SignUp.objects.filter(activity=activity).select_related("person")
    if state:
        rows = rows.filter(state=state)
    ahead = (
        SignUp.objects.filter(
            activity=OuterRef("activity"), state=SignUpState.WAITING,
            position__lt=OuterRef("position"),
        ).order_by().values("activity").annotate(n=Count("pk")).values("n")
    )  # fmt: skip
    attended = Attendance.objects.filter(signup=OuterRef("pk")).order_by().values("signup")
    rows = rows.annotate(
        attended=Coalesce(Subquery(attended.annotate(n=Count("pk")).values("n")), 0),
        ahead=Coalesce(Subquery(ahead), 0),
    )
    # Places (no position) first on every database: PostgreSQL sorts NULLs last unless told.
    return rows.order_by(F("position").asc(nulls_first=True), "created_at", "pk")


def rank_of(row: SignUp) -> int | None:
    """A roster row's place on the waiting list (1 = next to move up), None unless waiting."""
    if row.state != SignUpState.WAITING:
        return None
    return int(getattr(row, "ahead", 0)) + 1


def waiting_list(activity: Activity) -> QuerySet[SignUp]:
    rows = SignUp.objects.filter(activity=activity, state=SignUpState.WAITING)
    return rows.select_related("person").order_by("position", "pk")


def attending(activity: Activity) -> QuerySet[SignUp]:
    """The sign-ups that may be marked present at a session, in sign-up order."""
    rows = SignUp.objects.filter(activity=activity, state__in=sorted(ATTENDING_STATES))
    return rows.select_related("person").order_by("created_at", "pk")


def sessions(activity: Activity) -> QuerySet[Session]:
    return Session.objects.filter(activity=activity).annotate(present=Count("attendances"))


def session_for_roster(user: AnyUser, session_id: int) -> Session:
    found = Session.objects.select_related("activity__org").filter(pk=session_id).first()
    if found is None or not can_see_roster(user, found.activity):
        raise NotFound(_("No such session."), code="activities.not_found")
    return found


def present_ids(session: Session) -> set[int]:
    return set(session.attendances.values_list("signup_id", flat=True))


def my_signups(person: Person | None) -> QuerySet[SignUp]:
    """A worker's own sign-ups, newest first."""
    if person is None:
        return SignUp.objects.none()
    rows = SignUp.objects.filter(person=person).select_related("activity__org")
    return rows.order_by("-created_at", "-pk")


def own_signup(person: Person | None, activity: Activity) -> SignUp | None:
    if person is None:
        return None
    rows = SignUp.objects.filter(person=person, activity=activity)
    return rows.exclude(state=SignUpState.CANCELLED).first()


def signable_persons(user: AnyUser) -> QuerySet[Person]:
    """Persons a chair or staff member may sign up: members of the unions they handle."""
    held = visible_persons(user).filter(memberships__org__in=organising_orgs(user))
    return held.filter(erased_at__isnull=True).distinct().order_by("pk")


def waiting_position(signup: SignUp) -> int | None:
    """1 for the first on the waiting list, … (None when not waiting)."""
    if signup.state != SignUpState.WAITING or signup.position is None:
        return None
    ahead = SignUp.objects.filter(
        activity_id=signup.activity_id, state=SignUpState.WAITING, position__lt=signup.position
    )
    return ahead.count() + 1
