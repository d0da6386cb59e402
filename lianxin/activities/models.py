"""Services people sign up to: 托管班, 免费体检, 疗休养, 技能培训班, 工匠学院课程, 文体活动.

An activity has a capacity; a sign-up holds a place or waits on the list. A participant is a
`members.Person` (never a copied name or phone). 人次 are attendance rows, one per person and session.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.activities.states import ENDED_STATES, Kind, SignUpState
from lianxin.members.models import Person
from lianxin.orgs.models import Org


class Activity(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="activities", verbose_name=_("organiser")
    )
    capacity = models.PositiveIntegerField(_("places"))
    has_waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    members_only = models.BooleanField(_("union members only"), default=False)
    # EmploymentForm values a person must have to sign up; empty: any.
    employment_forms = models.JSONField(_("employment forms admitted"), default=list, blank=True)
    signup_opens = models.DateTimeField(_("sign-up opens"))
    signup_closes = models.DateTimeField(_("sign-up closes"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    credit_hours = models.DecimalField(
        _("credit hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["org", "starts_on"]),
            models.Index(fields=["signup_closes"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="activities_capacity_1"),
            models.CheckConstraint(
                condition=Q(signup_closes__gte=models.F("signup_opens")),
                name="activities_signup_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="activities_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(credit_hours__isnull=True) | Q(kind=Kind.COURSE, credit_hours__gte=0),
                name="activities_credit_hours_for_courses",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int:
        """Places not taken, on a row read with selectors.with_counts (its `taken`)."""
        return max(self.capacity - int(getattr(self, "taken", 0)), 0)


class Session(models.Model):
    """One dated meeting of an activity: attendance is taken per session."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("activity")
    )
    starts_at = models.DateTimeField(_("starts at"))
    label = models.CharField(_("label"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "starts_at"], name="activities_one_session_per_time"
            )
        ]

    def __str__(self) -> str:
        return self.label or f"{self.starts_at:%Y-%m-%d %H:%M}"


class SignUp(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="signups", verbose_name=_("activity")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="activity_signups", verbose_name=_("person")
    )
    state = models.CharField(_("state"), max_length=20, choices=SignUpState.choices)
    # Order on the waiting list (lowest moves up first); None once holding a place.
    position = models.PositiveIntegerField(_("waiting-list position"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up at"))
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed up by"),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["activity", "state", "position"])]
        constraints = [
            # A person never signs up twice for one activity (a cancelled sign-up may be renewed).
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=~Q(state__in=sorted(ENDED_STATES)),
                name="activities_one_signup_per_person",
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(state=SignUpState.WAITING),
                name="activities_position_only_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Attendance(models.Model):
    """A sign-up present at a session: one row is one 人次."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    signup = models.ForeignKey(SignUp, on_delete=models.PROTECT, related_name="attendances")
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "signup"], name="activities_one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.signup_id}"
