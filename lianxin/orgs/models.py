import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lianxin.orgs import tree


class OrgKind(models.TextChoices):
    FEDERATION = "federation", _("Federation of trade unions")
    UNION = "union", _("Industry or street union")
    ENTERPRISE = "enterprise", _("Enterprise union")
    TEAM = "team", _("Work team")
    PARTNER = "partner", _("Partner agency")


class PartnerType(models.Model):
    """A kind of partner agency (法院, 人社, 社区, 人大代表, …), defined in the admin; its keywords
    say which public-space problems a report about them is routed to a partner of this type."""

    # The codes of the five types every install had before types were data (tests and fixtures).
    COURT, PROCURATORATE, HRSS, JUSTICE, PETITION = (
        "court", "procuratorate", "hrss", "justice", "petition",
    )  # fmt: skip
    COMMUNITY = "community"

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80)
    keywords = models.TextField(
        _("routing keywords"),
        blank=True,
        help_text=_(
            "Words of a report (井盖, 路灯, …) that point to a problem a partner of this type "
            "handles, separated by spaces, commas or new lines."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner type")
        verbose_name_plural = _("partner types")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name

    def keyword_list(self) -> list[str]:
        return [w for w in re.split(r"[\s,，、;；]+", self.keywords) if w]


class RoleName(models.TextChoices):
    CHAIR = "chair", _("Chair")
    STAFF = "staff", _("Staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    PARTNER = "partner", _("Partner agency officer")
    JUDGE = "judge", _("Judge")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")


class OrgQuerySet(models.QuerySet):
    def subtree_of(self, org: "Org") -> "OrgQuerySet":
        """The org and everything below it: one index range scan."""
        return self.filter(path__gte=org.path, path__lt=tree.upper_bound(org.path))

    def within_paths(self, paths: list[str]) -> "OrgQuerySet":
        """Orgs inside any of the given subtrees (an empty list matches nothing)."""
        return self.filter(subtree_q(paths, field="path"))


def subtree_q(paths: list[str], *, field: str) -> Q:
    """A filter for rows whose `field` (an org path) lies in any of the given subtrees."""
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__gte": p, f"{field}__lt": tree.upper_bound(p)})
    return q


class Org(models.Model):
    """A node of the tree: a federation, a union, an enterprise union, a team or a partner agency."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    # The type's code is stored (to_field), in the column the fixed list of types used to fill.
    partner_type = models.ForeignKey(
        PartnerType,
        on_delete=models.PROTECT,
        to_field="code",
        db_column="partner_type",
        null=True,
        blank=True,
        related_name="orgs",
        verbose_name=_("partner type"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    region = models.CharField(_("region"), max_length=60, blank=True)
    region_code = models.CharField(_("region code"), max_length=12, blank=True)
    case_prefix = models.CharField(
        _("case number prefix"),
        max_length=6,
        blank=True,
        help_text=_("Cases raised in this subtree are numbered with it, e.g. JZ-2026-000183."),
    )
    workforce = models.PositiveIntegerField(_("workforce"), null=True, blank=True)
    # Set by the services in tree order; never edited by hand.
    path = models.CharField(max_length=255, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="partner") | Q(partner_type__isnull=False),
                name="orgs_partner_has_type",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return tree.depth(self.path)

    def ancestors(self) -> OrgQuerySet:
        return Org.objects.filter(path__in=tree.ancestor_paths(self.path)).order_by("path")

    def subtree(self) -> OrgQuerySet:
        return Org.objects.subtree_of(self)

    def is_within(self, other: "Org") -> bool:
        return other.path <= self.path < tree.upper_bound(other.path)


class Role(models.Model):
    """A user's role in one org; a role reaches the org's whole subtree (partners: the org alone)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_roles"
    )
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=RoleName.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="orgs_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org}"
