"""The registry, its Excel export, a person's page (with the logged full-ID view), card checks, QR."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lianxin.core.errors import DomainError, NotFound
from lianxin.core.excel import xlsx_response
from lianxin.core.masking import mask_id_number, mask_name, mask_phone
from lianxin.members import qr, services
from lianxin.members.forms import RegistryFilterForm, RevealForm
from lianxin.members.hooks import person_panels
from lianxin.members.models import Membership, Person
from lianxin.members.permissions import BASE_UNION_KINDS, may_see_full_id, member_orgs
from lianxin.members.selectors import (
    member_list,
    org_for_code,
    person_detail,
    person_memberships,
)
from lianxin.members.states import State

PAGE_SIZE = 25
EXPORT_HEADERS = ["会员证号", "姓名", "性别", "出生年份", "手机号", "身份证号", "就业形态",
                  "平台或单位", "所属工会", "状态", "入会日期"]  # fmt: skip


def _form(request) -> RegistryFilterForm:
    return RegistryFilterForm(request.GET or None, orgs=member_orgs(request.user))


@login_required
def registry(request) -> HttpResponse:
    """会员名册: the memberships the user may see, filtered, paginated; htmx swaps the table."""
    if not member_orgs(request.user).exists():
        raise Http404
    form = _form(request)
    refused = form.is_bound and not form.is_valid()
    rows = Membership.objects.none() if refused else member_list(request.user, **form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    rows_shown = [_masked(m) for m in page.object_list]
    context = {"form": form, "page": page, "rows": rows_shown, "query": query, "refused": refused}
    template = "members/_registry_table.html" if request.htmx else "members/registry.html"
    return render(request, template, context)


@login_required
def export(request) -> HttpResponse:
    """Exactly what the registry's filter shows, every page, as Excel; names, phones, IDs masked."""
    if not member_orgs(request.user).exists():
        raise Http404
    form = _form(request)
    if form.is_bound and not form.is_valid():
        rows = Membership.objects.none()
    else:
        rows = member_list(request.user, **form.filters())
    return xlsx_response(
        filename="会员名册.xlsx", sheet="会员名册", headers=EXPORT_HEADERS,
        rows=(_export_row(m) for m in rows.iterator(chunk_size=500)),
    )  # fmt: skip


def _masked(m: Membership) -> dict[str, Any]:
    p = m.person
    return {"m": m, "name": mask_name(p.name), "phone": mask_phone(p.phone),
            "id_number": mask_id_number(p.id_number)}  # fmt: skip


def _export_row(m: Membership) -> list[Any]:
    p = m.person
    return [
        m.card_number or "", mask_name(p.name), p.get_gender_display(), p.birth_year or "",
        mask_phone(p.phone), mask_id_number(p.id_number), p.get_employment_form_display(),
        p.platform_or_employer, m.org.name, m.get_state_display(),
        m.joined_on,
    ]  # fmt: skip


def _person(request, person_id: int) -> Person:
    try:
        return person_detail(request.user, person_id)
    except NotFound:
        raise Http404 from None


def _person_page(request, person: Person, **extra: Any) -> HttpResponse:
    shown = person_panels(request, person)
    context = {
        "person": person, "name": mask_name(person.name), "phone": mask_phone(person.phone),
        "id_number": mask_id_number(person.id_number), "full_id": "",
        "may_reveal": may_see_full_id(request.user, person) and not person.is_erased,
        "reveal_form": RevealForm(), "memberships": person_memberships(request.user, person),
        "panels": shown, **extra,
    }  # fmt: skip
    return render(request, "members/person.html", context)


@login_required
def person(request, person_id: int) -> HttpResponse:
    return _person_page(request, _person(request, person_id))


@never_cache
@login_required
@require_POST
def reveal(request, person_id: int) -> HttpResponse:
    """显示完整身份证号: through the service that writes the access log; shown once, never cached."""
    found = _person(request, person_id)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _person_page(request, found, reveal_form=form)
    try:
        number = services.reveal_id_number(
            actor=request.user, person_id=found.pk, purpose=form.cleaned_data["purpose"],
            where=reverse("members:person", args=[found.pk]),
        )  # fmt: skip
    except DomainError as error:
        form.add_error(None, error.message)
        return _person_page(request, found, reveal_form=form)
    return _person_page(request, found, full_id=number)


@login_required
def check_card(request, token: str) -> HttpResponse:
    """A station scans a member's card: valid while the membership is active; name masked."""
    if not member_orgs(request.user).exists():
        raise Http404
    read = qr.read_card_token(token)
    membership = None
    if read is not None:
        membership_id, card = read
        membership = (
            Membership.objects.select_related("person", "org")
            .filter(pk=membership_id, card_number=card, state=State.ACTIVE)
            .first()
        )
    context = {
        "valid": membership is not None, "membership": membership,
        "name": mask_name(membership.person.name) if membership else "",
    }  # fmt: skip
    return render(request, "members/check.html", context)


def _join_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("join:apply", args=[code]))


def _poster_org(request, code: str) -> str:
    try:
        org = org_for_code(request.user, code)
    except NotFound:
        raise Http404 from None
    if org.kind not in BASE_UNION_KINDS:
        raise Http404
    return _join_url(request, org.code)


@login_required
def join_qr_svg(request, code: str) -> HttpResponse:
    """The union's join QR for a poster, as SVG: it opens the join page with the union preset."""
    data = qr.svg(_poster_org(request, code), scale=8, title=_("Join the union"))
    return HttpResponse(data, content_type="image/svg+xml")


@login_required
def join_qr_png(request, code: str) -> HttpResponse:
    response = HttpResponse(qr.png(_poster_org(request, code)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="join-{code}.png"'
    return response
