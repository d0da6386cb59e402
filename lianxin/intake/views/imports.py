"""Import pages: upload a ledger, watch it import, download the rows that were not imported, and
the data-quality report (数据治理). They parse the request, call one service or selector, and render."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.errors import DomainError, NotFound
from lianxin.core.excel import XLSX
from lianxin.intake import quality
from lianxin.intake.forms_imports import ImportUploadForm, QualityForm
from lianxin.intake.importing.batches import batch_detail, batch_list
from lianxin.intake.importing.columns import template_workbook
from lianxin.intake.services.import_recovery import REQUEUED, is_stale, requeue_import
from lianxin.intake.services.imports import create_import
from lianxin.orgs.permissions import actionable_orgs

PAGE_SIZE = 25
TEMPLATE_NAME = "问题台账导入模板.xlsx"


@login_required
def imports(request):
    """The upload form and the imports the user may see, newest first."""
    orgs = actionable_orgs(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            batch = create_import(
                actor=request.user, org=form.cleaned_data["org"], upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("File received: %(name)s.") % {"name": batch.file_name})
            return redirect("imports:batch", batch_id=batch.pk)
    page = Paginator(batch_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_import": orgs.exists()}
    return render(request, "intake/imports/index.html", context)


@login_required
def template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(TEMPLATE_NAME)}"
    return response


def _batch_or_404(request, batch_id):
    try:
        return batch_detail(user=request.user, batch_id=batch_id)
    except NotFound as missing:
        raise Http404(missing.message) from None


@login_required
def batch(request, batch_id):
    """One import; while it runs, htmx asks for the progress part again every 2 seconds."""
    row = _batch_or_404(request, batch_id)
    context = {"batch": row, "stalled": is_stale(row)}
    if request.htmx:
        return render(request, "intake/imports/_progress.html", context)
    return render(request, "intake/imports/batch.html", context)


@login_required
@require_POST
def requeue(request, batch_id):
    """A stalled import (its worker stopped) queued again; it resumes without adding twice."""
    _batch_or_404(request, batch_id)
    try:
        outcome = requeue_import(batch_id=batch_id, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if outcome == REQUEUED:
            messages.success(request, _("The import was queued again."))
    return redirect("imports:batch", batch_id=batch_id)


@login_required
def errors(request, batch_id):
    """The rows that were not imported, with the reason for each, as Excel."""
    row = _batch_or_404(request, batch_id)
    if not row.error_file:
        raise Http404
    name = f"{row.file_name.rsplit('.', 1)[0]}-未导入.xlsx"
    return FileResponse(row.error_file.open("rb"), as_attachment=True, filename=name)


@login_required
def quality_report(request):
    """数据治理: counts per measure and per org, and the cases with one problem, each linking to its page."""
    form = QualityForm(request.GET or None, user=request.user)
    org = form.cleaned_data.get("org") if form.is_valid() else None
    kind = request.GET.get("kind", quality.UNCATEGORISED)
    if kind not in quality.KINDS:
        kind = quality.UNCATEGORISED
    cases = quality.quality_cases(user=request.user, org=org)
    rows = quality.quality_list(cases=cases, kind=kind)
    by_org = quality.quality_by_org(cases)
    scope = {"org": org.code} if org else {}
    context = {
        "form": form,
        "org": org,
        "kind": kind,
        "kinds": [(k, label, quality.KIND_HELP[k]) for k, label in quality.KINDS.items()],
        "counts": quality.quality_counts(cases),
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "org_page": Paginator(by_org, PAGE_SIZE).get_page(request.GET.get("org_page")),
        "scope_query": urlencode(scope),
        "list_query": urlencode({**scope, "kind": kind}),
    }
    return render(request, "intake/imports/quality.html", context)
