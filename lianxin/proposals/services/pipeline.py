"""Every change to a proposal: one function per move, one transaction, one journal event.

Each move locks the proposal row, checks scope (outside it the proposal does not exist for the
actor), the actor's permission and the transition table, saves only the fields it changes and
appends one public event (the proposers see every step). A refused move raises a DomainError before
anything is written.
"""

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.cases.models import Case, Category, Channel
from lianxin.cases.selectors import case_detail
from lianxin.cases.services import NewCase, register_case
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, require
from lianxin.core.uploads import check_upload, stored_as
from lianxin.members.hooks import Achievement, report_achievement
from lianxin.members.models import Person
from lianxin.orgs.models import Org, OrgKind
from lianxin.proposals import notices, rewards
from lianxin.proposals.models import Proposal, ProposalAttachment, Proposer
from lianxin.proposals.permissions import (
    can_handle,
    can_see_proposal,
    can_submit_in,
    ensure_may,
    submits_for_others,
)
from lianxin.proposals.states import EVENT_LABELS, PROPOSAL_WORKFLOW, Action

MAX_ATTACHMENTS = 5


def person_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


# ---- submission ---------------------------------------------------------------------------------


@transaction.atomic
def submit_proposal(
    *,
    actor: User,
    enterprise: Org,
    title: str,
    problem: str,
    solution: str,
    expected_benefit: str = "",
    department: str = "",
    team: Org | None = None,
    proposer_names: Sequence[str] = (),
    attachments: Sequence[UploadedFile] = (),
) -> Proposal:
    """提交改善提案: a worker hands in their own (with co-proposers by name); staff of the
    enterprise may enter one for named workers."""
    if not can_submit_in(actor, enterprise):
        raise PermissionDenied(
            _("You may not submit proposals to %(org)s.") % {"org": enterprise.name},
            code="proposal.permission_denied",
        )
    names = _clean_names(proposer_names)
    people: list[tuple[User | None, str]] = [(None, n) for n in names]
    if not (names and submits_for_others(actor, enterprise)):
        people.insert(0, (actor, person_label(actor)))
    proposal = _create(
        actor=actor, enterprise=enterprise, title=title, problem=problem, solution=solution,
        expected_benefit=expected_benefit, department=department, team=team, people=people,
        attachments=attachments,
    )  # fmt: skip
    record_event(
        target=proposal,
        actor=actor,
        kind="submitted",
        visibility=Visibility.PUBLIC,
        state_after=proposal.status,
        data={"enterprise": enterprise.code, "proposers": [n for _u, n in people]},
    )
    notices.proposal_submitted(proposal)
    return proposal


def _clean_names(names: Sequence[str]) -> list[str]:
    cleaned = []
    for name in names:
        name = name.strip()[:60]
        if name and name not in cleaned:
            cleaned.append(name)
    return cleaned


def _create(
    *,
    actor: User | None,
    enterprise: Org,
    title: str,
    problem: str,
    solution: str,
    expected_benefit: str,
    department: str,
    team: Org | None,
    people: list[tuple[User | None, str]],
    attachments: Sequence[UploadedFile] = (),
    case: Case | None = None,
) -> Proposal:
    require(
        title.strip() and problem.strip() and solution.strip(),
        _("A proposal needs a title, the problem today and the proposal itself."),
        code="proposal.text_missing",
    )
    require(
        team is None or (team.kind == OrgKind.TEAM and team.parent_id == enterprise.pk),
        _("The team must be one of the enterprise's work teams."),
        code="proposal.team_outside_enterprise",
    )
    require(
        len(attachments) <= MAX_ATTACHMENTS,
        _("At most %(n)s files can be attached.") % {"n": MAX_ATTACHMENTS},
        code="upload.too_many",
    )
    checked = [(upload, check_upload(upload)) for upload in attachments]
    proposal = Proposal.objects.create(
        enterprise=enterprise, team=team, department=department.strip()[:80],
        title=title.strip()[:120], problem=problem.strip(), solution=solution.strip(),
        expected_benefit=expected_benefit.strip(), submitted_by=actor,
        submitted_at=clock.now(), case=case,
    )  # fmt: skip
    Proposer.objects.bulk_create(
        [
            Proposer(proposal=proposal, user=user, name=name, key=proposer_key(user, name))
            for user, name in people
        ]
    )
    for upload, content_type in checked:
        ProposalAttachment.objects.create(
            proposal=proposal, file=stored_as(upload, content_type), name=(upload.name or "file")[:200],
            content_type=content_type, size=upload.size or 0, uploaded_by=actor,
            uploaded_at=proposal.submitted_at,
        )  # fmt: skip
    return proposal


def proposer_key(user: User | None, name: str) -> str:
    """Who a proposer is, across proposals: their account, else the name typed in."""
    return f"u{user.pk}" if user is not None else f"n{name}"


# ---- the pipeline -------------------------------------------------------------------------------


