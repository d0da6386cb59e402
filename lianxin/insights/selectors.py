"""Reads of the insights app, each scoped to the user: open duplicate flags, topics, the month's focus."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet

from lianxin.cases.models import Case
from lianxin.cases.permissions import AnyUser, cases_in_subtrees_q, visible_cases
from lianxin.cases.taxonomy import CATEGORIES
from lianxin.core import clock
from lianxin.insights.models import DuplicateFlag, MonthlyFocus, TopicSnapshot
from lianxin.insights.states import FlagStatus
from lianxin.insights.topics import Row, Topic, find_topics
from lianxin.orgs.models import Org, Role
from lianxin.orgs.permissions import SUBTREE_ROLES, outermost, reach, visible_orgs

TOPIC_MONTHS = 6
SAMPLES = 3


def visible_flags(*, user: AnyUser) -> QuerySet[DuplicateFlag]:
    """Duplicate flags with both sides in the user's scope: a flag whose other case the user may
    not see does not exist for them (neither its number nor that there is one)."""
    scope = visible_cases(user)
    return DuplicateFlag.objects.filter(case__in=scope, candidate__in=scope)


def open_flags(*, user: AnyUser) -> QuerySet[DuplicateFlag]:
    """Undecided duplicate flags the user may see (both sides in scope), newest first."""
    return (
        visible_flags(user=user)
        .filter(status=FlagStatus.OPEN)
        .select_related("case__origin_org", "case__category", "candidate__origin_org")
        .order_by("-created_at")
    )


def flags_of_case(*, user: AnyUser, case: Case) -> QuerySet[DuplicateFlag]:
    return visible_flags(user=user).filter(case=case).select_related("candidate")


# ---- topics -------------------------------------------------------------------------------------


@dataclass
class TopicView:
    """A topic as a page shows it: its enterprises by name and a few sample cases."""

    topic: Topic
    orgs: list[Org]
    samples: list[Case]

    @property
    def category_name(self) -> str:
        return CATEGORIES.get(self.topic.category, ("",))[0] or self.topic.category


@dataclass(frozen=True)
class TopicScope:
    """The cases a user's topics are drawn from: the subtrees their roles reach (all cases for an
    administrator). Users with the same reach share one snapshot, keyed by `key`."""

    paths: tuple[str, ...]
    everything: bool = False

    @property
    def key(self) -> str:
        if self.everything:
            return "*"
        return hashlib.sha256("|".join(self.paths).encode()).hexdigest()

    def cases(self) -> QuerySet[Case]:
        if self.everything:
            return Case.objects.all()
        return Case.objects.filter(cases_in_subtrees_q(list(self.paths)))


def topic_scope(user: AnyUser) -> TopicScope | None:
    """The scope of a user's topics, or None when their roles reach no subtree (a partner's referred
    cases or a judge's entries make no topics)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return TopicScope((), everything=True)
    paths, _own = reach(user, SUBTREE_ROLES)
    return TopicScope(tuple(paths)) if paths else None


def topic_scopes_in_use(since: datetime) -> set[TopicScope]:
    """The scopes of the users who signed in since `since` and may read topics: what a scheduled
    run keeps fresh (an enterprise nobody looks at is not clustered every hour)."""
    grants: dict[int, list[str]] = defaultdict(list)
    for user_id, path in Role.objects.filter(
        role__in=SUBTREE_ROLES, org__is_active=True, user__last_login__gte=since
    ).values_list("user_id", "org__path"):
        grants[user_id].append(path)
    scopes = {TopicScope(tuple(outermost(paths))) for paths in grants.values()}
    if User.objects.filter(is_superuser=True, last_login__gte=since).exists():
        scopes.add(TopicScope((), everything=True))
    return scopes


def topic_cases(
    scope: TopicScope, *, months: int = TOPIC_MONTHS, now: datetime | None = None
) -> QuerySet[Case]:
    """The recent cases topics are drawn from; a case linked as a duplicate counts once (not at all)."""
    since = (now or clock.now()) - timedelta(days=31 * months)
    return scope.cases().filter(registered_at__gte=since, duplicate_of__isnull=True)


def compute_topics(scope: TopicScope, *, months: int = TOPIC_MONTHS) -> tuple[list[Topic], int]:
    """Cluster the scope's recent cases (seconds for a city: only a task calls this); the topics and
    how many cases were clustered."""
    rows = [
        Row(pk, f"{title} {description[:300]}", category, org_id, at)
        for pk, title, description, category, org_id, at in topic_cases(scope, months=months)
        .values_list(
            "pk", "title", "description", "category__key", "origin_org_id", "registered_at"
        )
        .iterator(chunk_size=5000)
    ]
    return find_topics(rows), len(rows)


def topic_snapshot(user: AnyUser) -> TopicSnapshot | None:
    """The topics last computed for the user's scope (None: none yet, or no scope)."""
    scope = topic_scope(user)
    return None if scope is None else TopicSnapshot.objects.filter(scope=scope.key).first()


def snapshot_topics(snapshot: TopicSnapshot | None) -> list[Topic]:
    return [Topic(**t) for t in snapshot.topics] if snapshot else []


def present(topics: list[Topic], user: AnyUser) -> list[TopicView]:
    """Names of the enterprises and sample cases for each topic, in two queries; a sample the user
    can no longer see (its case moved since the snapshot) is left out."""
    org_ids = {i for t in topics for i in t.org_ids}
    sample_ids = {i for t in topics for i in t.case_ids[:SAMPLES]}
    orgs = Org.objects.in_bulk(org_ids)
    cases = visible_cases(user).select_related("origin_org", "category").in_bulk(sample_ids)
    return [
        TopicView(
            topic=t,
            orgs=[orgs[i] for i in t.org_ids if i in orgs],
            samples=[cases[i] for i in t.case_ids[:SAMPLES] if i in cases],
        )
        for t in topics
    ]


def top_topics(user: AnyUser, limit: int = 5) -> tuple[list[TopicView], TopicSnapshot | None]:
    """For the cockpit panel: the largest topics that reach more than one enterprise first, and
    the snapshot they come from (when it was computed)."""
    snapshot = topic_snapshot(user)
    topics = snapshot_topics(snapshot)
    shared = [t for t in topics if len(t.org_ids) > 1] + [t for t in topics if len(t.org_ids) <= 1]
    return present(shared[:limit], user), snapshot


# ---- the month's focus --------------------------------------------------------------------------


def focus_list(*, user: AnyUser) -> QuerySet[MonthlyFocus]:
    return (
        MonthlyFocus.objects.filter(org__in=visible_orgs(user))
        .select_related("org", "adopted_by")
        .annotate(case_count=Count("cases"))
        .order_by("-month", "org__path")
    )


def focus_detail(*, user: AnyUser, pk: int) -> tuple[MonthlyFocus, QuerySet[Case]] | None:
    """A focus and its cases the user may see, or None where the focus lies outside their scope."""
    focus = focus_list(user=user).filter(pk=pk).first()
    if focus is None:
        return None
    cases = (
        visible_cases(user)
        .filter(pk__in=focus.cases.values("pk"))
        .select_related("origin_org", "category", "handler")
        .order_by("-registered_at")
    )
    return focus, cases
