"""The proposal figures, each defined once and computed in the database.

Every function takes the proposals to measure — a `cases.metrics.Scope` (org subtree and period of
submission; its category/channel/urgency slots do not apply and are ignored) or a queryset already
narrowed with `proposals_in()` — and a keyword `now`, like the case metrics, so the cockpit's
registry can call them alike. Rates are `cases.metrics.Rate`, with numerator and denominator.

Definitions:
- proposal_count: proposals submitted in the scope, in any state.
- adoption_rate: proposals adopted (adopted, implementing, implemented or rewarded) over proposals
  decided (those plus the declined). Proposals still in review are not judged yet.
- implemented_count: proposals implemented or rewarded.
- realised_benefit: the sum of the realised benefit (yuan a year) of implemented proposals.
- rewards_paid: the sum of the rewards granted (yuan).
- participation_rate: distinct proposers over the workforce, per enterprise with a workforce
  entered, summed over the enterprises of the scope. An enterprise's proposers count up to its
  workforce (a stale workforce figure cannot make a share above 100%).
- meeting_count: 议事厅 meetings held in the scope's subtree in the period (not those still planned).

The cockpit's areas (改善提案, 议事厅) read these through the `area_*` functions at the end.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet, Sum

from lianxin.cases.deadlines import BEIJING
from lianxin.cases.metrics import Rate, Scope
from lianxin.core import clock
from lianxin.orgs import permissions as org_perms
from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgKind, subtree_q
from lianxin.proposals.models import Meeting, Proposal, Proposer
from lianxin.proposals.states import ADOPTED_STATES, IMPLEMENTED_STATES, Status

ZERO = Decimal("0.00")
AnyUser = User | AnonymousUser
T = TypeVar("T")


def proposals_in(scope: Scope, base: QuerySet[Proposal] | None = None) -> QuerySet[Proposal]:
    """Proposals of enterprises (or teams) in `scope.org`'s subtree, submitted in [start, end)."""
    qs = Proposal.objects.all() if base is None else base
    if scope.org is not None:
        paths = [scope.org.path]
        qs = qs.filter(
            subtree_q(paths, field="enterprise__path") | subtree_q(paths, field="team__path")
        )
    if scope.start is not None:
        qs = qs.filter(submitted_at__gte=scope.start)
    if scope.end is not None:
        qs = qs.filter(submitted_at__lt=scope.end)
    return qs


