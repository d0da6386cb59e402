"""集中入会: the roster template, the upload, and what the import did (bad rows as a workbook)."""

from base64 import b64encode
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from lianxin.core.errors import DomainError
from lianxin.core.excel import XLSX
from lianxin.members.forms import RosterForm
from lianxin.members.permissions import ACTING_ROLES, BASE_UNION_KINDS
from lianxin.members.services.roster import SHOWN_BAD_ROWS, import_roster, roster_template
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import OrgKind


def _orgs(request: Any) -> Any:
    kinds = sorted({*BASE_UNION_KINDS, OrgKind.FEDERATION})
    return org_perms.orgs_reached(request.user, ACTING_ROLES).filter(kind__in=kinds, is_active=True)


@login_required
def upload(request) -> HttpResponse:
    """Upload a roster; the answer is on the same page (the import runs while the chair waits)."""
    orgs = _orgs(request).order_by("path")
    if not orgs.exists():
        raise Http404
    form = RosterForm(request.POST or None, request.FILES or None, orgs=orgs)
    result, error_file = None, ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = import_roster(
                actor=request.user, org=d["org"], stream=d["file"].file,
                name=d["file"].name or "", joined_on=d["joined_on"],
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            error_file = b64encode(result.error_file).decode("ascii")
    if orgs.count() == 1 and not form.is_bound:
        form.initial["org"] = orgs.first()
    context = {"form": form, "result": result, "error_file": error_file, "xlsx": XLSX,
               "shown": result.bad[:SHOWN_BAD_ROWS] if result else []}  # fmt: skip
    return render(request, "members/roster.html", context)


@login_required
def template(request) -> HttpResponse:
    if not _orgs(request).exists():
        raise Http404
    response = HttpResponse(roster_template(), content_type=XLSX)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E4%BC%9A%E5%91%98%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
