"""Every change to the org tree and to roles."""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.core.errors import InvalidInput
from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgKind, PartnerType, Role


def _with_partner_type(fields: dict[str, Any]) -> dict[str, Any]:
    """`partner_type` given by its code (as the fixed list of types was) becomes the type's row."""
    code = fields.get("partner_type")
    if not isinstance(code, str):
        return fields
    found = PartnerType.objects.filter(code=code).first() if code else None
    if code and found is None:
        raise InvalidInput(
            _("There is no partner type “%(code)s”.") % {"code": code},
            code="org.partner_type_unknown",
        )
    return {**fields, "partner_type": found}


def _journalled(value: object) -> str:
    """A field's value as the journal keeps it: a partner type by its code, never its name."""
    return str(value.code if isinstance(value, PartnerType) else value)


def _next_child_path(parent: Org | None) -> str:
    siblings = (
        Org.objects.filter(parent=parent) if parent else Org.objects.filter(parent__isnull=True)
    )
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    n = tree.last_segment(last) + 1 if last else 1
    return tree.child_path(parent.path if parent else "", n)


@transaction.atomic
def create_org(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    parent: Org | None = None,
    **fields: Any,
) -> Org:
    """Add an org under `parent` (or as a root); partners must say which kind of agency they are."""
    fields = _with_partner_type(fields)
    if kind == OrgKind.PARTNER and not fields.get("partner_type"):
        raise InvalidInput(
            _("A partner agency needs its type (court, procuratorate, …)."),
            code="org.partner_type_required",
        )
    if parent is not None:
        parent = Org.objects.select_for_update().get(pk=parent.pk)
    org = Org(code=code, name=name, kind=kind, parent=parent, **fields)
    org.path = _next_child_path(parent)
    org.full_clean()
    org.save(force_insert=True)
    record_event(
        target=org, actor=actor, kind="org_created", data={"parent": parent and parent.code}
    )
    return org


@transaction.atomic
def move_org(*, actor: User | None, org: Org, new_parent: Org | None) -> Org:
    """Re-hang an org and its subtree under another parent, rewriting the subtree's paths in one UPDATE."""
    org = Org.objects.select_for_update().get(pk=org.pk)
    if new_parent is not None and new_parent.is_within(org):
        raise InvalidInput(
            _("An organisation cannot be moved under itself or its own subtree."), code="org.cycle"
        )
    old_path, old_parent = org.path, org.parent
    new_path = _next_child_path(new_parent)
    Org.objects.subtree_of(org).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
    Org.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    record_event(
        target=org,
        actor=actor,
        kind="org_moved",
        data={"from": old_parent and old_parent.code, "to": new_parent and new_parent.code},
    )
    return org


# What the admin may edit in place; the parent moves through move_org, the path never by hand.
EDITABLE_FIELDS = frozenset(
    {"code", "name", "short_name", "kind", "partner_type", "region", "region_code",
     "case_prefix", "workforce", "is_active"}
)  # fmt: skip


@transaction.atomic
def update_org(*, actor: User | None, org: Org, **changes: object) -> Org:
    """Change an org's own fields (not its place in the tree), journalling old and new values."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))},
            code="org.field_not_editable",
        )
    org = Org.objects.select_for_update().get(pk=org.pk)
    changes = _with_partner_type(changes)
    changed = {f: v for f, v in changes.items() if getattr(org, f) != v}
    if not changed:
        return org
    before = {f: _journalled(getattr(org, f)) for f in changed}
    for field, value in changed.items():
        setattr(org, field, value)
    org.full_clean()
    org.save(update_fields=sorted(changed))
    record_event(
        target=org,
        actor=actor,
        kind="org_updated",
        data={"before": before, "after": {f: _journalled(v) for f, v in changed.items()}},
    )
    return org


@transaction.atomic
def grant_role(*, actor: User | None, user: User, org: Org, role: str) -> Role:
    obj, created = Role.objects.get_or_create(user=user, org=org, role=role)
    if created:
        record_event(
            target=org, actor=actor, kind="role_granted", data={"user": user.username, "role": role}
        )
    return obj


@transaction.atomic
def revoke_role(*, actor: User | None, user: User, org: Org, role: str) -> None:
    deleted, _ = Role.objects.filter(user=user, org=org, role=role).delete()
    if deleted:
        record_event(
            target=org, actor=actor, kind="role_revoked", data={"user": user.username, "role": role}
        )
