"""工匠学院 credits, skill certificates and the 学分银行 credit account: data only.

A person's balance is the sum of their credit lines, computed in the database; a line is written once
per achievement (unique person + source) and never edited. A rule edited later changes later lines only:
each line keeps the credits it was written with.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.members.models import Person
from lianxin.skills.states import AchievementKind, CertificateLevel

USER = settings.AUTH_USER_MODEL


class Certificate(models.Model):
    """A skill certificate a person holds (职业技能等级证书), recorded by their union."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("person")
    )
    trade = models.CharField(_("trade"), max_length=40)  # 焊工, 电工, 数控车工 …
    level = models.CharField(_("level"), max_length=20, choices=CertificateLevel.choices)
    issuer = models.CharField(_("issuer"), max_length=120)
    issued_on = models.DateField(_("issued on"))
    number = models.CharField(_("certificate number"), max_length=60)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("skill certificate")
        verbose_name_plural = _("skill certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="skills_certificate_once")
        ]

    def __str__(self) -> str:
        return f"{self.trade} · {self.get_level_display()} · {self.number}"


class CreditRule(models.Model):
    """Which achievement earns how many credits (edited in the admin).

    course_completed: `credits` per credit hour; certificate: `credits` for the rule's `level`;
    contest_result: `credits` for a rank from `rank_from` to `rank_to` (open: and below);
    proposal_adopted: `credits` for each adoption. The first active rule that fits applies.
    """

    kind = models.CharField(_("achievement"), max_length=30, choices=AchievementKind.choices)
    level = models.CharField(
        _("certificate level"), max_length=20, choices=CertificateLevel.choices, blank=True
    )
    rank_from = models.PositiveIntegerField(_("from rank"), null=True, blank=True)
    rank_to = models.PositiveIntegerField(_("to rank"), null=True, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=8, decimal_places=2)
    is_active = models.BooleanField(_("in force"), default=True)
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("credit rule")
        verbose_name_plural = _("credit rules")
        ordering = ["kind", "level", "rank_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credits__gte=Decimal(0)), name="skills_rule_credits_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(rank_to__isnull=True)
                | Q(rank_from__isnull=False, rank_to__gte=models.F("rank_from")),
                name="skills_rule_rank_band",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.credits}"

    def clean(self) -> None:
        """A certificate rule names its level, a contest rule its band; the others neither."""
        errors = {}
        if self.kind == AchievementKind.CERTIFICATE and not self.level:
            errors["level"] = _("A certificate rule names the level it credits.")
        if self.kind != AchievementKind.CERTIFICATE and self.level:
            errors["level"] = _("Only a certificate rule has a level.")
        if self.kind == AchievementKind.CONTEST_RESULT and self.rank_from is None:
            errors["rank_from"] = _("A contest rule names the ranks it credits.")
        if self.kind != AchievementKind.CONTEST_RESULT and (self.rank_from or self.rank_to):
            errors["rank_from"] = _("Only a contest rule has ranks.")
        if errors:
            raise ValidationError(errors)


class CreditLine(models.Model):
    """One credit in a person's account: what earned it (`source`, once per person) and how much."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="credit_lines", verbose_name=_("person")
    )
    kind = models.CharField(_("achievement"), max_length=30, choices=AchievementKind.choices)
    source = models.CharField(_("source"), max_length=120)
    credits = models.DecimalField(_("credits"), max_digits=8, decimal_places=2)
    on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    rule = models.ForeignKey(
        CreditRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="lines"
    )
    recorded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("credited at"))

    class Meta:
        verbose_name = _("credit line")
        verbose_name_plural = _("credit lines")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["person", "on"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "source"], name="skills_credit_once")
        ]

    def __str__(self) -> str:
        return f"#{self.person_id} · {self.source} · {self.credits}"
