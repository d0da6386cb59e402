"""Proposal pages: the worker's own proposals, the staff pipeline, one proposal, reward rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.cases.metrics import Scope
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.forms import error_texts
from lianxin.core.uploads import attachment_response
from lianxin.orgs.permissions import visible_orgs
from lianxin.proposals import exports, metrics, permissions, selectors, services
from lianxin.proposals.forms import ACTION_FORMS, ProposalForm, TierFormSet, ToCaseForm
from lianxin.proposals.states import ACTION_LABELS, EVENT_LABELS, Action, Status

PAGE_SIZE = 25

MOVES = {
    Action.REVIEW: lambda p, u, d: services.review_proposal(proposal_id=p, actor=u, note=d["note"]),
    Action.FORWARD: lambda p, u, d: services.forward_proposal(
        proposal_id=p, actor=u, note=d["note"]
    ),
    Action.ADOPT: lambda p, u, d: services.adopt_proposal(proposal_id=p, actor=u, note=d["note"]),
    Action.DECLINE: lambda p, u, d: services.decline_proposal(
        proposal_id=p, actor=u, reason=d["note"]
    ),
    Action.IMPLEMENT: lambda p, u, d: services.start_implementation(
        proposal_id=p, actor=u, note=d["note"]
    ),
    Action.COMPLETE: lambda p, u, d: services.record_implementation(
        proposal_id=p,
        actor=u,
        realised_benefit=d["realised_benefit"],
        benefit_description=d["benefit_description"],
        note=d["note"],
    ),
    Action.REWARD: lambda p, u, d: services.reward_proposal(proposal_id=p, actor=u, note=d["note"]),
}


def _proposal_or_404(request, proposal_id):
    try:
        return selectors.proposal_detail(user=request.user, proposal_id=proposal_id)
    except NotFound:
        raise Http404 from None


@login_required
def mine(request):
    """我的提案: the worker's proposals, each with its status and its latest step."""
    context = {
        "proposals": selectors.my_proposals(user=request.user),
        "enterprises": selectors.my_enterprises(user=request.user),
    }
    return render(request, "proposals/mine.html", context)


@login_required
def pipeline(request):
    """The staff pipeline: every proposal of the enterprises the user's roles reach."""
    enterprises = selectors.handled_enterprises(user=request.user)
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    rows = selectors.proposal_list(
        user=request.user, status=status, text=request.GET.get("q", "").strip()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": Status.choices,
        "q": request.GET.get("q", ""),
        "query": urlencode({"status": status, "q": request.GET.get("q", "")}),
        "enterprises": enterprises,
    }
    return render(request, "proposals/pipeline.html", context)


@login_required
def submit(request):
    """提交改善提案: a worker's own, or staff entering one for named workers."""
    form = ProposalForm(
        request.POST or None, request.FILES or None, enterprises=selectors.submittable_enterprises()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.submit_proposal(
                actor=request.user, enterprise=data["enterprise"], title=data["title"],
                problem=data["problem"], solution=data["solution"],
                expected_benefit=data["expected_benefit"], department=data["department"],
                team=data["team"], proposer_names=form.names(), attachments=data["attachments"],
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your proposal has been submitted."))
            return redirect("proposals:detail", proposal.pk)
    return render(request, "proposals/submit.html", {"form": form})


@login_required
def detail(request, proposal_id):
    """One proposal: the worker sees every public step; handlers also get the moves."""
    proposal = _proposal_or_404(request, proposal_id)
    handles = permissions.can_handle(request.user, proposal)
    moves = [
        (a, ACTION_LABELS[a], ACTION_FORMS[a](prefix=str(a)))
        for a in permissions.allowed_actions(request.user, proposal)
    ]
    context = {
        "proposal": proposal,
        "handles": handles,
        "moves": moves,
        "timeline": selectors.timeline(target=proposal, public_only=not handles),
        "event_labels": EVENT_LABELS,
        "to_case_form": ToCaseForm() if handles and proposal.case_id is None else None,
    }
    return render(request, "proposals/detail.html", context)


@login_required
@require_POST
def act(request, proposal_id, action):
    """Make one move through its service; a refusal shows why and changes nothing."""
    try:
        move = Action(action)
    except ValueError:
        raise Http404 from None
    proposal = _proposal_or_404(request, proposal_id)
    form = ACTION_FORMS[move](request.POST, prefix=str(move))
    if not form.is_valid():
        messages.error(request, " ".join(error_texts(form)))
        return redirect("proposals:detail", proposal.pk)
    try:
        MOVES[move](proposal.pk, request.user, form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": ACTION_LABELS[move]})
    return redirect("proposals:detail", proposal.pk)


@login_required
def attachment(request, proposal_id, attachment_id):
    proposal = _proposal_or_404(request, proposal_id)
    row = proposal.attachments.filter(pk=attachment_id).first()
    if row is None:
        raise Http404
    return attachment_response(row.file, content_type=row.content_type, name=row.name)


@login_required
@require_POST
def to_case(request, proposal_id):
    """Back to the ledger as a case, keeping the link."""
    proposal = _proposal_or_404(request, proposal_id)
    form = ToCaseForm(request.POST)
    if form.is_valid():
        try:
            case = services.case_from_proposal(
                proposal_id=proposal.pk, actor=request.user, category=form.cleaned_data["category"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Registered as case %(number)s.") % {"number": case.number})
    return redirect("proposals:detail", proposal.pk)


@login_required
@require_POST
def from_case(request, number):
    """A suggestion-box case becomes a proposal (the case page posts here)."""
    try:
        proposal = services.proposal_from_case(case_number=number, actor=request.user)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", number)
    messages.success(
        request, _("The case is now proposal %(number)s.") % {"number": proposal.number}
    )
    return redirect("proposals:detail", proposal.pk)


@login_required
def rules(request, org_code=None):
    """An enterprise's reward tiers: shown to its handlers, who may replace them."""
    enterprises = selectors.handled_enterprises(user=request.user)
    org = enterprises.filter(code=org_code).first() if org_code else enterprises.first()
    if org is None:
        raise Http404
    initial = [
        {"label": r.label, "min_benefit": r.min_benefit, "base_amount": r.base_amount,
         "percent": r.percent, "max_amount": r.max_amount, "form": r.form}
        for r in selectors.reward_rules(enterprise=org)
    ]  # fmt: skip
    formset = TierFormSet(request.POST or None, initial=initial, prefix="tier")
    if request.method == "POST" and formset.is_valid():
        tiers = [
            services.TierSpec(**{k: v for k, v in f.cleaned_data.items() if k != "DELETE"})
            for f in formset
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.set_reward_rules(actor=request.user, enterprise=org, tiers=tiers)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The reward rules have been saved."))
            return redirect("proposals:rules_of", org.code)
    context = {"org": org, "enterprises": enterprises, "formset": formset}
    return render(request, "proposals/rules.html", context)


@login_required
def figures(request):
    """Figures of an org of the user's scope (default: the topmost), per enterprise, top proposers."""
    orgs = visible_orgs(request.user).order_by("path")
    code = request.GET.get("org", "")
    org = orgs.filter(code=code).first() if code else orgs.first()
    if org is None:
        raise Http404
    scope = Scope(org=org)
    context = {
        "org": org,
        "total": metrics.summary(scope),
        "rows": metrics.by_enterprise(scope),
        "top": metrics.top_proposers(scope, limit=10),
    }
    return render(request, "proposals/figures.html", context)


@login_required
def export(request):
    """The proposals the user may see, with their figures, as Excel."""
    return exports.proposals_workbook(selectors.proposal_list(user=request.user))
