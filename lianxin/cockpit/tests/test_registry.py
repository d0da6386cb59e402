"""The registry: every metric is the cases.metrics function it names, every breakdown adds up to
the total by the same definitions, and merge() of groups is the summary of their union."""

import random
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from lianxin.cases import metrics
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Case, Category, Feedback
from lianxin.cockpit import registry
from lianxin.cockpit.registry import DIMENSIONS, METRICS, Filters, Query, merge
from lianxin.cockpit.tests.builders import bulk_cases, case_row, make_case_row

NOW = datetime(2026, 5, 18, 12, tzinfo=BEIJING)
START, END = date(2025, 11, 1), date(2026, 5, 18)


@pytest.fixture
def sample(world):
    """200 random cases over the whole city since November."""
    orgs = [world.ent_a1, world.ent_a2, world.ent_b1, world.ent_b2, world.team_a1, world.street_a]
    bulk_cases(
        orgs=orgs,
        n=200,
        start=datetime(2025, 11, 1, tzinfo=BEIJING),
        end=NOW,
        now=NOW,
        rng=random.Random(5),
    )
    return world


def test_the_registry_has_the_keys_of_the_issue():
    assert set(METRICS) == {
        "case_count", "open_count", "overdue_count", "response_rate", "resolution_rate",
        "resolution_rate_all", "satisfaction_rate", "on_time_rate", "avg_resolve_days",
        "claim_count", "claim_amount_claimed", "claim_amount_paid",
    }  # fmt: skip
    assert set(DIMENSIONS) == {
        "child", "enterprise", "category", "channel", "month", "quarter", "claim_type",
    }  # fmt: skip
    for metric in METRICS.values():
        assert str(metric.name)
        assert str(metric.definition)
        assert metric.name_en


def test_each_metric_is_the_function_it_names_in_cases_metrics(sample):
    cases = Case.objects.all()
    summary = metrics.summary(cases, now=NOW)
    for metric in METRICS.values():
        assert metric.compute is getattr(metrics, metric.key)
        assert metric.compute(cases, now=NOW) == metric.of(summary)


def test_merge_of_disjoint_groups_is_the_summary_of_their_union(sample):
    cases = Case.objects.all()
    total = metrics.summary(cases, now=NOW)
    parts = metrics.summary_by(cases, "channel", now=NOW).values()
    merged = merge(parts)
    assert merged.avg_resolve_days == pytest.approx(total.avg_resolve_days)
    assert {**merged.__dict__, "avg_resolve_days": 0} == {**total.__dict__, "avg_resolve_days": 0}


@pytest.mark.parametrize("dimension", sorted(DIMENSIONS))
def test_every_breakdown_adds_up_to_the_total(sample, dimension):
    query = Query(metric="case_count", group_by=dimension, filters=Filters(start=START, end=END))
    answer = registry.answer(query, base=Case.objects.all(), org=sample.city, now=NOW)
    total = answer.total
    if dimension == "enterprise":  # cases raised above enterprise level belong to none
        expected = total.case_count - Case.objects.filter(origin_org=sample.street_a).count()
    elif dimension == "claim_type":  # only accident claims have a claim type
        expected = total.claim_count
    else:
        expected = total.case_count
    assert sum(g.summary.case_count for g in answer.groups) == expected
    assert merge(g.summary for g in answer.groups).case_count == expected


def test_the_child_breakdown_is_per_direct_sub_org_with_its_ledger_filter(sample):
    query = Query(metric="resolution_rate", group_by="child", filters=Filters(START, END))
    answer = registry.answer(query, base=Case.objects.all(), org=sample.city, now=NOW)
    assert [g.key for g in answer.groups] == ["DA", "DB"]
    assert answer.groups[0].ledger == {
        "date_from": "2025-11-01", "date_to": "2026-05-18", "org": "DA",
    }  # fmt: skip


def test_enterprise_groups_hold_their_teams_cases(sample):
    query = Query(metric="case_count", group_by="enterprise", filters=Filters(START, END))
    answer = registry.answer(query, base=Case.objects.all(), org=sample.city, now=NOW)
    a1 = next(g for g in answer.groups if g.key == "EA1")
    assert (
        a1.summary.case_count
        == Case.objects.filter(origin_org__in=[sample.ent_a1, sample.team_a1]).count()
    )


def test_month_and_quarter_buckets_cover_the_period_without_gaps(sample):
    for dim, first_label in (("month", "2025-11"), ("quarter", "2025 Q4")):
        query = Query(metric="case_count", group_by=dim, filters=Filters(START, END))
        answer = registry.answer(query, base=Case.objects.all(), org=sample.city, now=NOW)
        assert answer.groups[0].label == first_label
        assert answer.groups[0].ledger["date_from"] == "2025-11-01"
        assert answer.groups[-1].ledger["date_to"] == "2026-05-18"
    months = registry.month_starts(date(2025, 11, 15), date(2026, 2, 3))
    assert months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1),
                      date(2026, 3, 1)]  # fmt: skip


def test_ranking_puts_groups_without_a_figure_last_and_keeps_the_limit(sample):
    query = Query(
        metric="satisfaction_rate", group_by="category", filters=Filters(START, END),
        order="asc", limit=3,
    )  # fmt: skip
    answer = registry.answer(query, base=Case.objects.all(), org=sample.city, now=NOW)
    values = [METRICS["satisfaction_rate"].number(g.summary) for g in answer.groups]
    assert len(values) == 3
    assert values == sorted(values)


