"""Days in the field: the fields every kind of day shares (abstract), and the duty days at a site.

A kind of day is a pair of tables: the day (where, when, who, its plan and summary) and its diary
entries (what was heard, which may become a case). The 陪伴日 keeps its tables in intake
(`VisitDay`, `DiaryEntry`); the 当一天站长 duty day at a station is here, by the station's code:
the ledger's site hook (`cases.hooks.resolve_site`) says which place a code stands for, so this app
never names the one that owns stations.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import Case
from lianxin.fieldwork.states import DayStatus
from lianxin.orgs.models import Org


class FieldDay(models.Model):
    """A planned day in the field, and what came of it."""

    Status = DayStatus

    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=DayStatus.choices, default=DayStatus.PLANNED
    )
    plan = models.TextField(_("plan"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        abstract = True


class FieldEntry(models.Model):
    """One thing heard on a day; it may become a case (linked both ways), or an anonymous case
    (linked neither way)."""

    team = models.ForeignKey(
        Org, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("team"),
    )  # fmt: skip
    speaker = models.CharField(_("who"), max_length=100, blank=True)
    heard = models.TextField(_("what was heard"))
    place = models.CharField(_("where"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    # Raised as an anonymous case: then `case` stays empty and the speaker is cleared, so nothing
    # ties the case to the person who spoke; this flag only stops the entry being raised twice.
    raised_anonymously = models.BooleanField(_("raised as an anonymous case"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.heard[:40]


class DutyDay(FieldDay):
    """当一天站长: a cadre's day on duty at a station (by its code), hearing the workers who come."""

    site = models.CharField(_("station"), max_length=32, db_index=True)
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="duty_days",
        verbose_name=_("managing union"),
    )  # fmt: skip
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_days",
        verbose_name=_("cadre on duty"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("duty day")
        verbose_name_plural = _("duty days")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="fieldwork_one_duty_per_site_day")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.date}"


class DutyEntry(FieldEntry):
    """What a worker told the cadre on duty."""

    day = models.ForeignKey(DutyDay, on_delete=models.CASCADE, related_name="entries")
    case = models.OneToOneField(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="duty_entry",
        verbose_name=_("case"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("duty diary entry")
        verbose_name_plural = _("duty diary entries")
        ordering = ["recorded_at"]
