"""工会驿站: stations as places, their service log, duty days and QR posters."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lianxin.orgs.models import Org
from lianxin.stations import hours


class Facility(models.TextChoices):
    MICROWAVE = "microwave", _("Microwave")
    CHARGING = "charging", _("Phone and battery charging")
    WATER = "water", _("Drinking water")
    FIRST_AID = "first_aid", _("First-aid kit")
    BOOKS = "books", _("Books and newspapers")
    TOILET = "toilet", _("Toilet")
    LEGAL_AID = "legal_aid", _("Legal aid desk")
    GIG_JOBS = "gig_jobs", _("Gig job desk")
    REST_AREA = "rest_area", _("Rest area")
    AIR_CONDITIONING = "air_conditioning", _("Air conditioning")
    WIFI = "wifi", _("Wi-Fi")


def validate_facilities(value: Any) -> None:
    """A list of distinct facility keys (a JSON list: portable to SQLite and PostgreSQL alike)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Facilities are a list of facility keys."), code="invalid")
    unknown = sorted(set(value) - set(Facility.values))
    if unknown:
        raise ValidationError(
            _("Unknown facilities: %(keys)s") % {"keys": ", ".join(unknown)}, code="invalid"
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A facility is listed twice."), code="invalid")


def validate_hours(value: Any) -> None:
    try:
        hours.parse(value)
    except ValueError as exc:
        raise ValidationError(
            _("The opening hours are not valid: %(error)s") % {"error": exc}, code="invalid"
        ) from None


class Station(models.Model):
    """A rest-and-service point for outdoor workers, run by a union, with a 站长 (station manager)."""

    code = models.CharField(_("code"), max_length=32, unique=True)  # fits Case.site
    name = models.CharField(_("name"), max_length=100)
    district = models.CharField(_("district"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    hours = models.JSONField(
        _("opening hours"), default=list, blank=True, validators=[validate_hours]
    )
    facilities = models.JSONField(
        _("facilities"), default=list, blank=True, validators=[validate_facilities]
    )
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="stations", verbose_name=_("managing union")
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_stations",
        verbose_name=_("station manager"),
    )
    # Closed for good on this day (None: in service). A closed station keeps its page and says so.
    closed_on = models.DateField(_("closed since"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        indexes = [models.Index(fields=["latitude", "longitude"], name="station_lat_lon")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="station_coordinates_on_earth",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    def facility_labels(self) -> list[str]:
        labels = dict(Facility.choices)
        return [str(labels[f]) for f in self.facilities if f in labels]


# The counts of one day, in the order the form and the figures show them.
LOG_COUNTS = (
    "visitors",
    "meals_heated",
    "charges",
    "legal_consultations",
    "legal_resolved",
    "legal_referred",
    "job_referrals",
)


class ServiceLog(models.Model):
    """What a station delivered on one day; entering the same day again corrects that day's row."""

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="logs", verbose_name=_("station")
    )
    day = models.DateField(_("day"))
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    meals_heated = models.PositiveIntegerField(_("meals heated"), default=0)
    charges = models.PositiveIntegerField(_("charges"), default=0)
    legal_consultations = models.PositiveIntegerField(_("legal consultations"), default=0)
    # The consultations' outcomes: settled at the desk, or referred on (to a lawyer, a partner agency).
    legal_resolved = models.PositiveIntegerField(_("consultations resolved"), default=0)
    legal_referred = models.PositiveIntegerField(_("consultations referred"), default=0)
    job_referrals = models.PositiveIntegerField(_("job referrals"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-day"]
        verbose_name = _("service log")
        verbose_name_plural = _("service logs")
        constraints = [
            models.UniqueConstraint(fields=["station", "day"], name="service_log_one_per_day"),
            models.CheckConstraint(
                condition=Q(legal_consultations__gte=F("legal_resolved") + F("legal_referred")),
                name="service_log_outcomes_within_consultations",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.day}"

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in LOG_COUNTS}
