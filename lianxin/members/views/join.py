"""入会 on a phone (mounted at /w/join/): a union's join page (the QR on its poster opens it), and
the signed-in worker's own membership card with a QR a station can check. Post/redirect/get."""

from base64 import b64encode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from lianxin.core.errors import DomainError
from lianxin.members import qr, services
from lianxin.members.forms import JoinForm
from lianxin.members.models import Membership
from lianxin.members.permissions import BASE_UNION_KINDS
from lianxin.members.selectors import own_active_membership, own_person
from lianxin.members.services import PersonDetails
from lianxin.members.states import State
from lianxin.orgs.models import Org


def _union(code: str) -> Org:
    org = Org.objects.filter(code=code, is_active=True, kind__in=sorted(BASE_UNION_KINDS)).first()
    if org is None:
        raise Http404
    return org


def _own_open(request, org: Org) -> Membership | None:
    """The worker's own open application to this union (theirs as applicant or as the person)."""
    if not request.user.is_authenticated:
        return None
    rows = Membership.objects.filter(org=org, state=State.APPLIED)
    person = own_person(request.user)
    mine = rows.filter(applicant=request.user)
    return (mine | rows.filter(person=person)).first() if person else mine.first()


@never_cache
def apply(request, code: str) -> HttpResponse:
    """加入工会: the phone-first form; a signed-in worker applies, the union then decides."""
    org = _union(code)
    context: dict = {"org": org, "member": own_active_membership(request.user)}
    context["open"] = _own_open(request, org)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and request.user.is_authenticated and form.is_valid():
        d = form.cleaned_data
        details = PersonDetails(
            name=d["name"], id_number=d["id_number"], phone=d["phone"],
            employment_form=d["employment_form"], platform_or_employer=d["platform_or_employer"],
        )  # fmt: skip
        try:
            services.apply_for_membership(actor=request.user, org=org, details=details)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("join:applied", code=org.code)
    context["form"] = form
    context["login_url"] = f"{reverse('login')}?next={request.path}"
    return render(request, "members/join/apply.html", context)


@login_required
def applied(request, code: str) -> HttpResponse:
    org = _union(code)
    return render(
        request, "members/join/applied.html", {"org": org, "open": _own_open(request, org)}
    )


@never_cache
@login_required
def mine(request) -> HttpResponse:
    """我的会籍: the active membership with its card number and QR, and any open applications."""
    membership = own_active_membership(request.user)
    person = own_person(request.user)
    pending = Membership.objects.filter(state=State.APPLIED).select_related("org")
    pending = pending.filter(person=person) if person else pending.filter(applicant=request.user)
    card_svg = ""
    if membership is not None and membership.card_number:
        token = qr.card_token(membership.pk, membership.card_number)
        url = request.build_absolute_uri(reverse("members:check", args=[token]))
        card_svg = b64encode(qr.svg(url, scale=5)).decode("ascii")
    context = {"membership": membership, "pending": pending, "card_svg": card_svg}
    return render(request, "members/join/mine.html", context)
