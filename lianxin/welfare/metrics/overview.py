"""The welfare figures of an org's subtree over a period: every area's figures in one answer.

Who may read them: the roles that read an org's figures (chair, staff, supervisor, leader, admin at
the org or above). Amounts aggregate upward; no name is in any figure.
"""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lianxin.core.errors import NotFound
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org
from lianxin.welfare.metrics import hardship, mutual_aid, warmth
from lianxin.welfare.permissions.warmth import SEEING_ROLES, AnyUser


def welfare_figures(*, user: AnyUser, org: Org, start: date, end: date) -> dict[str, Any]:
    if not org_perms.reaches(user, org, SEEING_ROLES):
        raise NotFound(_("No such organisation."), code="welfare.org_not_found")
    figures: dict[str, Any] = {"org": org.code, "start": start, "end": end}
    for area in (hardship, warmth, mutual_aid):
        figures.update(area.figures(user=user, org=org, start=start, end=end))
    return figures
