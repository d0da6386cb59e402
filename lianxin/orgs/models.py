from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.orgs import tree


class OrgKind(models.TextChoices):
    FEDERATION = "federation", _("Federation of trade unions")
    UNION = "union", _("Industry or street union")
    ENTERPRISE = "enterprise", _("Enterprise union")
    TEAM = "team", _("Work team")
    PARTNER = "partner", _("Partner agency")


class PartnerType(models.TextChoices):
    COURT = "court", _("Court")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    HRSS = "hrss", _("Human resources and social security bureau")
    JUSTICE = "justice", _("Justice bureau")
    PETITION = "petition", _("Petition office")


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
    partner_type = models.CharField(
        _("partner type"), max_length=20, choices=PartnerType.choices, blank=True
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
                condition=~Q(kind="partner") | ~Q(partner_type=""),
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
