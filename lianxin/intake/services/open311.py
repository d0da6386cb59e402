"""Open311 GeoReport v2: client apps with an API key post reports that become snapshot cases.

A posted request enters the ledger through `register_case` with no actor (a client app is not a
staff user), on the snapshot channel (随手拍), in the same transaction as its Open311 row (media
URL, public token, the client app). The org is the `jurisdiction_id` given (an org code), refined
by the location when that points inside it; without one, the location alone decides: the nearest
org on the map within its radius, else an enterprise named in the address, else the root of the
tree when there is only one. A request without email, phone or name is anonymous: no personal data
is written anywhere. The device ID a client may send is never kept: it would identify the phone.

The reads Open311's public GET methods need sit at the end of this module: they see the requests
posted over Open311 and nothing else of the ledger.
"""

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Length
from django.db.models.lookups import Contains
from django.utils.translation import gettext as _

from lianxin.audit.models import Event
from lianxin.audit.services import record_event, target_type_of
from lianxin.cases.models import Case, Category, Channel, Urgency
from lianxin.cases.services import NewCase, register_case
from lianxin.cases.states import Status
from lianxin.core import clock, throttle
from lianxin.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from lianxin.core.phones import normalise_phone
from lianxin.intake.models import Open311Key, Open311Request, OrgLocation
from lianxin.intake.services.worker import default_title
from lianxin.orgs.models import Org, OrgKind

KEY_PREFIX = "lx311_"
POST_LIMIT = 120  # requests a client app may post per hour
POST_WINDOW_SECONDS = 60 * 60
DEFAULT_SPAN = timedelta(days=90)  # GeoReport v2: the default and the widest date range
MAX_RESULTS = 1000  # GeoReport v2: the first 1000 requests at most
NEAR_KM = 50  # the widest radius any org location is searched within
COORDINATE = Decimal("0.000001")
# Open311 knows two states: a request is open until it has been resolved (or turned down).
CLOSED_STATES = frozenset({Status.RESOLVED, Status.CLOSED, Status.REJECTED})
OPEN_STATES = frozenset(set(Status.values) - CLOSED_STATES)
_CJK = re.compile(r"[\u3400-\u9fff]")


class KeyRefused(PermissionDenied):
    """The api_key is missing, unknown or revoked."""

    code = "open311.api_key"


class PostThrottled(DomainError):
    """The client app posted too many requests this hour."""

    code = "open311.throttled"
    http_status = 429


# ---- API keys -----------------------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_key(*, app_name: str, actor: User | None) -> tuple[Open311Key, str]:
    """A new key for a client app; the raw key is returned once and never stored."""
    app_name = app_name.strip()
    if not app_name:
        raise InvalidInput(
            _("Name the client app the key is for."), code="open311.app_name_missing"
        )
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = Open311Key.objects.create(app_name=app_name, key_hash=_hash(raw), hint=raw[:12])
    record_event(target=key, actor=actor, kind="open311_key_issued", data={"app": app_name})
    return key, raw


@transaction.atomic
def revoke_key(*, key_id: int, actor: User | None) -> Open311Key:
    """A revoked key posts nothing more; the requests it posted stay as they are."""
    key = Open311Key.objects.select_for_update().filter(pk=key_id).first()
    if key is None:
        raise NotFound(_("No such API key."), code="open311.key_not_found")
    if key.is_revoked:
        raise InvalidInput(_("This API key is already revoked."), code="open311.key_revoked")
    key.revoked_at = clock.now()
    key.save(update_fields=["revoked_at"])
    record_event(target=key, actor=actor, kind="open311_key_revoked", data={"app": key.app_name})
    return key


def key_for(raw: str) -> Open311Key:
    """The live key a client sent, or KeyRefused (missing, unknown and revoked answer alike)."""
    raw = raw.strip()
    key = Open311Key.objects.filter(key_hash=_hash(raw)).first() if raw else None
    if key is None or key.is_revoked:
        raise KeyRefused(_("Missing, invalid or revoked api_key: a request cannot be posted."))
    return key


# ---- posting a request --------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    address: str = ""
    address_id: str = ""


