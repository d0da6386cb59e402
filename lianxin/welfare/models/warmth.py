"""送温暖 campaigns: the campaign, its recipients (persons, never names) and what was delivered.

A person stands at most once in a campaign: the unique constraint on (campaign, person) over the
live states (listed, delivered) is the database's guarantee that nobody is paid twice; a second
listing is born `flagged` (states/warmth.py) and points at the listing it repeats.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.members.models import Person
from lianxin.orgs.models import Org
from lianxin.welfare.states.warmth import (
    LIVE_STATES,
    CampaignState,
    DeliveryKind,
    Reason,
    RecipientState,
)


class Campaign(models.Model):
    """A 送温暖 campaign of a federation (e.g. 2027年两节送温暖), with its budget and standard."""

    name = models.CharField(_("name"), max_length=120)
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="warmth_campaigns", verbose_name=_("organiser")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2)
    standard = models.DecimalField(_("standard per person (yuan)"), max_digits=12, decimal_places=2)
    state = models.CharField(
        _("state"), max_length=20, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("送温暖 campaign")
        verbose_name_plural = _("送温暖 campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="welfare_campaign_period"
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(standard__gte=0), name="welfare_campaign_money"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Recipient(models.Model):
    """A person listed for a campaign by a union of the campaign's subtree."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="recipients", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="warmth_listings", verbose_name=_("person")
    )
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="warmth_recipients", verbose_name=_("listed by")
    )
    reason = models.CharField(_("category"), max_length=20, choices=Reason.choices)
    planned_value = models.DecimalField(_("planned value (yuan)"), max_digits=12, decimal_places=2)
    state = models.CharField(_("state"), max_length=20, choices=RecipientState.choices)
    # The live listing this one repeats (set when born flagged; kept as the record of the catch).
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_by",
        verbose_name=_("duplicate of"),
    )
    listed_at = models.DateTimeField(_("listed at"))

    class Meta:
        verbose_name = _("送温暖 recipient")
        verbose_name_plural = _("送温暖 recipients")
        ordering = ["-listed_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(state__in=sorted(LIVE_STATES)),
                name="welfare_recipient_once_per_campaign",
            ),
            models.CheckConstraint(
                condition=Q(planned_value__gte=0), name="welfare_recipient_planned_value"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Delivery(models.Model):
    """What a recipient was given: cash or goods, its value, the day, who delivered it."""

    recipient = models.OneToOneField(
        Recipient, on_delete=models.PROTECT, related_name="delivery", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DeliveryKind.choices)
    value = models.DecimalField(_("value (yuan)"), max_digits=12, decimal_places=2)
    delivered_on = models.DateField(_("delivered on"), db_index=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("delivered by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("送温暖 delivery")
        verbose_name_plural = _("送温暖 deliveries")
        ordering = ["-delivered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gt=Decimal("0")), name="welfare_delivery_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.recipient_id} · {self.value}"
