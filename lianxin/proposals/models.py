from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.proposals.states import ResolutionStatus, Status

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class RewardForm(models.TextChoices):
    CASH = "cash", _("Cash")
    POINTS = "points", _("Points")
    HONOUR = "honour", _("Certificate of honour")
    VOUCHER = "voucher", _("Voucher")


class RewardRule(models.Model):
    """One tier of an enterprise's reward rules: a realised benefit of at least `min_benefit` yuan a
    year earns `base_amount` plus `percent` % of the benefit (capped by `max_amount` when set)."""

    enterprise = models.ForeignKey(
        "orgs.Org",
        on_delete=models.CASCADE,
        related_name="reward_rules",
        verbose_name=_("enterprise"),
    )
    min_benefit = models.DecimalField(_("benefit from (yuan a year)"), **MONEY)
    base_amount = models.DecimalField(_("base amount (yuan)"), default=0, **MONEY)
    percent = models.DecimalField(
        _("share of the benefit (%)"), max_digits=5, decimal_places=2, default=0
    )
    max_amount = models.DecimalField(_("at most (yuan)"), null=True, blank=True, **MONEY)
    form = models.CharField(
        _("form of reward"), max_length=10, choices=RewardForm.choices, default=RewardForm.CASH
    )
    label = models.CharField(_("tier"), max_length=60)

    class Meta:
        verbose_name = _("reward tier")
        verbose_name_plural = _("reward tiers")
        ordering = ["enterprise", "min_benefit"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "min_benefit"], name="proposals_one_tier_per_threshold"
            ),
            models.CheckConstraint(
                condition=Q(min_benefit__gte=0) & Q(base_amount__gte=0) & Q(percent__gte=0),
                name="proposals_tier_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ≥{self.min_benefit}: {self.label}"


class Proposal(models.Model):
    """改善提案: a worker's (or a team's) improvement proposal, from submission to its reward."""

    enterprise = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("enterprise")
    )
    team = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_proposals",
        verbose_name=_("team"),
    )
    department = models.CharField(_("department"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=120)
    problem = models.TextField(_("the problem today"))
    solution = models.TextField(_("the proposal"))
    expected_benefit = models.TextField(_("expected benefit"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_submitted",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    # The case it was raised from, or the case registered from it: the link both ways.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("linked case"),
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    implemented_at = models.DateTimeField(_("implemented at"), null=True, blank=True)
    realised_benefit = models.DecimalField(
        _("realised benefit (yuan a year)"), null=True, blank=True, **MONEY
    )
    benefit_description = models.TextField(_("non-monetary benefit"), blank=True)
    reward_rule = models.ForeignKey(
        RewardRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reward tier"),
    )
    reward_amount = models.DecimalField(_("reward (yuan)"), null=True, blank=True, **MONEY)
    reward_form = models.CharField(
        _("form of reward"), max_length=10, choices=RewardForm.choices, blank=True
    )
    rewarded_at = models.DateTimeField(_("rewarded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(realised_benefit__isnull=True) | Q(realised_benefit__gte=0),
                name="proposals_benefit_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"TA-{self.submitted_at.year}-{self.pk:05d}"


class Proposer(models.Model):
    """One person behind a proposal: a worker's account, or a name typed in for them.

    `key` identifies the person across proposals of the enterprise (for the participation rate):
    `u<user id>` for an account, `n<name>` for a typed name.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="proposers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_made",
    )
    name = models.CharField(_("name"), max_length=60)
    key = models.CharField(max_length=80)

    class Meta:
        verbose_name = _("proposer")
        verbose_name_plural = _("proposers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "key"], name="proposals_proposer_once")
        ]
        indexes = [models.Index(fields=["key"])]

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: "ProposalAttachment", filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# ---- 议事厅 meetings ------------------------------------------------------------------------------


class Meeting(models.Model):
    """A consultation meeting (议事厅) of one enterprise: agenda, attendees, minutes, resolutions."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("enterprise")
    )
    title = models.CharField(_("title"), max_length=120)
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=120)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_at", "-pk"]
        indexes = [models.Index(fields=["org", "held_at"])]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One item on a meeting's agenda: free text, and optionally the case or proposal it is about."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("item"), max_length=300)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("case"),
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("proposal"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return self.text


class AttendeeSide(models.TextChoices):
    WORKERS = "workers", _("Worker representative")
    MANAGEMENT = "management", _("Management")
    UNION = "union", _("Union")


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=60)
    side = models.CharField(_("side"), max_length=12, choices=AttendeeSide.choices)
    position = models.CharField(_("position"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.name


class Resolution(models.Model):
    """A decision of a meeting, with an owner and a deadline; supervised like a case (督办)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    text = models.TextField(_("resolution"))
    owner_name = models.CharField(_("owner"), max_length=60)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions_owned",
        verbose_name=_("owner's account"),
    )
    due = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    last_supervised_at = models.DateTimeField(_("last supervised"), null=True, blank=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.text[:60]