@dataclass(frozen=True)
class Requester:
    email: str = ""
    phone: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def is_anonymous(self) -> bool:
        return not any(v.strip() for v in (self.email, self.phone, self.first_name, self.last_name))

    @property
    def name(self) -> str:
        """Chinese names read family name first, with no space; others read given name first."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if _CJK.search(first + last):
            return last + first
        return " ".join(p for p in (first, last) if p)


@dataclass(frozen=True)
class Details:
    """What a service definition's attributes add to a request."""

    urgency: str = Urgency.ORDINARY
    claim_type: str = ""
    amount_claimed: Decimal | None = None


@transaction.atomic
def post_request(
    *,
    key: Open311Key,
    category: Category,
    jurisdiction: Org | None,
    place: Place,
    description: str,
    media_url: str = "",
    requester: Requester = Requester(),
    details: Details = Details(),
) -> Open311Request:
    """A client app's report enters the ledger as a snapshot case, with its media URL and a token."""
    _check_rate(key)
    if not (place.latitude is not None or place.address.strip() or place.address_id.strip()):
        raise InvalidInput(
            _("A location is required: lat and long, address_string or address_id."),
            code="open311.location_missing",
        )
    org = find_org(jurisdiction=jurisdiction, place=place)
    text = description.strip() or _("Photo report: %(service)s") % {"service": category.label}
    anonymous = requester.is_anonymous
    case = register_case(
        actor=None,
        new=NewCase(
            origin_org=org,
            category=category,
            channel=Channel.SNAPSHOT,
            title=default_title(text),
            description=text,
            urgency=details.urgency,
            is_anonymous=anonymous,
            worker_name="" if anonymous else requester.name[:60],
            worker_phone="" if anonymous else _phone(requester.phone),
            address=place.address.strip()[:200],
            latitude=_coordinate(place.latitude),
            longitude=_coordinate(place.longitude),
            claim_type=details.claim_type,
            amount_claimed=details.amount_claimed,
        ),
    )
    return Open311Request.objects.create(
        case=case,
        key=key,
        token=secrets.token_urlsafe(16),
        media_url=media_url.strip(),
        address_id=place.address_id.strip()[:100],
        email="" if anonymous else requester.email.strip(),
    )


def _check_rate(key: Open311Key) -> None:
    counter = throttle.throttle_key("open311-post", str(key.pk))
    if not throttle.hit(counter, limit=POST_LIMIT, window_seconds=POST_WINDOW_SECONDS):
        raise PostThrottled(
            _("Too many requests posted with this api_key. Please try again in an hour.")
        )


