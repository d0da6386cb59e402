"""Lianxin in GeoReport v2's words: categories are services, snapshot cases are service requests.

Every field the spec names is present in every entry (empty ones as null in JSON and as empty
elements in XML), so a client never has to guess whether a field is missing or just empty. What
identifies the person who posted a request (name, phone, email) is never among them.

The feed is public, so two fields are derived rather than copied:
- `status_notes` is the name of the case's state, one fixed translated text per state — never the
  handler's free text (a result or a reason can name the worker, a colleague or a phone number);
- `lat`/`long` are rounded to 3 decimal places (PUBLIC_COORDINATE: about 110 m north–south and
  90 m east–west at Jiaozuo's latitude), so the feed shows the neighbourhood of a report, not the
  doorstep a phone's GPS put it on. The ledger keeps the exact point for the union.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from lianxin.cases.deadlines import BEIJING, Term, case_terms
from lianxin.cases.models import Case, Category, ClaimType, DeadlineUnit, Urgency
from lianxin.cases.states import Status
from lianxin.core.errors import InvalidInput
from lianxin.intake.models import Open311Request
from lianxin.intake.services.open311 import CLOSED_STATES, Details

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-08T00:00:00+08:00"  # when this endpoint's behaviour last changed
PUBLIC_COORDINATE = Decimal("0.001")  # ~100 m: the precision the public feed shows (see above)
FORMATS = ["text/xml", "application/json"]
ACCIDENT = "accident"
# The spec's `group`: the taxonomy's keys in a few families a client can show as headings.
GROUPS = {
    "wages": "rights", "contract": "rights", "social_insurance": "rights",
    "hours_leave": "rights", "women": "rights", "democracy": "rights",
    "safety": "safety", "injury_health": "safety", "accident": "safety",
    "conditions": "daily_life", "canteen_dorm": "daily_life", "welfare": "daily_life",
    "skills": "development", "gig_platform": "gig_work",
}  # fmt: skip


def w3(moment: datetime | None) -> str | None:
    """The spec's date format: ISO 8601 with the offset, here Beijing time."""
    return moment.astimezone(BEIJING).isoformat(timespec="seconds") if moment else None


def _within(value: int, unit: str) -> str:
    return "%(value)d %(unit)s" % {"value": value, "unit": DeadlineUnit(unit).label}


def service_notice(category: Category) -> str:
    """A service's notice: the terms of an ordinary request in its category."""
    return _notice(
        (category.response_value, category.response_unit),
        (category.resolution_value, category.resolution_unit),
    )


def request_notice(case: Case) -> str:
    """A request's notice: the terms its own deadlines were set by (an urgent one: 2 hours), so
    it says what its `expected_datetime` holds."""
    (respond, _due), (resolve, _end) = case_terms(
        registered_at=case.registered_at, category=case.category, urgency=case.urgency,
        claim_type=case.claim_type,
    )  # fmt: skip
    return _notice(respond, resolve)


def _notice(respond: Term, resolve: Term) -> str:
    return _(
        "The union answers within %(response)s and resolves the request within %(resolution)s."
    ) % {"response": _within(*respond), "resolution": _within(*resolve)}


# ---- services -----------------------------------------------------------------------------------


def service_entry(category: Category) -> dict:
    return {
        "service_code": category.key,
        "service_name": category.label,
        "description": service_notice(category),
        "metadata": bool(_attributes(category)),
        "type": "realtime",  # a request is a case at once: its service_request_id comes back
        "keywords": ", ".join(dict.fromkeys([category.name, category.name_en, category.key])),
        "group": GROUPS.get(category.key, "other"),
    }


def service_definition(category: Category) -> dict:
    return {"service_code": category.key, "attributes": _attributes(category)}


def _choices(choices: Iterable[tuple[str, object]]) -> list[dict]:
    return [{"key": key, "name": str(name)} for key, name in choices]


def _attributes(category: Category) -> list[dict]:
    attributes = [
        _attribute(
            "urgency", "singlevaluelist", 1, _("How urgent is it? Ordinary when not given."),
            values=_choices(Urgency.choices),
        )
    ]  # fmt: skip
    if category.key == ACCIDENT:
        attributes += [
            _attribute(
                "claim_type", "singlevaluelist", 2, _("What kind of accident was it?"),
                values=_choices(ClaimType.choices),
            ),
            _attribute(
                "amount_claimed", "number", 3, _("The amount claimed, in yuan."),
                datatype_description=_("A number of yuan, e.g. 1200.50"),
            ),
        ]  # fmt: skip
    return attributes


