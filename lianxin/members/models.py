"""The people a federation serves and their memberships; workforce and targets for 入会率.

Personal fields are never stored plain: `*_sealed` columns hold Fernet tokens under the person's own
data key (`data_key`, itself wrapped by the master key; see crypto.py), and `*_hash` columns hold keyed
hashes for look-ups. Erasure (services/erasure.py) empties all of them and the wrapped key, so no
column holds anything readable about the person while their memberships still count.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.members import crypto
from lianxin.members.states import (
    ONCE_ACTIVE_STATES,
    Channel,
    EmploymentForm,
    Gender,
    State,
)
from lianxin.orgs.models import Org

HASH_LENGTH = 64


class Person(models.Model):
    """One real person across the whole federation (the same ID number never makes two)."""

    data_key = models.TextField(_("wrapped data key"), blank=True, editable=False)
    name_sealed = models.TextField(blank=True, editable=False)
    phone_sealed = models.TextField(blank=True, editable=False)
    id_number_sealed = models.TextField(blank=True, editable=False)
    notes_sealed = models.TextField(blank=True, editable=False)
    # Keyed hashes (crypto.lookup_hash): exact look-ups by name, phone and ID; NULL ID hash when none.
    name_hash = models.CharField(max_length=HASH_LENGTH, blank=True, db_index=True, editable=False)
    phone_hash = models.CharField(max_length=HASH_LENGTH, blank=True, db_index=True, editable=False)
    id_hash = models.CharField(
        max_length=HASH_LENGTH, null=True, blank=True, unique=True, editable=False
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    employment_form = models.CharField(
        _("employment form"),
        max_length=20,
        choices=EmploymentForm.choices,
        default=EmploymentForm.EMPLOYEE,
        db_index=True,
    )
    platform_or_employer = models.CharField(_("platform or employer"), max_length=120, blank=True)
    # A worker's own person: their named cases (Case.worker_user) are linked through it.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(erased_at__isnull=True)
                | (
                    Q(data_key="", name_hash="", phone_hash="", id_hash__isnull=True)
                    & Q(name_sealed="", phone_sealed="", id_number_sealed="", notes_sealed="")
                ),
                name="members_erased_person_keeps_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    # Reading the sealed fields (a list page unwraps one key per row).
    def _key(self) -> object:
        if not hasattr(self, "_cached_key"):
            self._cached_key = crypto.data_key(self.data_key)
        return self._cached_key

    def _open(self, token: str) -> str:
        return crypto.unseal(self._key(), token)  # type: ignore[arg-type]

    @property
    def name(self) -> str:
        return self._open(self.name_sealed)

    @property
    def phone(self) -> str:
        return self._open(self.phone_sealed)

    @property
    def id_number(self) -> str:
        """The full number: shown only through services.reveal_id_number, which logs the view."""
        return self._open(self.id_number_sealed)

    @property
    def notes(self) -> str:
        return self._open(self.notes_sealed)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class IdVariant(models.Model):
    """The keyed hashes of a person's ID with one of its first 17 digits blanked: two valid numbers one
    digit apart (the check digit then differs too) share one, which puts them on the merge list.

    Seventeen rows a person, so the row is kept small: the digest is the hash's first 64 bits (a
    signed bigint; a collision, ~1 in 10^3 over 170 million rows, only proposes a merge a person
    checks), and the table's one index is its primary key (digest, person) — no surrogate id, no
    separate person index (erasure deletes by (digest, person), recomputed from the number)."""

    pk = models.CompositePrimaryKey("digest", "person")
    digest = models.BigIntegerField()
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="id_variants", db_index=False
    )

    def __str__(self) -> str:
        return f"#{self.person_id}"


class Membership(models.Model):
    """A person in one base union (an enterprise union, or an industry union for gig workers)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("union")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.APPLIED
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    applied_at = models.DateTimeField(_("applied at"))
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    card_number = models.CharField(
        _("membership card number"), max_length=24, null=True, blank=True, unique=True
    )
    # The reason of a rejection or a departure, sealed under the person's key (it may be about them).
    reason_sealed = models.TextField(blank=True, editable=False)
    # The signed-in worker who applied: linked to the person when the union approves (an ID number
    # alone never hands a registered person to whoever typed it).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applicant"),
    )
    transferred_to = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferred_from",
        verbose_name=_("transferred to"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-applied_at", "-pk"]
        indexes = [
            models.Index(fields=["org", "state"]),
            models.Index(fields=["state", "joined_on"]),
            # The registry's order: a city's first page walks the newest rows, not a sort of them all.
            models.Index(fields=["-applied_at", "-id"], name="members_newest_first"),
        ]
        constraints = [
            # 一人一会籍: a person is an active member of one union at a time.
            models.UniqueConstraint(
                fields=["person"], condition=Q(state=State.ACTIVE), name="members_one_active"
            ),
            models.UniqueConstraint(
                fields=["person", "org"],
                condition=Q(state=State.APPLIED),
                name="members_one_open_application",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=sorted(ONCE_ACTIVE_STATES))
                | (Q(joined_on__isnull=False) & Q(card_number__isnull=False)),
                name="members_member_has_card_and_date",
            ),
        ]

    def __str__(self) -> str:
        return self.card_number or f"#{self.pk}"

    @property
    def reason(self) -> str:
        return self.person._open(self.reason_sealed)


class IdNumberView(models.Model):
    """The access log: every time a full ID number was shown, to whom, where and why."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="id_views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    purpose = models.CharField(_("purpose"), max_length=120)
    where = models.CharField(_("where"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ID number view")
        verbose_name_plural = _("ID number views")
        ordering = ["-at"]
        indexes = [models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"#{self.person_id} · {self.at:%Y-%m-%d %H:%M}"


class Workforce(models.Model):
    """An org's own workforce on a date (workers directly in it, not in the orgs below it)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="workforce_records")
    on = models.DateField(_("as of"))
    total = models.PositiveIntegerField(_("workforce"))
    gig = models.PositiveIntegerField(_("gig workers"), default=0)

    class Meta:
        verbose_name = _("workforce")
        verbose_name_plural = _("workforce records")
        ordering = ["org", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["org", "on"], name="members_workforce_one_per_day"),
            models.CheckConstraint(
                condition=Q(gig__lte=models.F("total")), name="members_gig_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.on}"


class MembershipTarget(models.Model):
    """An org's 入会率 target for a year (e.g. 60 % among gig workers)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="membership_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    rate = models.DecimalField(_("target rate"), max_digits=5, decimal_places=4)
    gig_only = models.BooleanField(_("gig workers only"), default=False)

    class Meta:
        verbose_name = _("membership target")
        verbose_name_plural = _("membership targets")
        ordering = ["org", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "gig_only"], name="members_target_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=1), name="members_target_rate_is_share"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.year}"