def _locked(proposal_id: int, actor: User | None) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update().select_related("enterprise").filter(pk=proposal_id)
    ).first()
    if proposal is None or (actor is not None and not can_see_proposal(actor, proposal)):
        raise NotFound(_("No such proposal."), code="proposal.not_found")
    return proposal


def _move(
    *,
    proposal_id: int,
    actor: User,
    action: Action,
    kind: str,
    note: str = "",
    data: dict | None = None,
    apply: Callable[[Proposal], list[str]] | None = None,
) -> Proposal:
    """The shape every move shares. Must be called inside the service's transaction."""
    proposal = _locked(proposal_id, actor)
    run_move(
        proposal, workflow=PROPOSAL_WORKFLOW, action=action, kind=kind, actor=actor,
        may=lambda: ensure_may(actor, action, proposal), apply=apply, note=note,
        visibility=Visibility.PUBLIC, data=data,
    )  # fmt: skip
    label = str(EVENT_LABELS.get(kind, kind))
    notices.proposal_moved(proposal, label)
    return proposal


@transaction.atomic
def review_proposal(*, proposal_id: int, actor: User, note: str = "") -> Proposal:
    """部门初审 begins: the department looks at the proposal."""
    return _move(
        proposal_id=proposal_id, actor=actor, action=Action.REVIEW, kind="department_review",
        note=note,
    )  # fmt: skip


@transaction.atomic
def forward_proposal(*, proposal_id: int, actor: User, note: str = "") -> Proposal:
    """The department passes it to the proposal committee."""
    return _move(
        proposal_id=proposal_id, actor=actor, action=Action.FORWARD, kind="forwarded", note=note
    )


def _decide(reason: str) -> Callable[[Proposal], list[str]]:
    def apply(proposal: Proposal) -> list[str]:
        proposal.decision_reason = reason.strip()
        proposal.decided_at = clock.now()
        return ["decision_reason", "decided_at"]

    return apply


@transaction.atomic
def adopt_proposal(*, proposal_id: int, actor: User, note: str = "") -> Proposal:
    """采纳: the committee adopts the proposal for implementation; each proposer with a person record
    is reported an achievement (the 学分银行 listens through members.hooks)."""
    proposal = _move(
        proposal_id=proposal_id, actor=actor, action=Action.ADOPT, kind="adopted", note=note,
        apply=_decide(note),
    )  # fmt: skip
    _report_adoption(proposal, actor)
    return proposal


def _report_adoption(proposal: Proposal, actor: User) -> None:
    """`proposal_adopted` for every proposer whose account has a person record (others: nothing)."""
    users = proposal.proposers.filter(user__isnull=False).values("user_id")
    persons = Person.objects.filter(user_id__in=users, erased_at__isnull=True).order_by("pk")
    on = timezone.localdate(proposal.decided_at or clock.now())
    for person_id in persons.values_list("pk", flat=True):
        report_achievement(Achievement(
            person_id=person_id, kind="proposal_adopted", on=on, actor_id=actor.pk,
            source=f"proposals.proposal:{proposal.pk}:{person_id}", detail={"title": proposal.title},
        ))  # fmt: skip


@transaction.atomic
def decline_proposal(*, proposal_id: int, actor: User, reason: str) -> Proposal:
    """Not adopted, always with the reason the proposer reads (at any review level)."""
    require(reason.strip(), _("Say why the proposal is declined."), code="proposal.reason_required")
    return _move(
        proposal_id=proposal_id, actor=actor, action=Action.DECLINE, kind="declined",
        note=reason, apply=_decide(reason),
    )  # fmt: skip


@transaction.atomic
def start_implementation(*, proposal_id: int, actor: User, note: str = "") -> Proposal:
    return _move(
        proposal_id=proposal_id, actor=actor, action=Action.IMPLEMENT, kind="implementing",
        note=note,
    )  # fmt: skip


def parse_benefit(value: object) -> Decimal | None:
    """A realised benefit in yuan a year: empty is None, otherwise a non-negative amount."""
    if value in (None, ""):
        return None
    try:
        benefit = Decimal(str(value)).quantize(rewards.FEN)
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            _("The benefit must be an amount in yuan."), code="proposal.benefit_invalid"
        ) from None
    require(benefit >= 0, _("The benefit cannot be negative."), code="proposal.benefit_negative")
    return benefit


@transaction.atomic
def record_implementation(
    *,
    proposal_id: int,
    actor: User,
    realised_benefit: Decimal | str | None = None,
    benefit_description: str = "",
    note: str = "",
) -> Proposal:
    """实施完成: with the realised benefit in yuan a year and/or a non-monetary benefit."""
    benefit = parse_benefit(realised_benefit)
    require(
        benefit is not None or benefit_description.strip(),
        _("Give the realised benefit in yuan a year, or describe the benefit."),
        code="proposal.benefit_missing",
    )

    def apply(proposal: Proposal) -> list[str]:
        proposal.realised_benefit = benefit
        proposal.benefit_description = benefit_description.strip()
        proposal.implemented_at = clock.now()
        return ["realised_benefit", "benefit_description", "implemented_at"]

    data = {"realised_benefit": None if benefit is None else str(benefit)}
    return _move(
        proposal_id=proposal_id, actor=actor, action=Action.COMPLETE, kind="implemented",
        note=note or benefit_description, data=data, apply=apply,
    )  # fmt: skip