def _qs(proposals: Scope | QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals_in(proposals) if isinstance(proposals, Scope) else proposals


ADOPTED = Q(status__in=ADOPTED_STATES)
DECIDED = ADOPTED | Q(status=Status.DECLINED)
IMPLEMENTED = Q(status__in=IMPLEMENTED_STATES)

TERMS: dict[str, Any] = {
    "n_proposals": Count("pk"),
    "n_adopted": Count("pk", filter=ADOPTED),
    "n_decided": Count("pk", filter=DECIDED),
    "n_implemented": Count("pk", filter=IMPLEMENTED),
    "sum_benefit": Sum("realised_benefit", filter=IMPLEMENTED),
    "sum_rewards": Sum("reward_amount", filter=Q(status=Status.REWARDED)),
}


def _aggregate(proposals: Scope | QuerySet[Proposal], *names: str) -> dict[str, Any]:
    return _qs(proposals).order_by().aggregate(**{n: TERMS[n] for n in names or TERMS})


def _money(value: Decimal | None) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(ZERO)


def proposal_count(proposals: Scope | QuerySet[Proposal], *, now: datetime | None = None) -> int:
    return _aggregate(proposals, "n_proposals")["n_proposals"]


def adopted_count(proposals: Scope | QuerySet[Proposal], *, now: datetime | None = None) -> int:
    return _aggregate(proposals, "n_adopted")["n_adopted"]


def implemented_count(proposals: Scope | QuerySet[Proposal], *, now: datetime | None = None) -> int:
    return _aggregate(proposals, "n_implemented")["n_implemented"]


def adoption_rate(proposals: Scope | QuerySet[Proposal], *, now: datetime | None = None) -> Rate:
    row = _aggregate(proposals, "n_adopted", "n_decided")
    return Rate(row["n_adopted"], row["n_decided"])


def realised_benefit(
    proposals: Scope | QuerySet[Proposal], *, now: datetime | None = None
) -> Decimal:
    return _money(_aggregate(proposals, "sum_benefit")["sum_benefit"])


def rewards_paid(proposals: Scope | QuerySet[Proposal], *, now: datetime | None = None) -> Decimal:
    return _money(_aggregate(proposals, "sum_rewards")["sum_rewards"])


def participation_rate(scope: Scope, *, now: datetime | None = None) -> Rate:
    """Distinct proposers ÷ workforce over the scope's enterprises that have a workforce entered."""
    workforce, proposers = _participation_parts(scope)
    numerator = sum(min(proposers.get(pk, 0), wf) for pk, wf in workforce.items())
    return Rate(numerator, sum(workforce.values()))


@dataclass(frozen=True)
class TopProposer:
    name: str
    key: str
    proposals: int
    adopted: int
    benefit: Decimal


def top_proposers(scope: Scope | QuerySet[Proposal], *, limit: int = 10) -> list[TopProposer]:
    """The people with the most proposals (then the most adopted), in one grouped query."""
    rows = (
        Proposer.objects.filter(proposal__in=_qs(scope).values("pk"))
        .order_by()
        .values("key", "name")
        .annotate(
            n=Count("proposal", distinct=True),
            n_adopted=Count("proposal", filter=Q(proposal__status__in=ADOPTED_STATES)),
            benefit=Sum(
                "proposal__realised_benefit", filter=Q(proposal__status__in=IMPLEMENTED_STATES)
            ),
        )
        .order_by("-n", "-n_adopted", "name")[:limit]
    )
    return [
        TopProposer(r["name"], r["key"], r["n"], r["n_adopted"], _money(r["benefit"])) for r in rows
    ]


@dataclass(frozen=True)
class ProposalSummary:
    """Every proposal figure of one slice; attribute names are the metric keys."""

    proposal_count: int
    adopted_count: int
    implemented_count: int
    adoption_rate: Rate
    realised_benefit: Decimal
    rewards_paid: Decimal
    participation_rate: Rate


def summary(scope: Scope, *, now: datetime | None = None) -> ProposalSummary:
    """All figures by the definitions above: one aggregate query and the participation queries."""
    row = _aggregate(scope)
    return ProposalSummary(
        proposal_count=row["n_proposals"],
        adopted_count=row["n_adopted"],
        implemented_count=row["n_implemented"],
        adoption_rate=Rate(row["n_adopted"], row["n_decided"]),
        realised_benefit=_money(row["sum_benefit"]),
        rewards_paid=_money(row["sum_rewards"]),
        participation_rate=participation_rate(scope),
    )


def _participation_parts(scope: Scope) -> tuple[dict[int, int], dict[int, int]]:
    """(enterprise id → workforce, enterprise id → distinct proposers) over the scope."""
    enterprises = Org.objects.filter(kind=OrgKind.ENTERPRISE, workforce__isnull=False)
    if scope.org is not None:
        enterprises = enterprises.filter(subtree_q([scope.org.path], field="path"))
    workforce = dict(enterprises.values_list("pk", "workforce"))
    proposers = dict(
        Proposer.objects.filter(proposal__in=proposals_in(scope).values("pk"))
        .filter(proposal__enterprise_id__in=list(workforce))
        .order_by()
        .values("proposal__enterprise_id")
        .annotate(n=Count("key", distinct=True))
        .values_list("proposal__enterprise_id", "n")
    )
    return workforce, proposers


def by_enterprise(scope: Scope) -> list[tuple[Org, ProposalSummary]]:
    """One summary per enterprise of the scope that has proposals or a workforce, in three queries."""
    rows = {
        r["enterprise_id"]: r
        for r in proposals_in(scope).order_by().values("enterprise_id").annotate(**TERMS)
    }
    workforce, proposers = _participation_parts(scope)
    ids = set(rows) | set(workforce)
    out = []
    for org in Org.objects.filter(pk__in=ids).order_by("path"):
        r = rows.get(org.pk, {})
        wf = workforce.get(org.pk, 0)
        out.append(
            (
                org,
                ProposalSummary(
                    proposal_count=r.get("n_proposals", 0),
                    adopted_count=r.get("n_adopted", 0),
                    implemented_count=r.get("n_implemented", 0),
                    adoption_rate=Rate(r.get("n_adopted", 0), r.get("n_decided", 0)),
                    realised_benefit=_money(r.get("sum_benefit")),
                    rewards_paid=_money(r.get("sum_rewards")),
                    participation_rate=Rate(min(proposers.get(org.pk, 0), wf), wf),
                ),
            )
        )
    return out


def merge(summaries: list[ProposalSummary]) -> ProposalSummary:
    """The summary of disjoint slices (rates add numerators and denominators): exact."""

    def rate(name: str) -> Rate:
        rates = [getattr(s, name) for s in summaries]
        return Rate(sum(r.numerator for r in rates), sum(r.denominator for r in rates))

    return ProposalSummary(
        proposal_count=sum(s.proposal_count for s in summaries),
        adopted_count=sum(s.adopted_count for s in summaries),
        implemented_count=sum(s.implemented_count for s in summaries),
        adoption_rate=rate("adoption_rate"),
        realised_benefit=sum((s.realised_benefit for s in summaries), ZERO),
        rewards_paid=sum((s.rewards_paid for s in summaries), ZERO),
        participation_rate=rate("participation_rate"),
    )


def by_child(scope: Scope) -> list[tuple[Org, ProposalSummary]]:
    """One summary per direct child of `scope.org` (its enterprises rolled up), children in tree
    order; a child without enterprises of any figure gets an empty summary."""
    if scope.org is None:
        raise ValueError("by_child needs an org")
    width = len(scope.org.path) + tree.SEGMENT
    parts: dict[str, list[ProposalSummary]] = {}
    for org, s in by_enterprise(scope):
        parts.setdefault(org.path[:width], []).append(s)
    children = scope.org.children.filter(is_active=True).exclude(kind=OrgKind.PARTNER)
    return [(c, merge(parts.get(c.path, []))) for c in children.order_by("path")]


# ---- the cockpit's areas 改善提案 and 议事厅 (core.areas; apps.py registers them) ------------------
# Each takes (user, org, start, end): `org` one the user's subtree roles reach (None: the outermost
# orgs they reach), `start`/`end` days in Beijing time, both included. An org the user's roles do
# not reach answers the empty figure: an outsider sees nothing of another union's proposals.


def meeting_count(scope: Scope, *, now: datetime | None = None) -> int:
    """议事厅 meetings of the scope's subtree held in [start, end) and by `now` (not those planned)."""
    meetings = Meeting.objects.filter(held_at__lte=now or clock.now())
    if scope.org is not None:
        meetings = meetings.filter(subtree_q([scope.org.path], field="org__path"))
    if scope.start is not None:
        meetings = meetings.filter(held_at__gte=scope.start)
    if scope.end is not None:
        meetings = meetings.filter(held_at__lt=scope.end)
    return meetings.count()


def area_orgs(user: AnyUser, org: Org | None) -> list[Org]:
    """`org` when a subtree role of the user reaches it (else none); None: the outermost orgs the
    user's subtree roles reach (an administrator: the roots). Their subtrees are disjoint."""
    return org_perms.measured_orgs(user, org, org_perms.SUBTREE_ROLES)


def _each(
    user: AnyUser, org: Org | None, start: date, end: date, figure: Callable[..., T]
) -> list[T]:
    """`figure` of each of the user's orgs over the days start..end."""
    since, until = _day_start(start), _day_start(end + timedelta(days=1))
    return [figure(Scope(org=o, start=since, end=until)) for o in area_orgs(user, org)]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BEIJING)


def _added(rates: list[Rate]) -> Rate:
    return Rate(sum(r.numerator for r in rates), sum(r.denominator for r in rates))


def area_proposal_count(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    return sum(_each(user, org, start, end, proposal_count))


def area_adoption_rate(user: AnyUser, org: Org | None, start: date, end: date) -> Rate:
    return _added(_each(user, org, start, end, adoption_rate))


def area_participation_rate(user: AnyUser, org: Org | None, start: date, end: date) -> Rate:
    return _added(_each(user, org, start, end, participation_rate))


def area_benefit(user: AnyUser, org: Org | None, start: date, end: date) -> Decimal:
    return sum(_each(user, org, start, end, realised_benefit), ZERO)


def area_rewards(user: AnyUser, org: Org | None, start: date, end: date) -> Decimal:
    return sum(_each(user, org, start, end, rewards_paid), ZERO)


def area_meetings(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    return sum(_each(user, org, start, end, meeting_count))