def _phone(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return normalise_phone(value)
    except ValueError:
        raise InvalidInput(
            _("phone: give a mainland mobile or a landline with its area code."),
            code="open311.phone_invalid",
        ) from None


def _coordinate(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(COORDINATE)


# ---- which org a request belongs to -------------------------------------------------------------


def find_jurisdiction(code: str) -> Org:
    """The org a jurisdiction_id names (its code); partner agencies are no jurisdiction."""
    org = Org.objects.filter(code=code.strip(), is_active=True).exclude(kind=OrgKind.PARTNER)
    found: Org | None = org.first()
    if found is None:
        raise NotFound(
            _("jurisdiction_id %(code)s was not found.") % {"code": code},
            code="open311.jurisdiction_not_found",
        )
    return found


def find_org(*, jurisdiction: Org | None, place: Place) -> Org:
    """The jurisdiction, or the org inside it the location points to; see the module docstring."""
    scope = Org.objects.filter(is_active=True).exclude(kind=OrgKind.PARTNER)
    if jurisdiction is not None:
        scope = scope.subtree_of(jurisdiction)
    found = _nearest(scope, place) or _named_in_address(scope, place.address)
    if found is not None:
        return found
    if jurisdiction is not None:
        return jurisdiction
    roots: list[Org] = list(scope.filter(parent__isnull=True)[:2])
    if len(roots) == 1:
        return roots[0]
    raise InvalidInput(
        _("jurisdiction_id was not provided and the location matches no union."),
        code="open311.jurisdiction_not_found",
    )


def _nearest(scope: QuerySet[Org], place: Place) -> Org | None:
    if place.latitude is None or place.longitude is None:
        return None
    lat, lon = float(place.latitude), float(place.longitude)
    span = NEAR_KM / 111.0  # degrees of latitude; longitude is widened by the latitude below
    span_lon = span / max(math.cos(math.radians(lat)), 0.01)
    candidates = OrgLocation.objects.filter(
        org__in=scope,
        latitude__range=(lat - span, lat + span),
        longitude__range=(lon - span_lon, lon + span_lon),
    ).select_related("org")
    best: tuple[float, Org] | None = None
    for spot in candidates:
        distance = _km(lat, lon, float(spot.latitude), float(spot.longitude))
        if distance <= float(spot.radius_km) and (best is None or distance < best[0]):
            best = (distance, spot.org)
    return best[1] if best else None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) on a 6371 km Earth."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def _named_in_address(scope: QuerySet[Org], address: str) -> Org | None:
    """The enterprise whose full or short name the address mentions (the longest name wins)."""
    address = address.strip()
    if not address:
        return None
    enterprises = scope.filter(kind=OrgKind.ENTERPRISE)
    by_name = enterprises.filter(Contains(Value(address), F("name")))
    by_short = enterprises.exclude(short_name="").filter(Contains(Value(address), F("short_name")))
    return (by_name | by_short).annotate(n=Length("name")).order_by("-n", "path").first()


# ---- reads for the public GET methods -----------------------------------------------------------


def services() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def service(code: str) -> Category:
    found = services().filter(key=code).first()
    if found is None:
        raise NotFound(
            _("service_code %(code)s was not found.") % {"code": code},
            code="open311.service_not_found",
        )
    return found


def _requests() -> QuerySet[Open311Request]:
    last_event = Event.objects.filter(
        target_type=target_type_of(Case()), target_id=OuterRef("case_id")
    ).order_by("-seq")
    return Open311Request.objects.select_related(
        "case", "case__category", "case__owner_org"
    ).annotate(last_event_at=Subquery(last_event.values("at")[:1], output_field=DateTimeField()))


def request_by_id(service_request_id: str, *, jurisdiction: Org | None = None) -> Open311Request:
    """A request by its case number (within the jurisdiction, when one is named)."""
    qs = _requests().filter(case__number=service_request_id)
    if jurisdiction is not None:
        qs = qs.filter(case__origin_org__in=jurisdiction.subtree())
    found = qs.first()
    if found is None:
        raise NotFound(
            _("service_request_id %(id)s was not found.") % {"id": service_request_id},
            code="open311.request_not_found",
        )
    return found


def request_by_token(token: str) -> Open311Request:
    found = Open311Request.objects.select_related("case").filter(token=token).first()
    if found is None:
        raise NotFound(
            _("token %(token)s was not found.") % {"token": token}, code="open311.token_not_found"
        )
    return found


@dataclass(frozen=True)
class Query:
    """GET requests' filters; service_request_id, when given, overrides all the others."""

    ids: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()  # "open", "closed"
    jurisdiction: Org | None = None


def find_requests(query: Query) -> list[Open311Request]:
    """Newest first, at most 1000, within 90 days (the most recent 90 when no dates are given)."""
    qs = _requests()
    if query.jurisdiction is not None:
        qs = qs.filter(case__origin_org__in=query.jurisdiction.subtree())
    if query.ids:
        return list(qs.filter(case__number__in=query.ids).order_by("-case__registered_at"))
    start, end = _range(query.start, query.end)
    qs = qs.filter(case__registered_at__gte=start, case__registered_at__lte=end)
    if query.codes:
        qs = qs.filter(case__category__key__in=query.codes)
    if query.statuses and set(query.statuses) != {"open", "closed"}:
        states = CLOSED_STATES if "closed" in query.statuses else OPEN_STATES
        qs = qs.filter(case__status__in=states)
    return list(qs.order_by("-case__registered_at")[:MAX_RESULTS])


def _range(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The dates asked for, or 90 days up to / from the one given; a range that runs off the
    calendar (year 1 minus 90 days, 9999 plus 90) is refused like any other wrong date."""
    try:
        return _span(start, end)
    except OverflowError:
        raise InvalidInput(
            _("start_date and end_date must lie between the years 1 and 9999."),
            code="open311.date_out_of_range",
        ) from None


def _span(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    if start and end and end < start:
        raise InvalidInput(_("end_date is before start_date."), code="open311.dates_reversed")
    if start and end and end - start > DEFAULT_SPAN:
        raise InvalidInput(
            _("start_date and end_date may not span more than 90 days."),
            code="open311.dates_span_too_long",
        )
    if start is None and end is None:
        end = clock.now()
    if start is None:
        assert end is not None
        start = end - DEFAULT_SPAN
    return start, end or start + DEFAULT_SPAN
