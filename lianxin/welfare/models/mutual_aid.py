"""职工互助保障: plans, their benefit rules, enrolments (persons, not names) and claims.

A plan belongs to the union that runs it; its rules say what each kind of claim pays. An enrolment is
one person in one plan (never two). A claim is the enrolled person's, moves through
`states.mutual_aid.CLAIM_WORKFLOW`, and may come from an accident case of the ledger (one claim per
case). No table here holds a name: the person is `members.Person`, sealed.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import Case
from lianxin.members.models import Person
from lianxin.orgs.models import Org
from lianxin.welfare.states.mutual_aid import Basis, ClaimKind, ClaimState, Payer

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class Plan(models.Model):
    name = models.CharField(_("name"), max_length=80)
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="mutual_aid_plans", verbose_name=_("union")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    contribution = models.DecimalField(_("contribution per person (yuan)"), **MONEY)
    payer = models.CharField(_("paid by"), max_length=10, choices=Payer.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mutual-aid plan")
        verbose_name_plural = _("mutual-aid plans")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="welfare_plan_period"
            ),
            models.CheckConstraint(condition=Q(contribution__gte=0), name="welfare_plan_contrib"),
        ]

    def __str__(self) -> str:
        return self.name


class BenefitRule(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("kind of claim"), max_length=20, choices=ClaimKind.choices)
    basis = models.CharField(_("payout rule"), max_length=10, choices=Basis.choices)
    amount = models.DecimalField(_("fixed amount (yuan)"), null=True, blank=True, **MONEY)
    percent = models.DecimalField(
        _("percent of the loss"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    cap_per_claim = models.DecimalField(_("cap per claim"), null=True, blank=True, **MONEY)
    cap_per_year = models.DecimalField(_("cap per person per year"), null=True, blank=True, **MONEY)
    waiting_days = models.PositiveSmallIntegerField(_("waiting period (days)"), default=0)

    class Meta:
        verbose_name = _("benefit rule")
        verbose_name_plural = _("benefit rules")
        ordering = ["plan", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="welfare_rule_one_per_kind"),
            models.CheckConstraint(
                condition=(Q(basis=Basis.FIXED) & Q(amount__isnull=False))
                | (Q(basis=Basis.PERCENT) & Q(percent__isnull=False)),
                name="welfare_rule_has_its_figure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.kind}"


class Enrolment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="mutual_aid_enrolments"
    )
    enrolled_on = models.DateField(_("enrolled on"))
    contribution = models.DecimalField(_("contribution (yuan)"), **MONEY)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="welfare_one_enrolment"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.person_id}"


class Claim(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(_("kind of claim"), max_length=20, choices=ClaimKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimState.choices, default=ClaimState.REPORTED
    )
    incident_on = models.DateField(_("incident on"))
    reported_at = models.DateTimeField(_("reported at"))
    due_at = models.DateTimeField(_("settle by"))
    assessed_loss = models.DecimalField(_("assessed loss (yuan)"), null=True, blank=True, **MONEY)
    payout = models.DecimalField(_("payout (yuan)"), null=True, blank=True, **MONEY)
    # 伤残鉴定: the disability grade (1 the gravest … 10), assessed for a severe injury.
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), null=True, blank=True
    )
    # 全程代办: the union carries the whole claim for a severely injured worker.
    full_agency = models.BooleanField(_("full agency"), default=False)
    case = models.OneToOneField(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="mutual_aid_claim",
        verbose_name=_("accident case"),
    )  # fmt: skip
    rejection_reason = models.CharField(_("reason"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mutual-aid claim")
        verbose_name_plural = _("mutual-aid claims")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"claim {self.pk}"
