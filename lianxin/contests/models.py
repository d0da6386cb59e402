"""Contests (积分制 innovation contests, 五小 contests) and the 揭榜挂帅 challenge board: data only."""

from copy import copy
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import OrderBy, Q
from django.utils.translation import gettext_lazy as _

from lianxin.contests.states import (
    ChallengeStatus,
    ClaimStatus,
    EntryStatus,
    StageKind,
    StageStatus,
)
from lianxin.orgs.models import Org

USER = settings.AUTH_USER_MODEL


class PointsScaling(models.TextChoices):
    TOP_FINALIST = "top_finalist", _("Relative to the highest finalist")
    NONE = "none", _("Points as they are")


class ScreenerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("The participant's enterprise union")
    ORGANISER = "organiser", _("The organising union")
    JUDGES = "judges", _("The track's judges")


class Contest(models.Model):
    title = models.CharField(_("title"), max_length=120)
    owner_org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="contests", verbose_name=_("organiser")
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_public = models.BooleanField(_("public"), default=True)
    finalists_count = models.PositiveIntegerField(_("finalists"), default=10)
    points_weight = models.DecimalField(
        _("weight of points"), max_digits=4, decimal_places=2, default=Decimal("0.60")
    )
    final_weight = models.DecimalField(
        _("weight of the final"), max_digits=4, decimal_places=2, default=Decimal("0.40")
    )
    points_scaling = models.CharField(
        _("points scaling"),
        max_length=20,
        choices=PointsScaling.choices,
        default=PointsScaling.TOP_FINALIST,
    )
    scale_to = models.DecimalField(
        _("scale points to"), max_digits=8, decimal_places=2, default=Decimal("100")
    )
    trim_from_judges = models.PositiveSmallIntegerField(
        _("trimmed mean from this many judges"), default=5
    )
    normalise_judges = models.BooleanField(_("normalise each judge's scores"), default=False)
    min_seeding_years = models.PositiveSmallIntegerField(
        _("years of application for a seeding entry"), default=2
    )
    # Set when finalists are chosen; the total scales points relative to it.
    top_finalist_points = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    # The day (Beijing) whose opening ranks Standing.rank_day_start holds: movement since yesterday.
    ranks_taken_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Track(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="contests_track_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("kind"), max_length=20, choices=StageKind.choices)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=20, choices=StageStatus.choices, default=StageStatus.SCHEDULED
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["opens_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "kind"], name="contests_stage_unique"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="contests_stage_times"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest} · {self.get_kind_display()}"


class Criterion(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=40)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal(1))
    min_score = models.DecimalField(
        _("lowest score"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    max_score = models.DecimalField(_("highest score"), max_digits=6, decimal_places=2)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gt=models.F("min_score")), name="contests_criterion_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScreeningLevel(models.Model):
    """One rung of the review ladder (部门初审 → 小组复审 → 专家评审), passed in `order`."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="screening_levels")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=40)
    screener = models.CharField(_("decided by"), max_length=20, choices=ScreenerKind.choices)

    class Meta:
        verbose_name = _("screening level")
        verbose_name_plural = _("screening levels")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="contests_level_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Judge(models.Model):
    """An expert on one track's panel; `enterprise` is where they work (conflict of interest)."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="contest_judgings")
    enterprise = models.ForeignKey(
        Org, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [
            models.UniqueConstraint(fields=["track", "user"], name="contests_judge_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.track}"


class ParticipantKind(models.TextChoices):
    WORKER = "worker", _("A worker")
    TEAM = "team", _("A team")


class Participant(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=10, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=80)
    enterprise = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    user = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="contest_entries_as"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "user"],
                condition=Q(user__isnull=False),
                name="contests_participant_user_unique",
            ),
            models.UniqueConstraint(fields=["contest", "name"], name="contests_participant_name"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=40)
    enterprise = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="entries")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="entries")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="entries")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    completed_on = models.DateField(_("completed on"))
    first_applied_on = models.DateField(_("first applied on"), null=True, blank=True)
    benefit_claimed = models.DecimalField(
        _("economic benefit claimed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    levels_passed = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(
        _("score"), max_digits=8, decimal_places=2, null=True, blank=True, editable=False
    )
    judges_count = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["participant", "submitted_at"]),
            models.Index(fields=["track", "status"]),
        ]

    def __str__(self) -> str:
        return self.title


class EntryAttachment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="contests/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ScreeningDecision(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="screenings")
    level = models.ForeignKey(ScreeningLevel, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField(_("passed"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")
        ordering = ["level__order"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "level"], name="contests_screening_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.level}"


class Score(models.Model):
    """One judge's marks for one entry: `values` maps criterion id → mark; `total` is their sum."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="contest_scores")
    values = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=8, decimal_places=2)
    scored_at = models.DateTimeField()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="contests_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.total}"


class RankIndex(models.Index):
    """An index in the standings' rank order, so a read of the top rows is a short index scan.

    PostgreSQL's DESC puts NULLs first, so the order needs NULLS LAST spelled out; SQLite's DESC puts
    them last already and its CREATE INDEX refuses the words: there they are left out (its planner
    sorts the few rows that differ, those without a first submission).
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = copy(self)
        plain.expressions = tuple(
            OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
            for e in self.expressions
        )
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)


class Standing(models.Model):
    """A participant's running row, kept up to date in the scoring transaction: ranking reads it."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="standings")
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="standing"
    )
    points = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    entries = models.PositiveIntegerField(default=0)
    first_submitted_at = models.DateTimeField(null=True)
    is_finalist = models.BooleanField(default=False)
    final_score = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    total = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    rank_day_start = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        indexes = [
            RankIndex(
                "contest",
                models.F("total").desc(nulls_last=True),
                models.F("final_score").desc(nulls_last=True),
                models.F("points").desc(),
                models.F("first_submitted_at").asc(nulls_last=True),
                "id",
                name="contests_standing_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.points}"


class Challenge(models.Model):
    """揭榜挂帅: a hard problem an org posts for teams to take on."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="challenges")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    reward = models.CharField(_("reward"), max_length=120)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN
    )
    posted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(_("posted at"))

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-posted_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Claim(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="claims")
    team_name = models.CharField(_("team name"), max_length=80)
    enterprise = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    plan = models.TextField(_("solution plan"))
    claimed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["claimed_at", "pk"]

    def __str__(self) -> str:
        return self.team_name


class ProgressReport(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("progress"))
    is_delivery = models.BooleanField(default=False)
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["reported_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
