from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lianxin.cases.states import ExtensionStatus, Status
from lianxin.orgs.models import Org


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("hours")


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit day")
    HOTLINE = "hotline", _("12351 hotline")
    ONLINE = "online", _("Online suggestion box")
    SNAPSHOT = "snapshot", _("Snapshot report")
    STATION = "station", _("Service station")
    MEETING = "meeting", _("Consultation meeting")
    LETTER = "letter", _("Letter or visit")
    IMPORT = "import", _("Import")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    ORDINARY = "ordinary", _("Ordinary")
    COMPLEX = "complex", _("Complex")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    MOSTLY = "mostly", _("Mostly satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class ReferralOutcome(models.TextChoices):
    """What came of a referral, as the partner agency reports it (转办成功率 counts MEDIATED)."""

    MEDIATED = "mediated", _("Mediated successfully")
    UNSUCCESSFUL = "unsuccessful", _("Not successful")
    LITIGATION = "litigation", _("Passed on to litigation")
    OTHER = "other", _("Other outcome")


class ClaimType(models.TextChoices):
    SELF_FALL = "self_fall", _("Self-inflicted fall")
    THIRD_PARTY = "third_party", _("Third party involved")
    SEVERE = "severe", _("Severe injury")


class Category(models.Model):
    """One entry of the case taxonomy, with the deadlines an ordinary case of it gets."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80)
    response_value = models.PositiveIntegerField(_("respond within"), default=1)
    response_unit = models.CharField(
        _("unit"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    resolution_value = models.PositiveIntegerField(_("resolve within"), default=7)
    resolution_unit = models.CharField(
        _("unit"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "key"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name


# The ledger's covering indexes: the scope, then what the order, the counts and the usual filters
# read, and the id (PostgreSQL's indexes do not hold it otherwise): both databases count and page a
# district's cases from the index alone (cases.permissions.visible_case_parts).
LEDGER_COLUMNS = [
    "registered_at", "status", "resolution_due", "response_due", "category", "channel", "urgency",
    "id",
]  # fmt: skip


class Case(models.Model):
    """A concern a worker raised, from registration to closing. Overdue is derived, never stored."""

    number = models.CharField(_("case number"), max_length=24, unique=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ORDINARY
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    # Indexed by the covering indexes below (they start with these columns), not on their own.
    origin_org = models.ForeignKey(
        Org,
        on_delete=models.PROTECT,
        related_name="cases_raised",
        verbose_name=_("arose in"),
        db_index=False,
    )
    owner_org = models.ForeignKey(
        Org,
        on_delete=models.PROTECT,
        related_name="cases_owned",
        verbose_name=_("owned by"),
        db_index=False,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_handled",
        verbose_name=_("handler"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # The worker: named (name + phone) or anonymous (no personal data at all).
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # A named worker who signed in to raise the case (never set on an anonymous case).
    worker_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_raised",
        verbose_name=_("worker's account"),
    )
    worker_name = models.CharField(_("worker's name"), max_length=60, blank=True)
    worker_phone = models.CharField(_("worker's phone"), max_length=20, blank=True)
    # The named worker agreed to be told by SMS how the case goes (acceptance, resolution, feedback).
    sms_consent = models.BooleanField(_("agrees to SMS updates"), default=False)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    # The place it was raised at, by its code (a station's): the ledger knows the code, not the place
    # (cases.hooks.resolve_site asks the app that owns it).
    site = models.CharField(_("site"), max_length=32, blank=True, db_index=True)
    result = models.TextField(_("result"), blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=15, choices=Satisfaction.choices, blank=True
    )
    # Accident cases (rider and courier accidents).
    claim_type = models.CharField(
        _("claim type"), max_length=15, choices=ClaimType.choices, blank=True
    )
    amount_claimed = models.DecimalField(
        _("amount claimed (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_paid = models.DecimalField(
        _("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    registered_at = models.DateTimeField(_("registered at"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response_due = models.DateTimeField(_("respond by"))
    resolution_due = models.DateTimeField(_("resolve by"))
    escalation_level = models.PositiveSmallIntegerField(_("escalations"), default=0)
    # Set when staff link the case as a repeat of an earlier one: the same problem counts once.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("duplicate of"),
    )  # fmt: skip
    last_supervised_at = models.DateTimeField(_("last supervised"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["status", "resolution_due"]),
            # The ledger's scope is read in disjoint parts (cases.permissions.visible_case_parts):
            # "arose in the scope" walks the first index, "owned in it, arose outside" the second.
            models.Index(fields=["origin_org", *LEDGER_COLUMNS], name="cases_case_origin_cover"),
            models.Index(
                fields=["owner_org", "origin_org", *LEDGER_COLUMNS], name="cases_case_owner_cover"
            ),
            models.Index(fields=["registered_at"]),
            models.Index(fields=["category", "registered_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | (
                    Q(worker_name="")
                    & Q(worker_phone="")
                    & Q(worker_user__isnull=True)
                    & Q(sms_consent=False)
                ),
                name="cases_anonymous_has_no_personal_data",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Referral(models.Model):
    """A case handed to a partner agency, and what the agency reported back."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner")
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred at"))
    note = models.TextField(_("note"), blank=True)
    reported_at = models.DateTimeField(_("reported back at"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    # Empty on referrals still open, and on reports made before outcomes were recorded.
    outcome = models.CharField(
        _("referral outcome"),
        max_length=15,
        choices=ReferralOutcome.choices,
        blank=True,
        default="",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["", *ReferralOutcome.values])
                & (Q(outcome="") | Q(reported_at__isnull=False)),
                name="cases_referral_outcome_known_and_reported",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(reported_at__isnull=True),
                name="cases_one_open_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.partner}"


class Feedback(models.Model):
    """Each time the worker rated the outcome (a dissatisfied rating reopens the case)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedback")
    rating = models.CharField(_("satisfaction"), max_length=15, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("time"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.rating}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"cases/{instance.case_id}/{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(_("visible to the worker"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class CaseCounter(models.Model):
    """The last number given per prefix and year; locked while a number is drawn."""

    prefix = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="cases_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


# ---- 督办 by people: 催办, 挂牌督办, 申请延期 (cases.services.supervision) ---------------------------


class Urge(models.Model):
    """催办: a supervisor presses the handler on an open case; unanswered until the handler answers."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="urges")
    urged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("urged by"),
    )
    urged_at = models.DateTimeField(_("urged at"))
    note = models.TextField(_("note"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )  # fmt: skip
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("urge")
        verbose_name_plural = _("urges")
        ordering = ["-urged_at", "-pk"]
        indexes = [models.Index(fields=["case", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.case.number} urged {self.urged_at:%Y-%m-%d}"


class SupervisionOrder(models.Model):
    """挂牌督办: a case put under formal supervision with its own deadline, until lifted (摘牌)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supervision_orders")
    due = models.DateField(_("supervision deadline"))
    note = models.TextField(_("note"))
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("flagged by"),
    )  # fmt: skip
    flagged_at = models.DateTimeField(_("flagged at"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("lifted by"),
    )  # fmt: skip
    lift_note = models.TextField(_("lifting note"), blank=True)

    class Meta:
        verbose_name = _("formal supervision")
        verbose_name_plural = _("formal supervisions")
        ordering = ["-flagged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(lifted_at__isnull=True),
                name="cases_one_active_supervision",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.case.number} supervised until {self.due}"


class ExtensionRequest(models.Model):
    """申请延期: the handler asks for a later resolution deadline; a supervisor approves or rejects.

    Only an approved request moves `Case.resolution_due` (from `current_due` to `requested_due`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extension_requests")
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )  # fmt: skip
    current_due = models.DateTimeField(_("deadline when asked"))
    requested_due = models.DateTimeField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status=ExtensionStatus.PENDING),
                name="cases_one_pending_extension",
            ),
            models.CheckConstraint(
                condition=Q(requested_due__gt=models.F("current_due")),
                name="cases_extension_is_later",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.case.number} → {self.requested_due:%Y-%m-%d}"


class CaseText(models.Model):
    """A case's search tokens (cases.search): kept in step by the services that write its text.

    The full-text index reads this table — an FTS5 table over it on SQLite (its triggers follow every
    row written here), a GIN index over its `simple` tsvector on PostgreSQL — never the case itself,
    so the tokens hold no name or phone: searching must not unmask what the ledger masks.
    """

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    tokens = models.TextField()

    class Meta:
        verbose_name = _("search text")
        verbose_name_plural = _("search texts")

    def __str__(self) -> str:
        return f"search text of case {self.case_id}"
