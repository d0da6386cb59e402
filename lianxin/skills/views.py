"""The 学分银行 pages: a worker's own account, a union's members' totals, certificates and recording one."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianxin.core.errors import DomainError
from lianxin.core.masking import mask_name
from lianxin.members.models import Person
from lianxin.members.permissions import member_orgs
from lianxin.members.selectors import own_person
from lianxin.skills import services
from lianxin.skills.forms import CertificateForm
from lianxin.skills.permissions import may_see_account, records_certificates
from lianxin.skills.selectors import (
    CENT,
    account_of,
    certificate_list,
    member_totals,
    person_certificates,
    person_for_reference,
    unions_of,
)

PAGE_SIZE = 25


def _union_only(request) -> None:
    if not member_orgs(request.user).exists():
        raise Http404


@login_required
def mine(request) -> HttpResponse:
    """我的学分: the signed-in worker's own balance, lines and certificates (a phone page)."""
    person = own_person(request.user)
    context: dict[str, Any] = {"person": person}
    if person is not None:
        found = account_of(person)
        context.update(
            balance=found.balance,
            page=Paginator(found.lines, PAGE_SIZE).get_page(request.GET.get("page")),
            certificates=person_certificates(person)[:50],
        )
    return render(request, "skills/mine.html", context)


@login_required
def totals(request) -> HttpResponse:
    """会员学分: the members the user's union may see, by total credits, highest first."""
    _union_only(request)
    page = Paginator(member_totals(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [row["person"] for row in page.object_list]
    persons = Person.objects.in_bulk(ids)
    unions = unions_of(ids, request.user)
    rows = [
        {"person_id": pk, "name": mask_name(persons[pk].name), "union": unions.get(pk, ""),
         "total": Decimal(row["total"]).quantize(CENT), "lines": row["lines"]}
        for row in page.object_list
        for pk in [row["person"]]
    ]  # fmt: skip
    context = {"page": page, "rows": rows, "may_record": records_certificates(request.user)}
    return render(request, "skills/totals.html", context)


@login_required
def certificates(request) -> HttpResponse:
    """技能证书: the certificates of the members the user may see, newest first."""
    _union_only(request)
    page = Paginator(certificate_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"c": c, "name": mask_name(c.person.name)} for c in page.object_list]
    context = {"page": page, "rows": rows, "may_record": records_certificates(request.user)}
    return render(request, "skills/certificates.html", context)


def _preset_person(request) -> Person | None:
    """The person the form was opened for (?person= from their page), if the user may see them."""
    raw = request.GET.get("person") or request.POST.get("person") or ""
    person = Person.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if person is not None and not may_see_account(request.user, person):
        raise Http404
    return person


@login_required
def certificate_new(request) -> HttpResponse:
    """Record a certificate: for the person the page was opened for, or by card / ID number."""
    if not records_certificates(request.user):
        raise Http404
    person = _preset_person(request)
    form = CertificateForm(request.POST or None)
    if person is not None:
        del form.fields["member"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = person or person_for_reference(request.user, data.get("member", ""))
        if target is None:
            form.add_error("member", _("No member with this card or ID number in your unions."))
        else:
            try:
                services.record_certificate(
                    actor=request.user, person_id=target.pk, trade=data["trade"],
                    level=data["level"], issuer=data["issuer"], issued_on=data["issued_on"],
                    number=data["number"],
                )  # fmt: skip
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The certificate is recorded and credited."))
                return redirect("members:person", target.pk)
    name = mask_name(person.name) if person is not None else ""
    context = {"form": form, "person": person, "name": name}
    return render(request, "skills/certificate_new.html", context)
