"""The worker's own pages (public, no login): raise a concern, then follow it with the receipt.

Each view parses the request, calls one service or selector, and renders. The receipt code appears
in exactly one response — the receipt page the submission redirects to, the first time it is
opened — never cached, never in a URL, a cookie, a log, a message or the session. A verified receipt is remembered in a short-lived signed cookie rather
than in the session: a session row sits beside a signed-in user's id in the database, and that
would link an anonymous case to an account.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lianxin.cases.hooks import Site, resolve_site
from lianxin.cases.permissions import WorkerActor
from lianxin.cases.services import record_feedback
from lianxin.cases.states import Status
from lianxin.core.errors import DomainError
from lianxin.core.text import strip_controls
from lianxin.core.throttle import client_ip
from lianxin.core.uploads import attachment_response
from lianxin.intake.forms_worker import ConcernForm, MessageForm, ReceiptForm, WorkerFeedbackForm
from lianxin.intake.services import worker as worker_services
from lianxin.intake.services.receipts import ReceiptThrottled, case_for_receipt
from lianxin.intake.services.submission_keys import SEAL_SECONDS, new_key, take_receipt

COOKIE = "lx_worker_case"
COOKIE_SALT = "lianxin.intake.worker-case"
COOKIE_AGE = 30 * 60  # seconds a verified receipt keeps the case open on this phone
SUBMITTED_COOKIE = "lx_submitted"  # the form key of the last submission, for its receipt page
SUBMITTED_SALT = "lianxin.intake.worker-submitted"
PAGE_SIZE = 20


# ---- raising a concern -------------------------------------------------------------------------


@never_cache
def submit(request):
    """反映诉求: pick the enterprise, describe the concern, stay anonymous or give a name.

    A submission answers with a redirect to the receipt page (post/redirect/get), so reloading
    that page never sends the form again; the form's one-time key makes a double submit one case.
    """
    site = _site_of(request)
    form = ConcernForm(request.POST or None, request.FILES or None, site=site)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = data["submission_key"] or new_key()
        try:
            worker_services.submit_concern(
                key=key,
                client=client_ip(request),
                enterprise=data["enterprise"],
                description=data["description"],
                is_anonymous=data["identity"] == "anonymous",
                category=data["category"],
                worker_name=data["worker_name"],
                worker_phone=data["worker_phone"],
                sms_consent=data["sms_consent"],
                account=request.user if request.user.is_authenticated else None,
                location=form.location(),
                photos=data["photos"],
                site=site,
            )
        except worker_services.SubmissionThrottled as error:
            return _throttled(request, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _to_receipt(request, key)
    return render(request, "intake/worker/submit.html", _submit_context(request, form, site))


def _site_of(request) -> Site | None:
    """The open station a QR link names (`?site=<code>`, kept in the form as it is sent)."""
    code = (request.POST.get("site") or request.GET.get("site") or "").strip()[:32]
    return resolve_site(code) if code else None


def _to_receipt(request, key: str):
    """The redirect to the receipt page, with the form's key in a short-lived cookie (never the
    receipt code itself: that stays sealed on the server until the page first shows it)."""
    response = redirect("worker:submitted")
    response.set_signed_cookie(
        SUBMITTED_COOKIE, key, salt=SUBMITTED_SALT, max_age=SEAL_SECONDS,
        path=reverse("worker:submitted"), secure=request.is_secure(),
        httponly=True, samesite="Lax",
    )  # fmt: skip
    return response


@never_cache
@require_GET
def submitted(request):
    """The answer to a submission: the case number, and the receipt code the first time only."""
    key = request.get_signed_cookie(
        SUBMITTED_COOKIE, default=None, salt=SUBMITTED_SALT, max_age=SEAL_SECONDS
    )
    found = take_receipt(key=key) if key else None
    if found is None:
        return redirect("worker:submit")
    case, receipt = found
    return render(request, "intake/worker/submitted.html", {"case": case, "receipt": receipt})


def _submit_context(request, form: ConcernForm, site: Site | None = None) -> dict:
    query = request.GET.get("q", "").strip()
    chosen = str(form["enterprise"].value() or "")
    results = list(worker_services.search_enterprises(text=query))
    picked = worker_services.enterprises().filter(code=chosen).select_related("parent").first()
    if picked and picked not in results:
        results.insert(0, picked)
    asked_site = bool(request.GET.get("site") or request.POST.get("site"))
    return {
        "form": form, "query": query, "results": results, "chosen": chosen, "site": site,
        "site_unknown": asked_site and site is None,
    }  # fmt: skip


@require_GET
def org_search(request):
    """Enterprises matching what the worker typed (htmx swaps the list into the form)."""
    query = request.GET.get("q", "").strip()
    context = {"results": worker_services.search_enterprises(text=query), "query": query}
    return render(request, "intake/worker/_org_results.html", context)


def _throttled(request, message: str):
    return render(request, "intake/worker/throttled.html", {"message": message}, status=429)


# ---- following a case --------------------------------------------------------------------------


@never_cache
def status(request):
    """查询进度: the receipt code opens the case; wrong codes are counted and soon refused."""
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_for_receipt(code=form.cleaned_data["code"], client=client_ip(request))
        except ReceiptThrottled:
            return _throttled(
                request, _("Too many wrong receipt codes. Please wait 15 minutes and try again.")
            )
        if case is not None:
            response = redirect("worker:case")
            response.set_signed_cookie(
                COOKIE, str(case.pk), salt=COOKIE_SALT, max_age=COOKIE_AGE,
                path=reverse("worker:submit"), secure=request.is_secure(),
                httponly=True, samesite="Lax",
            )  # fmt: skip
            return response
        form.add_error("code", _("This receipt code is not right. Check it and try again."))
    return render(request, "intake/worker/status.html", {"form": form})


@require_POST
def leave(request):
    """Forget the receipt on this phone (e.g. a shared one)."""
    response = redirect("worker:status")
    response.delete_cookie(COOKIE, path=reverse("worker:submit"))
    messages.info(request, _("This phone no longer shows your case."))
    return response


def _worker_case(request, number: str | None):
    """The case this visitor may follow: by a verified receipt, or their own named case."""
    if number is None:
        case_id = request.get_signed_cookie(
            COOKIE, default=None, salt=COOKIE_SALT, max_age=COOKIE_AGE
        )
        return worker_services.case_for_worker(case_id=int(case_id)) if case_id else None
    return worker_services.cases_of_account(user=request.user).filter(number=number).first()


def _case_url(number: str | None) -> str:
    return reverse("worker:mine_case", args=[number]) if number else reverse("worker:case")


def _no_case(request, number: str | None):
    if number is not None:
        raise Http404
    messages.info(request, _("Enter your receipt code to see your case."))
    return redirect("worker:status")


@never_cache
def case_page(request, number: str | None = None):
    """The case as its worker sees it: the status, the public timeline, messages and feedback."""
    case = _worker_case(request, number)
    if case is None:
        return _no_case(request, number)
    context = {
        "case": case,
        "number": number,
        "timeline": worker_services.public_timeline(case=case),
        "attachments": worker_services.public_attachments(case=case),
        "message_form": MessageForm(),
        "feedback_form": WorkerFeedbackForm() if case.status == Status.RESOLVED else None,
    }
    return render(request, "intake/worker/case.html", context)


@require_POST
def case_message(request, number: str | None = None):
    case = _worker_case(request, number)
    if case is None:
        return _no_case(request, number)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_case_url(number))
    try:
        worker_services.write_to_case(
            worker=WorkerActor(case_id=case.pk),
            text=form.cleaned_data["text"],
            photos=form.cleaned_data["photos"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your message has been sent to the union."))
    return redirect(_case_url(number))


@require_POST
def case_feedback(request, number: str | None = None):
    case = _worker_case(request, number)
    if case is None:
        return _no_case(request, number)
    form = WorkerFeedbackForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_case_url(number))
    try:
        record_feedback(
            case_id=case.pk,
            actor=WorkerActor(case_id=case.pk),
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect(_case_url(number))


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_GET
def case_file(request, attachment_id: int, number: str | None = None):
    """A photo on the case, only if it is visible to the worker."""
    case = _worker_case(request, number)
    if case is None:
        raise Http404
    row = worker_services.public_attachments(case=case).filter(pk=attachment_id).first()
    if row is None:
        raise Http404
    return attachment_response(row.file, content_type=row.content_type, name=row.name)


# ---- a signed-in worker's own named cases ------------------------------------------------------


@login_required
def mine(request):
    """我的诉求: the named cases this account raised on the worker page."""
    q = strip_controls(request.GET.get("q", "")).strip()[:MAX_QUERY]
    cases = worker_services.cases_of_account(user=request.user, q=q)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"q": q}) if q else ""
    return render(request, "intake/worker/mine.html", {"page": page, "q": q, "query": query})


MAX_QUERY = 100  # a search of one's own cases: words, a number, never a pasted text


def mine_view(view):
    """The same case views, for a signed-in worker's own case chosen by number."""

    def wrapped(request, number: str, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, number=number, **kwargs)

    wrapped.__name__ = f"mine_{view.__name__}"
    wrapped.__doc__ = view.__doc__
    return wrapped
