"""Job posts, 零工 short jobs, 带岗直播 sessions and workers' applications.

A post is published by a union for an enterprise: the public reads it and contacts the union, never
the employer's private phone (the post holds no employer contact at all). A 零工 short job may name
the 工会驿站 it is offered at by the station's code (`site`, as cases do: the stations app is a
sibling and is never imported). An application is a person's (members.Person), one per person and
post (a unique constraint), passed by the union to the enterprise, which reports a hire or not.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lianxin.jobs.states import ApplicationState, PostKind, PostState, WageUnit
from lianxin.members.models import Person
from lianxin.orgs.models import Org


class JobPost(models.Model):
    """A job an enterprise offers, published through a union."""

    enterprise = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="job_offers", verbose_name=_("enterprise")
    )
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="job_posts", verbose_name=_("posted through")
    )
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices, db_index=True)
    wage_min = models.PositiveIntegerField(_("wage from (yuan)"))
    wage_max = models.PositiveIntegerField(_("wage up to (yuan)"))
    wage_unit = models.CharField(_("wage unit"), max_length=10, choices=WageUnit.choices)
    place = models.CharField(_("place of work"), max_length=120)
    requirements = models.TextField(_("requirements"), blank=True)
    headcount = models.PositiveSmallIntegerField(_("headcount"))
    # A 零工 short job at a 工会驿站: the station's code (resolved by the stations app, not imported).
    site = models.CharField(_("station code"), max_length=40, blank=True, db_index=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    contact = models.CharField(_("union contact"), max_length=120, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PostState.choices, default=PostState.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(_("posted at"), db_index=True)
    ended_at = models.DateTimeField(_("filled or closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job post")
        verbose_name_plural = _("job posts")
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["state", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_max__gte=F("wage_min")), name="jobs_wage_range"
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="jobs_headcount_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="jobs_post_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LiveSession(models.Model):
    """A 带岗直播: a union cadre presents job posts on a live stream."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="live_sessions", verbose_name=_("union")
    )
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hosted_live_sessions",
        verbose_name=_("host"),
    )
    posts = models.ManyToManyField(
        JobPost, related_name="live_sessions", verbose_name=_("posts presented")
    )
    viewers = models.PositiveIntegerField(_("viewers"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("带岗直播 session")
        verbose_name_plural = _("带岗直播 sessions")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    """A person's application to a post, perhaps made during a live session."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="job_applications", verbose_name=_("person")
    )
    post = models.ForeignKey(
        JobPost, on_delete=models.PROTECT, related_name="applications", verbose_name=_("job post")
    )
    session = models.ForeignKey(
        LiveSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("带岗直播 session"),
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ApplicationState.choices,
        default=ApplicationState.SUBMITTED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    applied_at = models.DateTimeField(_("applied at"), db_index=True)
    passed_on_at = models.DateTimeField(_("passed on at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-applied_at", "-pk"]
        indexes = [models.Index(fields=["post", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "post"], name="jobs_one_application"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
