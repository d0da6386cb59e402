"""困难职工帮扶档案: a file per person and household, its home visits and its aid payments.

Persons, not names: the beneficiary is a `members.Person` (sealed); household members carry their
relation, birth year, health and work only; a visit's findings are sealed under the person's key, so
erasing the person leaves nothing readable here. Amounts are Decimal yuan.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.members.models import Person
from lianxin.orgs.models import Org
from lianxin.welfare.states.hardship import (
    OPEN_FILE_STATES,
    AidKind,
    FileState,
    Health,
    Level,
    PaymentState,
    Relation,
    Work,
)


class HardshipFile(models.Model):
    """One household in hardship, held by one union; at most one open file per person."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="hardship_files", verbose_name=_("person")
    )
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="hardship_files", verbose_name=_("union")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=FileState.choices, default=FileState.APPLIED
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    causes = models.JSONField(_("causes"), default=list, blank=True)  # Cause values
    income_per_head = models.DecimalField(
        _("monthly income per head"), max_digits=12, decimal_places=2
    )
    opened_on = models.DateField(_("opened on"))
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True)
    # 督办: the day the overdue visit was last noticed (at most one notice a day).
    visit_noticed_on = models.DateField(null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["org", "state"]),
            models.Index(fields=["state", "next_visit_due"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state__in=sorted(OPEN_FILE_STATES)),
                name="welfare_hardship_one_open_file",
            ),
            models.CheckConstraint(
                condition=Q(income_per_head__gte=0), name="welfare_hardship_income_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"KN{self.pk:06d}"

    @property
    def number(self) -> str:
        return str(self)


class HouseholdMember(models.Model):
    """A member of the file's household: relation, birth year, health and work; no name."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="household")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    health = models.CharField(_("health"), max_length=10, choices=Health.choices)
    work = models.CharField(_("work"), max_length=12, choices=Work.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["file", "pk"]

    def __str__(self) -> str:
        return f"{self.file} · {self.get_relation_display()}"


class Visit(models.Model):
    """A home visit (入户走访): when, who went, what was found (sealed), when the next is due."""

    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("visitors")
    )
    findings_sealed = models.TextField(blank=True, editable=False)
    next_due = models.DateField(_("next visit due"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["file", "visited_on", "pk"]
        indexes = [models.Index(fields=["visited_on"])]

    def __str__(self) -> str:
        return f"{self.file} · {self.visited_on}"

    @property
    def findings(self) -> str:
        return self.file.person._open(self.findings_sealed)


class AidPayment(models.Model):
    """An aid payment on a file: requested, approved by someone else above the limit, paid."""

    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("kind"), max_length=20, choices=AidKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    state = models.CharField(
        _("state"), max_length=12, choices=PaymentState.choices, default=PaymentState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("requested on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("aid payment")
        verbose_name_plural = _("aid payments")
        ordering = ["file", "requested_on", "pk"]
        indexes = [models.Index(fields=["state", "paid_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="welfare_aid_amount_positive"),
            models.CheckConstraint(
                condition=~Q(state=PaymentState.PAID) | Q(paid_on__isnull=False),
                name="welfare_aid_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file} · {self.amount}"