@transaction.atomic
def reward_proposal(*, proposal_id: int, actor: User, note: str = "") -> Proposal:
    """奖励: the amount and form come from the enterprise's tiers for the realised benefit."""

    def apply(proposal: Proposal) -> list[str]:
        found = rewards.quote(rewards.rules_of(proposal.enterprise_id), proposal.realised_benefit)
        if found is None:
            raise InvalidInput(
                _("%(org)s has no reward tier for this benefit yet.")
                % {"org": proposal.enterprise.name},
                code="proposal.no_reward_tier",
            )
        proposal.reward_rule, proposal.reward_amount = found.rule, found.amount
        proposal.reward_form, proposal.rewarded_at = found.form, clock.now()
        data.update(tier=found.rule.label, amount=str(found.amount), form=found.form)
        return ["reward_rule", "reward_amount", "reward_form", "rewarded_at"]

    data: dict[str, str] = {}
    return _move(
        proposal_id=proposal_id, actor=actor, action=Action.REWARD, kind="rewarded", note=note,
        data=data, apply=apply,
    )  # fmt: skip


# ---- cases ⇄ proposals --------------------------------------------------------------------------


def enterprise_of(org: Org) -> Org | None:
    if org.kind == OrgKind.ENTERPRISE:
        return org
    if org.kind == OrgKind.TEAM and org.parent is not None:
        return org.parent
    return None


@transaction.atomic
def proposal_from_case(*, case_number: str, actor: User, solution: str = "") -> Proposal:
    """A suggestion from the online box becomes a proposal of its enterprise, linked to the case;
    the worker who raised it (when named) is the proposer."""
    case = case_detail(user=actor, number=case_number)
    enterprise = enterprise_of(case.origin_org)
    require(
        enterprise is not None,
        _("Only a case raised in an enterprise can become a proposal."),
        code="proposal.case_not_in_enterprise",
    )
    assert enterprise is not None
    if not can_handle_org(actor, enterprise):
        raise PermissionDenied(
            _("You may not submit proposals to %(org)s.") % {"org": enterprise.name},
            code="proposal.permission_denied",
        )
    require(
        not Proposal.objects.filter(case=case).exists(),
        _("Case %(number)s already has a proposal.") % {"number": case.number},
        code="proposal.case_has_proposal",
    )
    people: list[tuple[User | None, str]] = []
    if not case.is_anonymous and (case.worker_user or case.worker_name):
        name = case.worker_name or person_label(case.worker_user)  # type: ignore[arg-type]
        people.append((case.worker_user, name))
    team = case.origin_org if case.origin_org.kind == OrgKind.TEAM else None
    proposal = _create(
        actor=actor, enterprise=enterprise, title=case.title, problem=case.description,
        solution=solution or case.description, expected_benefit="", department="", team=team,
        people=people, case=case,
    )  # fmt: skip
    record_event(
        target=proposal, actor=actor, kind="from_case", visibility=Visibility.PUBLIC,
        state_after=proposal.status, data={"case": case.number},
    )  # fmt: skip
    notices.proposal_moved(proposal, str(EVENT_LABELS["from_case"]))
    return proposal


def can_handle_org(actor: User, enterprise: Org) -> bool:
    return submits_for_others(actor, enterprise)


@transaction.atomic
def case_from_proposal(*, proposal_id: int, actor: User, category: Category) -> Case:
    """Back to the ledger: register the proposal as a case of its enterprise, keeping the link."""
    proposal = _locked(proposal_id, actor)
    if not can_handle(actor, proposal):
        raise PermissionDenied(
            _("You may not do this to proposal %(number)s.") % {"number": proposal.number},
            code="proposal.permission_denied",
        )
    require(
        proposal.case_id is None,
        _("Proposal %(number)s is already linked to a case.") % {"number": proposal.number},
        code="proposal.has_case",
    )
    first = proposal.proposers.select_related("user").first()
    case = register_case(actor=actor, new=NewCase(origin_org=proposal.team or proposal.enterprise, category=category, channel=Channel.ONLINE, title=proposal.title, description=f"{proposal.problem}\n\n{proposal.solution}", worker_name=first.name if first else "", worker_user=first.user if first else None, is_anonymous=first is None))  # fmt: skip
    proposal.case = case
    proposal.save(update_fields=["case"])
    record_event(
        target=proposal, actor=actor, kind="to_case", visibility=Visibility.PUBLIC,
        state_before=proposal.status, state_after=proposal.status, data={"case": case.number},
    )  # fmt: skip
    return case
