from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import Case
from lianxin.fieldwork.models import FieldDay, FieldEntry
from lianxin.orgs.models import Org


class Receipt(models.Model):
    """What lets an anonymous worker follow their case: only a keyed hash of its secret is kept.

    The code a worker holds is `lookup` + secret (e.g. 7K2M-Q9DX-4HTP-W8RA-3NCF): the lookup finds
    the row, the secret is checked against `secret_hash` (HMAC-SHA256; older rows PBKDF2), and
    wrong tries are throttled.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="receipt")
    lookup = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"{self.lookup}…"


class VisitDay(FieldDay):
    """工会主席陪伴日: a chair's planned day on an enterprise's shop floor, and what came of it."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="visit_days", verbose_name=_("enterprise")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visit_days",
        verbose_name=_("chair"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("visit day")
        verbose_name_plural = _("visit days")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["org", "date"], name="intake_one_visit_per_org_day")
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.date}"


class DiaryEntry(FieldEntry):
    """民意日记: one thing heard on a visit day (the fields every day's entry has: fieldwork)."""

    visit = models.ForeignKey(VisitDay, on_delete=models.CASCADE, related_name="entries")
    case = models.OneToOneField(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="diary_entry",
        verbose_name=_("case"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("diary entry")
        verbose_name_plural = _("diary entries")
        ordering = ["recorded_at"]


class ImportBatch(models.Model):
    """One uploaded ledger file and what became of its rows."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("for"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="imports/")
    file_name = models.CharField(_("file name"), max_length=200)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error_file = models.FileField(upload_to="imports/errors/", blank=True)
    message = models.TextField(blank=True)
    # Written with every chunk a worker commits: a running batch silent for long has lost its worker.
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class ImportedRow(models.Model):
    """The fingerprint of an imported row, so importing the same file twice creates nothing new."""

    fingerprint = models.CharField(max_length=64, unique=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return self.fingerprint[:12]


# ---- Open311 GeoReport v2 -----------------------------------------------------------------------


class Open311Key(models.Model):
    """An API key issued to one client app; only a SHA-256 of it is kept, and it is shown once.

    A key is 32 random bytes, so a fast hash is enough (there is nothing to guess from), and the
    hash itself is the lookup. A revoked key stays, so the requests it posted keep their sender.
    """

    app_name = models.CharField(_("client app"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("key begins"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.app_name} ({self.hint}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class Open311Request(models.Model):
    """What a case posted over Open311 carries beyond the case itself.

    `media_url` is a field here rather than a line in the case's description: GET requests must
    give back the description as posted and the URL as its own field, and parsing one out of the
    other would break on the first description that mentions a link. Only cases with a row here
    are visible through Open311's public reads; the rest of the ledger never is.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="open311")
    key = models.ForeignKey(
        Open311Key, on_delete=models.PROTECT, related_name="requests", verbose_name=_("client app")
    )
    token = models.CharField(max_length=32, unique=True)
    media_url = models.URLField(_("media URL"), max_length=1000, blank=True)
    address_id = models.CharField(_("address ID"), max_length=100, blank=True)
    # A named requester's email (the case has no field for one); empty for an anonymous request.
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")

    def __str__(self) -> str:
        return self.token


class OrgLocation(models.Model):
    """Where an org is on the map, so a request posted with only lat/long finds its union.

    Orgs have no coordinates of their own yet; this is the least Open311 needs, kept in intake.
    """

    org = models.OneToOneField(
        Org, on_delete=models.CASCADE, related_name="location", verbose_name=_("organisation")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    radius_km = models.DecimalField(
        _("serves within (km)"), max_digits=6, decimal_places=2, default=3
    )

    class Meta:
        verbose_name = _("org location")
        verbose_name_plural = _("org locations")

    def __str__(self) -> str:
        return f"{self.org} ({self.latitude}, {self.longitude})"


class SubmissionKey(models.Model):
    """The one-time key of a worker-page form, so a double submit or a resubmission makes one case.

    Only a SHA-256 of the key is kept (the key itself lives in the form and, after the submission,
    in a short-lived cookie of the worker's browser). Until the receipt page first shows it, the
    receipt code is kept here sealed under the key — unreadable without it — and then wiped.
    """

    key_hash = models.CharField(max_length=64, unique=True)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, null=True, related_name="+")
    sealed_receipt = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("submission key")
        verbose_name_plural = _("submission keys")

    def __str__(self) -> str:
        return self.key_hash[:12]
