"""The activities API, mounted at /api/activities.

The list of open activities is public (no persons in it). Signing up is for the signed-in worker (their
own person) or a chair/staff member for a person of a union they handle; a refusal answers 409 in the
one error shape. A roster is the organiser's: outside its scope it answers 404, persons masked.
"""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from lianxin.activities import metrics, selectors, services
from lianxin.activities.models import Activity, SignUp
from lianxin.activities.permissions import roster_orgs
from lianxin.activities.schemas import (
    ActivityListQuery,
    ActivityOut,
    ActivityPage,
    FiguresOut,
    FiguresQuery,
    RosterQuery,
    SignUpIn,
    SignUpOut,
    SignUpPage,
)
from lianxin.api.auth import TokenAuth
from lianxin.core.api import ERRORS, ApiRequest, paginate
from lianxin.core.errors import NotFound
from lianxin.core.masking import mask_name
from lianxin.members.selectors import own_person

router = Router(tags=["activities"])
ID = Path(..., ge=1, le=2**63 - 1)


class NotRegistered(services.Refused):
    code = "activities.not_registered"


def activity_out(a: Activity) -> dict[str, Any]:
    taken, waiting = getattr(a, "taken", 0), getattr(a, "waiting", 0)
    return {
        "id": a.pk, "kind": a.kind, "title": a.title, "description": a.description,
        "org": {"code": a.org.code, "name": a.org.name}, "place": a.place,
        "capacity": a.capacity, "places_left": max(a.capacity - taken, 0), "waiting": waiting,
        "has_waiting_list": a.has_waiting_list, "members_only": a.members_only,
        "employment_forms": list(a.employment_forms), "signup_opens": a.signup_opens,
        "signup_closes": a.signup_closes, "starts_on": a.starts_on, "ends_on": a.ends_on,
        "credit_hours": a.credit_hours,
    }  # fmt: skip


def signup_out(s: SignUp, waiting_position: int | None) -> dict[str, Any]:
    p = s.person
    return {
        "id": s.pk, "activity_id": s.activity_id, "person_id": p.pk, "name": mask_name(p.name),
        "employment_form": p.employment_form, "state": s.state,
        "waiting_position": waiting_position, "attended": getattr(s, "attended", 0),
        "created_at": s.created_at,
    }  # fmt: skip


def _caller(request: ApiRequest) -> Any:
    """A public endpoint still knows a caller who sends a token or a session."""
    if request.headers.get("Authorization"):
        TokenAuth()(request)  # sets request.user; a wrong token is refused (401)
    return request.user


@router.get("", response={200: ActivityPage, **ERRORS}, auth=None, operation_id="list_activities")
def list_activities(request: ApiRequest, filters: Query[ActivityListQuery]):
    """Open activities (sign-up not yet closed), soonest closing first; public, no persons."""
    org = selectors.public_org(filters.org) if filters.org else None
    rows = selectors.open_activities(org=org, kind=filters.kind or "")
    page = paginate(request, rows, page=filters.page, page_size=filters.page_size)
    page["items"] = [activity_out(a) for a in page["items"]]
    return page


@router.get("/figures", response={200: FiguresOut, **ERRORS}, operation_id="activity_figures")
def activity_figures(request: ApiRequest, query: Query[FiguresQuery]):
    """Activities, sign-ups, waiting, 人次 and persons served of an org subtree in a period."""
    org = roster_orgs(request.auth).filter(code=query.org).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="activities.org_not_found")
    return metrics.figures(org, query.start, query.end).as_dict()


@router.get(
    "/{activity_id}", response={200: ActivityOut, **ERRORS}, auth=None,
    operation_id="get_activity",
)  # fmt: skip
def get_activity(request: ApiRequest, activity_id: int = ID):
    """One activity's public fields, with places left and the waiting count."""
    return activity_out(selectors.public_activity(activity_id))


@router.post("/{activity_id}/signups", response={201: SignUpOut, **ERRORS}, operation_id="sign_up")
def sign_up(request: ApiRequest, payload: SignUpIn, activity_id: int = ID):
    """Sign up yourself (no `person_id`) or a member you handle. 409: full without a waiting list,
    already signed up, members only, not eligible, closed; 404: no such activity or person."""
    selectors.public_activity(activity_id)  # a missing activity answers 404 before anything else
    person_id = payload.person_id
    if person_id is None:
        person = own_person(request.auth)
        if person is None:
            raise NotRegistered(
                _("Your account is not linked to a person record yet: join the union on the "
                  "“Join the union” page, or ask your union to register you."),
                code="activities.not_registered",
            )  # fmt: skip
        person_id = person.pk
    signup = services.sign_up(actor=request.auth, activity_id=activity_id, person_id=person_id)
    row = selectors.roster(signup.activity).get(pk=signup.pk)
    return Status(201, signup_out(row, selectors.rank_of(row)))


@router.get(
    "/{activity_id}/signups", response={200: SignUpPage, **ERRORS}, operation_id="list_signups"
)
def list_signups(request: ApiRequest, query: Query[RosterQuery], activity_id: int = ID):
    """The roster (organiser scope only; 404 otherwise): places in order, then the waiting list."""
    activity = selectors.roster_activity(request.auth, activity_id)
    rows = selectors.roster(activity)
    page = paginate(request, rows, page=query.page, page_size=query.page_size)
    page["items"] = [signup_out(s, selectors.rank_of(s)) for s in page["items"]]
    return page