def _attribute(
    code: str,
    datatype: str,
    order: int,
    description: str,
    *,
    values: list[dict] | None = None,
    datatype_description: str | None = None,
) -> dict:
    return {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": False,
        "datatype_description": datatype_description,
        "order": order,
        "description": description,
        "values": values or [],
    }


def details_from(category: Category, given: dict[str, list[str]]) -> Details:
    """A POST's attribute[code]=value pairs checked against the service's definition."""
    defined = {a["code"]: a for a in _attributes(category)}
    for code, values in given.items():
        attribute = defined.get(code)
        if attribute is None:
            raise InvalidInput(
                _("attribute[%(code)s] is not defined for service %(service)s.")
                % {"code": code, "service": category.key},
                code="open311.attribute_unknown",
            )
        allowed = {v["key"] for v in attribute["values"]}
        if len(values) != 1 or (allowed and values[0] not in allowed):
            raise InvalidInput(
                _("attribute[%(code)s] has no such value.") % {"code": code},
                code="open311.attribute_invalid",
            )
    value = {code: values[0] for code, values in given.items()}
    return Details(
        urgency=value.get("urgency") or Urgency.ORDINARY,
        claim_type=value.get("claim_type", ""),
        amount_claimed=_amount(value.get("amount_claimed", "")),
    )


def _amount(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(
            _("attribute[amount_claimed] must be a number of yuan."),
            code="open311.attribute_invalid",
        )
    return amount.quantize(Decimal("0.01"))


# ---- service requests ---------------------------------------------------------------------------


def open311_status(case: Case) -> str:
    return "closed" if case.status in CLOSED_STATES else "open"


def status_notes(case: Case) -> str:
    """Lianxin's own state in words, the same fixed text for every case in it (never free text)."""
    return str(Status(case.status).label)


def updated_at(request: Open311Request) -> datetime:
    """When the request was closed, for a closed one (the spec's rule); else its last change."""
    case = request.case
    closed = {
        Status.CLOSED: case.closed_at,
        Status.RESOLVED: case.resolved_at,
        Status.REJECTED: case.responded_at,
    }.get(Status(case.status))
    return closed or getattr(request, "last_event_at", None) or case.registered_at


def _public_coordinate(value: Decimal | None) -> float | None:
    """A coordinate rounded to PUBLIC_COORDINATE (half away from zero, as a map rounds)."""
    if value is None:
        return None
    return float(Decimal(value).quantize(PUBLIC_COORDINATE, rounding=ROUND_HALF_UP))


def request_entry(request: Open311Request) -> dict:
    case = request.case
    return {
        "service_request_id": case.number,
        "status": open311_status(case),
        "status_notes": status_notes(case),
        "service_name": case.category.label,
        "service_code": case.category.key,
        "description": case.description,
        "agency_responsible": case.owner_org.name,
        "service_notice": request_notice(case),
        "requested_datetime": w3(case.registered_at),
        "updated_datetime": w3(updated_at(request)),
        "expected_datetime": None if case.status in CLOSED_STATES else w3(case.resolution_due),
        "address": case.address or None,
        "address_id": request.address_id or None,
        "zipcode": None,
        "lat": _public_coordinate(case.latitude),
        "long": _public_coordinate(case.longitude),
        "media_url": request.media_url or None,
    }


def posted_entry(request: Open311Request) -> dict:
    """POST's answer: the id at once (no token, as the spec asks of a realtime service)."""
    return {
        "service_request_id": request.case.number,
        "service_notice": request_notice(request.case),
        "account_id": None,
    }


def token_entry(request: Open311Request) -> dict:
    return {"service_request_id": request.case.number, "token": request.token}


def discovery(*, url: str) -> dict:
    return {
        "changeset": CHANGESET,
        "contact": _("The trade-union federation running Lianxin: ask its administrator."),
        "key_service": _(
            "API keys for posting requests are issued to client apps by a Lianxin administrator."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": FORMATS,
            }
        ],
    }
