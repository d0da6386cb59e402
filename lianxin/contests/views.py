"""Contest and challenge-board pages: they parse the request, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.contests import permissions, selectors, services
from lianxin.contests.forms import (
    ChallengeForm,
    ClaimForm,
    ContestForm,
    EntryForm,
    JudgeForm,
    NoteForm,
    ParticipantForm,
    ReasonForm,
    ScoreForm,
    ScreeningForm,
)
from lianxin.contests.states import (
    ACTION_LABELS,
    CLAIM_FLOW,
    EVENT_LABELS,
    STAGE_FLOW,
    Action,
)
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.uploads import attachment_response
from lianxin.orgs.permissions import actionable_orgs

WALL_ROWS = 20
PAGE_ROWS = 100


def _contest(request, contest_id):
    try:
        return selectors.contest_detail(user=request.user, contest_id=contest_id)
    except NotFound as missing:
        raise Http404(missing.message) from None


def contest_list(request):
    can_create = request.user.is_authenticated and actionable_orgs(request.user).exists()
    context = {"contests": selectors.contest_list(user=request.user), "can_create": can_create}
    return render(request, "contests/list.html", context)


@login_required
def new_contest(request):
    """An organiser sets a contest up: tracks, criteria, stages, screening ladder and scoring."""
    form = ContestForm(request.POST or None, orgs=actionable_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.create_contest(actor=request.user, **form.service_arguments())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Contest created. Seat the judges and open the stages."))
            return redirect("contests:contest", contest_id=contest.pk)
    return render(request, "contests/new_contest.html", {"form": form})


@login_required
@require_POST
def add_judge(request, contest_id):
    contest = _contest(request, contest_id)
    form = JudgeForm(request.POST, contest=contest, prefix="j")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        d = form.cleaned_data
        _attempt(
            request,
            lambda: services.add_judge(
                actor=request.user,
                track_id=d["track"].pk,
                user=d["username"],
                enterprise=d["enterprise"],
            ),
            _("Judge added"),
        )
    return redirect("contests:contest", contest_id=contest.pk)


def contest_page(request, contest_id):
    """The contest: its rules (scoring stated in full), stages, tracks, and what this user may do."""
    contest = _contest(request, contest_id)
    user = request.user
    manage = permissions.can_manage_contest(user, contest)
    stages = [
        (
            s,
            [(a, ACTION_LABELS[a]) for a in STAGE_FLOW.actions_from(s.status)] if manage else [],
        )
        for s in contest.stages.all()
    ]
    context = {
        "contest": contest,
        "stages": stages,
        "manage": manage,
        "is_judge": permissions.judges_in(user, contest),
        "can_screen": bool(user.is_authenticated and permissions.screenable_entries(user, contest)),
        "tracks": selectors.tracks_with_counts(contest=contest),
        "top": selectors.standing_rows(contest=contest, limit=10),
        "judge_form": JudgeForm(contest=contest, prefix="j") if manage else None,
    }
    return render(request, "contests/contest.html", context)


def track_page(request, contest_id, track_id):
    contest = _contest(request, contest_id)
    track = contest.tracks.filter(pk=track_id).first()
    if track is None:
        raise Http404
    entries = selectors.track_entries(track=track)
    return render(
        request, "contests/track.html", {"contest": contest, "track": track, "entries": entries}
    )


def standings_page(request, contest_id):
    """Live standings: the table alone is fetched again every few seconds (htmx) and swapped in."""
    contest = _contest(request, contest_id)
    context = {
        "contest": contest,
        "rows": selectors.standing_rows(contest=contest, limit=PAGE_ROWS),
    }
    template = "contests/_standings_table.html" if request.htmx else "contests/standings.html"
    return render(request, template, context)


def wall(request, contest_id):
    """The wall screen: big type, the top rows, refreshed in place."""
    contest = _contest(request, contest_id)
    context = {
        "contest": contest,
        "rows": selectors.standing_rows(contest=contest, limit=WALL_ROWS),
        "wall": True,
    }
    template = "contests/_standings_table.html" if request.htmx else "contests/wall.html"
    return render(request, template, context)


def trail(request, participant_id):
    """创作轨迹: every entry of a participant with its scores over the year."""
    try:
        participant, entries = selectors.participant_trail(
            user=request.user, participant_id=participant_id
        )
    except NotFound as missing:
        raise Http404(missing.message) from None
    context = {
        "participant": participant,
        "contest": participant.contest,
        "entries": entries,
        "standing": selectors.standing_of(participant=participant),
        "rank": selectors.rank_of(participant=participant),
    }
    return render(request, "contests/trail.html", context)


@login_required
def submit(request, contest_id):
    """A worker enters the contest (once) and submits results, as many as they like."""
    contest = _contest(request, contest_id)
    participant = selectors.my_participants(user=request.user, contest=contest).first()
    if participant is None:
        form = ParticipantForm(request.POST or None, prefix="p")
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.register_participant(
                    actor=request.user,
                    contest_id=contest.pk,
                    kind=d["kind"],
                    name=d["name"],
                    enterprise=d["enterprise"],
                    members=form.member_list(),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("You are registered. Now submit your results."))
                return redirect("contests:submit", contest_id=contest.pk)
        return render(request, "contests/register.html", {"contest": contest, "form": form})
    finalist = bool(getattr(selectors.standing_of(participant=participant), "is_finalist", False))
    form = EntryForm(
        request.POST or None, request.FILES or None, contest=contest, finalist=finalist, prefix="e"
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            entry = services.submit_entry(
                actor=request.user,
                participant_id=participant.pk,
                track_id=d["track"].pk,
                stage_kind=d["stage_kind"],
                title=d["title"],
                description=d["description"],
                completed_on=d["completed_on"],
                first_applied_on=d["first_applied_on"],
                benefit_claimed=d["benefit_claimed"],
                upload=d["attachment"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Entry “%(title)s” submitted.") % {"title": entry.title})
            return redirect("contests:trail", participant_id=participant.pk)
    context = {"contest": contest, "form": form, "participant": participant}
    return render(request, "contests/submit.html", context)


@login_required
def screening(request, contest_id):
    """The entries waiting at a level this user decides, with pass / screen-out forms."""
    contest = _contest(request, contest_id)
    status = 200
    if request.method == "POST":
        form = ScreeningForm(request.POST)
        if form.is_valid():
            _decide_screening(request, form.cleaned_data)
            return redirect("contests:screening", contest_id=contest.pk)
        # a missing reason is the usual slip; a bad entry or decision is a malformed request
        status = 400 if form.has_error("entry") or form.has_error("decision") else 200
        if status == 200:
            messages.error(request, _("Say why."))
            return redirect("contests:screening", contest_id=contest.pk)
        messages.error(request, _("This decision could not be read. Please choose it again."))
    entries = permissions.screenable_entries(request.user, contest)
    levels = {lv.order: lv for lv in contest.screening_levels.all()}
    rows = [(e, levels[e.levels_passed + 1]) for e in entries]
    context = {"contest": contest, "rows": rows, "form": ReasonForm()}
    return render(request, "contests/screening.html", context, status=status)


def _decide_screening(request, data: dict) -> None:
    move = services.pass_screening if data["decision"] == "pass" else services.fail_screening
    try:
        move(entry_id=data["entry"], actor=request.user, reason=data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Decision recorded."))


@login_required
def judging(request, contest_id):
    """A judge's queue: the entries of their tracks they may score (never their own enterprise's)."""
    contest = _contest(request, contest_id)
    entries = selectors.judging_queue(user=request.user, contest=contest)
    return render(request, "contests/judging.html", {"contest": contest, "entries": entries})


@login_required
def score(request, contest_id, entry_id):
    contest = _contest(request, contest_id)
    try:
        entry = selectors.judge_entry(user=request.user, contest=contest, entry_id=entry_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    form = ScoreForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_entry(entry_id=entry.pk, actor=request.user, marks=form.marks())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Score saved."))
            return redirect("contests:judging", contest_id=contest.pk)
    context = {
        "contest": contest,
        "entry": entry,
        "form": form,
        "scores": selectors.revealed_scores(user=request.user, entry=entry),
        "criteria": list(contest.criteria.all()),
    }
    return render(request, "contests/score.html", context)


@login_required
@require_POST
def stage_action(request, contest_id, stage_id, action):
    contest = _contest(request, contest_id)
    moves = {Action.OPEN_STAGE: services.open_stage, Action.CLOSE_STAGE: services.close_stage}
    move = moves.get(action)
    if move is None:
        raise Http404
    _attempt(
        request, lambda: move(stage_id=stage_id, actor=request.user), ACTION_LABELS[Action(action)]
    )
    return redirect("contests:contest", contest_id=contest.pk)


@login_required
@require_POST
def finalists(request, contest_id):
    contest = _contest(request, contest_id)
    _attempt(
        request,
        lambda: services.select_finalists(contest_id=contest.pk, actor=request.user),
        _("Finalists chosen"),
    )
    return redirect("contests:contest", contest_id=contest.pk)


def _attempt(request, call, label) -> bool:
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    return True


@login_required
def attachment(request, entry_id, attachment_id):
    """Entry files are served only to those who may see them, never from a public folder."""
    try:
        row = selectors.entry_attachment(
            user=request.user, entry_id=entry_id, attachment_id=attachment_id
        )
    except NotFound as missing:
        raise Http404(missing.message) from None
    return attachment_response(row.file, content_type=row.content_type, name=row.name)


# ---- challenge board ----------------------------------------------------------------------------


def board(request):
    """揭榜挂帅: open, claimed and solved problems."""
    can_post = request.user.is_authenticated and actionable_orgs(request.user).exists()
    return render(
        request, "contests/board.html", {"board": selectors.challenge_board(), "can_post": can_post}
    )


@login_required
def post_challenge(request):
    form = ChallengeForm(request.POST or None, orgs=actionable_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.post_challenge(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Challenge posted."))
            return redirect("contests:challenge", challenge_id=challenge.pk)
    return render(request, "contests/post_challenge.html", {"form": form})


def challenge(request, challenge_id):
    try:
        item = selectors.challenge_detail(challenge_id=challenge_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    user = request.user
    poster = permissions.can_manage_challenge(user, item)
    claims = []
    for claim in item.claims.all():
        mine = permissions.is_claimant(user, claim)
        moves = [
            a
            for a in CLAIM_FLOW.actions_from(claim.status)
            if (a in POSTER_MOVES and poster) or (a in TEAM_MOVES and mine)
        ]
        claims.append((claim, [(a, ACTION_LABELS[a]) for a in moves]))
    context = {
        "challenge": item,
        "claims": claims,
        "poster": poster,
        "can_claim": permissions.can_claim(user, item) and item.status in ("open", "claimed"),
        "claim_form": ClaimForm(),
        "note_form": NoteForm(),
        "timeline": [
            (e, EVENT_LABELS.get(e.kind, e.kind))
            for e in selectors.challenge_timeline(challenge=item)
        ],
    }
    return render(request, "contests/challenge.html", context)


POSTER_MOVES = {
    Action.ACCEPT_CLAIM,
    Action.DECLINE_CLAIM,
    Action.ACCEPT_DELIVERY,
    Action.FAIL_DELIVERY,
}
TEAM_MOVES = {Action.REPORT_PROGRESS, Action.DELIVER}
CLAIM_MOVES = {
    Action.ACCEPT_CLAIM: lambda pk, u, n: services.accept_claim(claim_id=pk, actor=u, note=n),
    Action.DECLINE_CLAIM: lambda pk, u, n: services.decline_claim(claim_id=pk, actor=u, note=n),
    Action.REPORT_PROGRESS: lambda pk, u, n: services.report_progress(claim_id=pk, actor=u, text=n),
    Action.DELIVER: lambda pk, u, n: services.deliver_claim(claim_id=pk, actor=u, text=n),
    Action.ACCEPT_DELIVERY: lambda pk, u, n: services.accept_delivery(claim_id=pk, actor=u, note=n),
    Action.FAIL_DELIVERY: lambda pk, u, n: services.fail_delivery(claim_id=pk, actor=u, note=n),
}


@login_required
@require_POST
def claim(request, challenge_id):
    form = ClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the team's name, its enterprise and its plan."))
    else:
        _attempt(
            request,
            lambda: services.claim_challenge(
                actor=request.user, challenge_id=challenge_id, **form.cleaned_data
            ),
            ACTION_LABELS[Action.CLAIM],
        )
    return redirect("contests:challenge", challenge_id=challenge_id)


@login_required
@require_POST
def claim_action(request, challenge_id, claim_id, action):
    try:
        move = CLAIM_MOVES[Action(action)]
    except (ValueError, KeyError):
        raise Http404 from None
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    _attempt(request, lambda: move(claim_id, request.user, note), ACTION_LABELS[Action(action)])
    return redirect("contests:challenge", challenge_id=challenge_id)


@login_required
@require_POST
def close_challenge(request, challenge_id):
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    _attempt(
        request,
        lambda: services.close_challenge(challenge_id=challenge_id, actor=request.user, note=note),
        ACTION_LABELS[Action.CLOSE_CHALLENGE],
    )
    return redirect("contests:challenge", challenge_id=challenge_id)
