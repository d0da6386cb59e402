from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import Case
from lianxin.insights.states import FlagStatus
from lianxin.orgs.models import Org


class CategoryCorrection(models.Model):
    """Staff chose a category other than the one suggested: `manage.py retrain` learns from it."""

    text = models.TextField(_("text"))
    suggested = models.CharField(_("suggested category"), max_length=40)
    chosen = models.CharField(_("chosen category"), max_length=40)
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("where"), max_length=20, default="api")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("category correction")
        verbose_name_plural = _("category corrections")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.suggested} → {self.chosen}"


class DuplicateFlag(models.Model):
    """`case` looks like a repeat of the earlier `candidate` (same worker or same enterprise)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="duplicate_flags")
    candidate = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"))
    reason = models.CharField(_("why"), max_length=20)  # "worker" or "enterprise"
    status = models.CharField(
        _("status"), max_length=12, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    created_at = models.DateTimeField(_("flagged at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("duplicate flag")
        verbose_name_plural = _("duplicate flags")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "candidate"], name="insights_flag_unique"),
            models.CheckConstraint(
                condition=~Q(case=models.F("candidate")), name="insights_flag_not_self"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} ~ {self.candidate_id} ({self.status})"


class MonthlyFocus(models.Model):
    """每月一题: a high-frequency topic an org adopts as the month's focus, with its cases."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("org"))
    month = models.DateField(_("month"))  # the first day of the month
    label = models.CharField(_("topic"), max_length=120)
    terms = models.JSONField(_("key terms"), default=list)
    note = models.TextField(_("note"), blank=True)
    cases = models.ManyToManyField(Case, related_name="+", verbose_name=_("cases"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted at"))

    class Meta:
        verbose_name = _("monthly focus")
        verbose_name_plural = _("monthly focuses")
        ordering = ["-month", "org"]
        constraints = [
            models.UniqueConstraint(fields=["org", "month"], name="insights_one_focus_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.label}"


class TopicSnapshot(models.Model):
    """The high-frequency topics of one scope, as a task last computed them: pages read this and
    never cluster (clustering a city's half-year of cases takes seconds).

    `scope` is the scope's key (selectors.TopicScope): the subtrees a user's roles reach, so every
    user with the same reach reads the same snapshot and none reads another's."""

    scope = models.CharField(_("scope"), max_length=64, unique=True)
    paths = models.JSONField(_("subtrees"), default=list)
    months = models.PositiveSmallIntegerField(_("months"), default=6)
    topics = models.JSONField(_("topics"), default=list)
    case_count = models.PositiveIntegerField(_("cases clustered"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("topic snapshot")
        verbose_name_plural = _("topic snapshots")

    def __str__(self) -> str:
        return f"{self.scope[:12]} · {self.computed_at:%Y-%m-%d %H:%M}"
