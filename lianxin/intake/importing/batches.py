"""Which import batches a user may see: those for orgs they may handle cases in, and their own."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import NotFound
from lianxin.intake.models import ImportBatch
from lianxin.orgs.models import subtree_q
from lianxin.orgs.permissions import HANDLING_ROLES, reach


def visible_batches(user: User | AnonymousUser) -> QuerySet[ImportBatch]:
    if not user.is_authenticated:
        return ImportBatch.objects.none()
    if user.is_superuser:
        return ImportBatch.objects.all()
    paths, _own = reach(user, HANDLING_ROLES)
    return ImportBatch.objects.filter(subtree_q(paths, field="org__path") | Q(uploaded_by=user))


def batch_list(*, user: User | AnonymousUser) -> QuerySet[ImportBatch]:
    return visible_batches(user).select_related("org", "uploaded_by").order_by("-created_at", "-id")


def batch_detail(*, user: User | AnonymousUser, batch_id: int) -> ImportBatch:
    """One batch; outside the user's scope it answers like a missing one."""
    batch = batch_list(user=user).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("No such import."), code="import.not_found")
    return batch
