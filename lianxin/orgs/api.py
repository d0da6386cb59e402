"""REST endpoints of the org tree: the orgs visible to the caller, and the partner agencies."""

from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from lianxin.core.api import ERRORS, ApiRequest, paginate
from lianxin.core.errors import NotFound
from lianxin.orgs.models import Org
from lianxin.orgs.schemas import OrgListQuery, OrgOut, OrgPage
from lianxin.orgs.selectors import org_list, partner_agencies

router = Router(tags=["orgs"])


def org_out(org: Org) -> dict:
    return {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "partner_type": org.partner_type_id or None,
        "parent": org.parent.code if org.parent else None,
        "region": org.region,
        "depth": org.depth,
    }


@router.get("/orgs", response={200: OrgPage, **ERRORS}, operation_id="list_orgs")
def list_orgs(request: ApiRequest, query: Query[OrgListQuery]):
    """The orgs you may see (your orgs and their subtrees), in tree order."""
    rows = org_list(user=request.auth, kind=query.kind, query=query.q or "")
    page = paginate(request, rows, page=query.page, page_size=query.page_size)
    page["items"] = [org_out(o) for o in page["items"]]
    return page


@router.get("/orgs/{code}", response={200: OrgOut, **ERRORS}, operation_id="get_org")
def get_org(request: ApiRequest, code: str = Path(..., pattern=r"^[^\x00/]{1,40}$")):
    """One org you may see; any other answers like a missing one."""
    org = org_list(user=request.auth).filter(code=code).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="org.not_found")
    return org_out(org)


@router.get("/partners", response={200: list[OrgOut], **ERRORS}, operation_id="list_partners")
def list_partners(request: ApiRequest):
    """The active partner agencies a case may be referred to (any handler may refer to any)."""
    return [org_out(o) for o in partner_agencies().select_related("parent")]