def test_filters_narrow_like_the_ledger(sample):
    filters = Filters(START, END, org=sample.district_a, category="wages", channel="visit")
    assert filters.ledger() == {
        "date_from": "2025-11-01", "date_to": "2026-05-18", "org": "DA",
        "category": "wages", "channel": "visit",
    }  # fmt: skip
    scope = filters.scope()
    assert scope.start == datetime(2025, 11, 1, tzinfo=BEIJING)
    assert scope.end == datetime(2026, 5, 19, tzinfo=BEIJING)
    counted = metrics.case_count(metrics.cases_in(scope), now=NOW)
    by_hand = Case.objects.filter(
        origin_org__path__startswith=sample.district_a.path,
        category__key="wages",
        channel="visit",
        registered_at__gte=scope.start,
        registered_at__lt=scope.end,
    ).count()
    assert counted == by_hand


def test_a_rate_without_cases_is_none_not_zero(world):
    query = Query(metric="resolution_rate", filters=Filters(START, END))
    answer = registry.answer(query, base=Case.objects.all(), org=world.city, now=NOW)
    assert METRICS["resolution_rate"].number(answer.total) is None
    assert registry.EMPTY.resolution_rate.denominator == 0


@pytest.mark.parametrize("dimension", [None, *DIMENSIONS])
@pytest.mark.parametrize("key", list(METRICS))
def test_an_answer_of_one_metric_only_gives_the_figures_of_the_full_answer(sample, key, dimension):
    # Given: what 智能问数 computes (the asked metric's terms only) beside the full computation
    query = Query(metric=key, group_by=dimension, filters=Filters(start=START, end=END))
    ask = {"base": Case.objects.all(), "org": sample.city, "now": NOW}
    # When
    full = registry.answer(query, **ask)
    lean = registry.answer(query, **ask, only=(key,))
    # Then
    metric = METRICS[key]
    assert metric.number(lean.total) == metric.number(full.total)
    assert [(g.key, metric.number(g.summary)) for g in lean.groups] == [
        (g.key, metric.number(g.summary)) for g in full.groups
    ]


# ---- 满意率 over every rating, the two 解决率, the accident claims ------------------------------------


def test_satisfaction_rate_counts_every_feedback_round_of_the_cases(sample):
    # Given: the sample's ratings, some cases with a dissatisfied round before the last one
    good = Feedback.objects.filter(rating__in=["satisfied", "mostly"]).count()
    every = Feedback.objects.count()
    assert Feedback.objects.values("case").distinct().count() < every  # some cases rated twice
    # When
    query = Query(metric="satisfaction_rate", group_by="channel", filters=Filters(START, END))
    answer = registry.answer(query, base=Case.objects.all(), org=sample.city, now=NOW)
    # Then
    assert (answer.total.satisfaction_rate.numerator, answer.total.satisfaction_rate.denominator) == (
        good, every,
    )  # fmt: skip
    merged = merge(g.summary for g in answer.groups).satisfaction_rate
    assert merged == answer.total.satisfaction_rate


def test_both_resolution_rates_are_labelled_and_defined_apart():
    taken_on, every = METRICS["resolution_rate"], METRICS["resolution_rate_all"]
    assert str(taken_on.name) != str(every.name)
    assert str(taken_on.definition) != str(every.definition)
    # 满意率 says in both languages that every round of feedback counts
    with translation.override("en"):
        assert "every" in str(METRICS["satisfaction_rate"].definition)
    with translation.override("zh-hans"):
        assert "每一轮" in str(METRICS["satisfaction_rate"].definition)


def test_claims_by_claim_type_count_and_total_their_amounts(world):
    # Given: two self-falls (800 paid of 1000 claimed; 300 of 300) and a severe injury with no
    # payment yet, and one case that is no claim
    accident = Category.objects.get(key="accident")
    rows = [("self_fall", "1000", "800"), ("self_fall", "300", "300"), ("severe", "90000", None)]
    for i, (kind, claimed, paid) in enumerate(rows):
        case = case_row(number=f"C-{i}", org=world.ent_a1, category=accident,
                        registered_at=datetime(2026, 5, 4, 9, tzinfo=BEIJING))  # fmt: skip
        case.claim_type, case.amount_claimed = kind, Decimal(claimed)
        case.amount_paid = Decimal(paid) if paid else None
        case.save()
    make_case_row(number="C-9", org=world.ent_a1, category=accident,
                  registered_at=datetime(2026, 5, 4, 9, tzinfo=BEIJING))  # fmt: skip
    # When
    query = Query(metric="claim_amount_paid", group_by="claim_type", filters=Filters(START, END))
    answer = registry.answer(query, base=Case.objects.all(), org=world.city, now=NOW)
    # Then
    by_key = {g.key: g.summary for g in answer.groups}
    assert [g.key for g in answer.groups] == ["self_fall", "third_party", "severe"]
    assert (by_key["self_fall"].claim_count, by_key["self_fall"].claim_amount_paid) == (
        2, Decimal("1100.00"),
    )  # fmt: skip
    assert by_key["severe"].claim_amount_claimed == Decimal("90000.00")
    assert by_key["third_party"].claim_count == 0
    assert answer.total.claim_count == 3
    assert METRICS["claim_amount_paid"].number(answer.total) == 1100.0
    assert answer.groups[0].ledger["claim_type"] == "self_fall"
