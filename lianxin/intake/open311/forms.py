"""What an Open311 client sends: POST request's form fields and GET requests' query parameters.

Every problem found becomes one entry of the spec's error list (HTTP 400), named by its field.
"""

import re
from datetime import UTC, datetime
from decimal import Decimal

from django import forms
from django.core.validators import URLValidator
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.core.errors import InvalidInput
from lianxin.core.forms import CleanTextMixin
from lianxin.intake.services.open311 import Place, Query, Requester, find_jurisdiction
from lianxin.orgs.models import Org

DESCRIPTION_LENGTH = 4000  # GeoReport v2's limit
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
STATUSES = ("open", "closed")


class PostRequestForm(CleanTextMixin, forms.Form):
    """POST requests: service_code and a location are required; everything else is optional.
    Control characters are dropped from every value before a field reads it (core.forms)."""

    jurisdiction_id = forms.CharField(required=False, max_length=40)
    service_code = forms.CharField(max_length=40)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    long = forms.FloatField(required=False, min_value=-180, max_value=180)
    address_string = forms.CharField(required=False, max_length=200)
    address_id = forms.CharField(required=False, max_length=100)
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False, max_length=30)
    first_name = forms.CharField(required=False, max_length=30)
    last_name = forms.CharField(required=False, max_length=30)
    description = forms.CharField(required=False, max_length=DESCRIPTION_LENGTH)
    media_url = forms.CharField(
        required=False,
        max_length=1000,
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": gettext_lazy("Enter an http or https URL.")},
    )

    def clean(self):
        data = super().clean() or {}
        if (data.get("lat") is None) != (data.get("long") is None):
            raise forms.ValidationError(_("lat and long must be sent together."))
        return data

    def problems(self) -> list[str]:
        """Each error as "field: message" (the whole form's own errors without a field)."""
        found = []
        for field, messages in self.errors.items():
            prefix = "" if field == "__all__" else f"{field}: "
            found += [prefix + str(m) for m in messages]
        return found

    def jurisdiction(self) -> Org | None:
        code = self.cleaned_data["jurisdiction_id"]
        return find_jurisdiction(code) if code else None

    def place(self) -> Place:
        data = self.cleaned_data
        lat, lon = data.get("lat"), data.get("long")
        return Place(
            latitude=None if lat is None else Decimal(str(lat)),
            longitude=None if lon is None else Decimal(str(lon)),
            address=data["address_string"],
            address_id=data["address_id"],
        )

    def requester(self) -> Requester:
        data = self.cleaned_data
        return Requester(
            email=data["email"],
            phone=data["phone"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )


def attributes(data: QueryDict) -> dict[str, list[str]]:
    """attribute[code]=value pairs (attribute[code][]=v for several values of one code)."""
    found: dict[str, list[str]] = {}
    for name in data:
        match = _ATTRIBUTE.match(name)
        if match:
            found.setdefault(match.group(1), []).extend(data.getlist(name))
    return found


def _items(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))


def _moment(name: str, value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        # An unencoded "+08:00" in a query string arrives as " 08:00".
        moment = datetime.fromisoformat(value.strip().replace(" ", "+"))
        if moment.tzinfo is not None:
            moment.astimezone(UTC)  # 9999-12-31T23:59:59-23:59 is past the last representable day
    except (ValueError, OverflowError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(
            _("%(name)s must be a W3C date and time with its time zone, e.g. %(example)s.")
            % {"name": name, "example": "2026-12-01T08:00:00+08:00"},
            code="open311.date_invalid",
        )
    return moment


def jurisdiction_of(params: QueryDict) -> Org | None:
    code = params.get("jurisdiction_id", "").strip()
    return find_jurisdiction(code) if code else None


def requests_query(params: QueryDict) -> Query:
    """GET requests' filters, each comma-delimited where the spec allows several values."""
    statuses = _items(params.get("status", ""))
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise InvalidInput(
            _("status must be open or closed, not %(value)s.") % {"value": unknown[0]},
            code="open311.status_invalid",
        )
    return Query(
        ids=_items(params.get("service_request_id", "")),
        codes=_items(params.get("service_code", "")),
        start=_moment("start_date", params.get("start_date", "")),
        end=_moment("end_date", params.get("end_date", "")),
        statuses=statuses,
        jurisdiction=jurisdiction_of(params),
    )
