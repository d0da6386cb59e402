"""Reads of the insights app, each scoped to the user: open duplicate flags, topics, the month's focus."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet

from lianxin.cases.models import Case
from lianxin.cases.permissions import AnyUser, visible_cases
from lianxin.cases.taxonomy import CATEGORIES
from lianxin.core import clock
from lianxin.insights.models import DuplicateFlag, MonthlyFocus
from lianxin.insights.states import FlagStatus
from lianxin.insights.topics import Row, Topic, find_topics
from lianxin.orgs.models import Org
from lianxin.orgs.permissions import visible_orgs

TOPIC_MONTHS = 6
SAMPLES = 3
CACHE_SECONDS = 600


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


def topic_cases(
    *, user: AnyUser, months: int = TOPIC_MONTHS, now: datetime | None = None
) -> QuerySet[Case]:
    """The recent cases topics are drawn from; a case linked as a duplicate counts once (not at all)."""
    since = (now or clock.now()) - timedelta(days=31 * months)
    return visible_cases(user).filter(registered_at__gte=since, duplicate_of__isnull=True)


def recent_topics(*, user: AnyUser, months: int = TOPIC_MONTHS) -> list[Topic]:
    """The topics of the user's recent cases, cached while those cases do not change."""
    qs = topic_cases(user=user, months=months)
    shape = qs.aggregate(n=Count("pk"), last=Max("pk"))
    key = f"insights:topics:{user.pk}:{months}:{clock.now():%Y%m%d}:{shape['n']}:{shape['last']}"
    topics: list[Topic] | None = cache.get(key)
    if topics is None:
        rows = [
            Row(pk, f"{title} {description[:300]}", category, org_id, at)
            for pk, title, description, category, org_id, at in qs.values_list(
                "pk", "title", "description", "category__key", "origin_org_id", "registered_at"
            ).iterator(chunk_size=5000)
        ]
        topics = find_topics(rows)
        cache.set(key, topics, CACHE_SECONDS)
    return topics


def present(topics: list[Topic]) -> list[TopicView]:
    """Names of the enterprises and sample cases for each topic, in two queries."""
    org_ids = {i for t in topics for i in t.org_ids}
    sample_ids = {i for t in topics for i in t.case_ids[:SAMPLES]}
    orgs = Org.objects.in_bulk(org_ids)
    cases = Case.objects.select_related("origin_org", "category").in_bulk(sample_ids)
    return [
        TopicView(
            topic=t,
            orgs=[orgs[i] for i in t.org_ids if i in orgs],
            samples=[cases[i] for i in t.case_ids[:SAMPLES] if i in cases],
        )
        for t in topics
    ]


def top_topics(user: AnyUser, limit: int = 5) -> list[TopicView]:
    """For the cockpit panel: the largest topics that reach more than one enterprise first."""
    topics = recent_topics(user=user)
    shared = [t for t in topics if len(t.org_ids) > 1] + [t for t in topics if len(t.org_ids) <= 1]
    return present(shared[:limit])


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
