"""Every write of the insights app, allowed and refused (refused: rows and journal unchanged)."""

from datetime import timedelta

import pytest

from lianxin.audit.models import Event
from lianxin.cases.metrics import Scope, cases_in
from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from lianxin.insights import services
from lianxin.insights.models import CategoryCorrection, DuplicateFlag, MonthlyFocus
from lianxin.insights.states import FlagStatus

pytestmark = pytest.mark.django_db


def events(target, kind: str):
    return Event.objects.filter(
        target_id=target.pk, target_type=target._meta.label_lower, kind=kind
    )


# ---- corrections --------------------------------------------------------------------------------


def test_a_category_chosen_over_the_suggestion_is_kept_with_who_and_when(world):
    kept = services.record_correction(
        text="宿舍没热水", suggested="conditions", chosen="canteen_dorm", actor=world.staff,
        source="hotline",
    )  # fmt: skip
    assert (kept.suggested, kept.chosen, kept.by, kept.source) == (
        "conditions", "canteen_dorm", world.staff, "hotline",
    )  # fmt: skip
    assert kept.at is not None
    assert events(kept, "category_corrected").count() == 1


def test_choosing_the_suggested_category_is_no_correction(world):
    same = services.record_correction(
        text="宿舍没热水", suggested="canteen_dorm", chosen="canteen_dorm", actor=world.staff
    )
    assert same is None
    assert not CategoryCorrection.objects.exists()


def test_a_correction_to_an_unknown_category_is_refused_and_nothing_kept(world):
    with pytest.raises(InvalidInput):
        services.record_correction(
            text="宿舍没热水", suggested="conditions", chosen="dorms", actor=world.staff
        )
    assert not CategoryCorrection.objects.exists()
    assert not Event.objects.filter(kind="category_corrected").exists()


# ---- duplicates ---------------------------------------------------------------------------------

FIRST = {
    "title": "车间噪声太大",
    "description": "我们挂面车间的机器噪声太大，耳朵整天嗡嗡响，希望厂里给装隔音设备。",
}
SECOND_IN_OTHER_WORDS = {
    "title": "噪音问题再反映一次",
    "description": "俺们车间噪音实在受不了，耳朵被震得嗡嗡的，上回说了还没人管，能不能想办法降降噪？",
}
SOMETHING_ELSE = {
    "title": "食堂饭菜太贵",
    "description": "食堂的菜又涨价了，一份菜十几块，吃不起。",
}


def test_the_same_worker_writing_the_same_complaint_in_other_words_is_flagged_with_the_first(world):
    first = make_case(actor=world.chair, org=world.ent_a1, key="conditions", **FIRST)
    second = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", **SECOND_IN_OTHER_WORDS
    )

    flags = services.flag_duplicates(case_id=second.pk)

    assert [(f.case, f.candidate, f.reason, f.status) for f in flags] == [
        (second, first, "worker", FlagStatus.OPEN)
    ]
    # The journal names the flag, never the other case (its readers may not see that one).
    assert events(second, "duplicate_flagged").get().data == {"flags": [flags[0].pk]}
    assert services.flag_duplicates(case_id=second.pk) == []  # flagged once only


def test_a_different_complaint_of_the_same_worker_is_not_flagged(world):
    make_case(actor=world.chair, org=world.ent_a1, key="conditions", **FIRST)
    other = make_case(actor=world.chair, org=world.ent_a1, key="canteen_dorm", **SOMETHING_ELSE)
    assert services.flag_duplicates(case_id=other.pk) == []
    assert not events(other, "duplicate_flagged").exists()


def test_another_worker_of_the_enterprise_is_flagged_only_for_a_near_identical_text(world):
    make_case(actor=world.chair, org=world.ent_a1, key="conditions", **FIRST)
    paraphrase = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", worker_phone="13900000001",
        **SECOND_IN_OTHER_WORDS,
    )  # fmt: skip
    copy = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", worker_phone="13900000002", **FIRST
    )
    assert services.flag_duplicates(case_id=paraphrase.pk) == []
    assert [f.reason for f in services.flag_duplicates(case_id=copy.pk)] == ["enterprise"]


def test_a_case_older_than_30_days_and_closed_elsewhere_is_no_candidate(world):
    old = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions",
        at=clock.now() - timedelta(days=45), **FIRST,
    )  # fmt: skip
    old.status = "closed"
    old.save(update_fields=["status"])
    new = make_case(actor=world.chair, org=world.ent_a1, key="conditions", **FIRST)
    assert services.flag_duplicates(case_id=new.pk) == []


@pytest.fixture
def flag(world):
    make_case(actor=world.chair, org=world.ent_a1, key="conditions", **FIRST)
    second = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", **SECOND_IN_OTHER_WORDS
    )
    return services.flag_duplicates(case_id=second.pk)[0]


def test_linking_a_flag_journals_it_and_the_metrics_count_the_problem_once(world, flag):
    linked = services.link_duplicate(flag_id=flag.pk, actor=world.chair)
    assert (linked.status, linked.decided_by) == (FlagStatus.LINKED, world.chair)
    event = events(flag.case, "duplicate_linked").get()
    assert event.data == {"flag": flag.pk, "score": flag.score}
    # the ledger's own column says so, and the ledger's figures leave the repeat out
    assert list(
        Case.objects.filter(duplicate_of__isnull=False).values_list("pk", "duplicate_of")
    ) == [(flag.case_id, flag.candidate_id)]
    assert flag.case_id not in set(cases_in(Scope()).values_list("pk", flat=True))


def test_dismissing_a_flag_journals_it_and_counts_both_cases(world, flag):
    services.dismiss_duplicate(flag_id=flag.pk, actor=world.staff)
    flag.refresh_from_db()
    assert (flag.status, flag.decided_by) == (FlagStatus.DISMISSED, world.staff)
    assert events(flag.case, "duplicate_dismissed").count() == 1
    assert not Case.objects.filter(duplicate_of__isnull=False).exists()


@pytest.mark.parametrize(
    ("who", "error"),
    [("chair_b", NotFound), ("leader", PermissionDenied), ("supervisor", PermissionDenied)],
)
@pytest.mark.parametrize("service", [services.link_duplicate, services.dismiss_duplicate])
def test_deciding_a_flag_outside_ones_handling_is_refused_and_nothing_changes(
    world, flag, who, error, service
):
    with pytest.raises(error):
        service(flag_id=flag.pk, actor=getattr(world, who))
    flag.refresh_from_db()
    assert (flag.status, flag.decided_by) == (FlagStatus.OPEN, None)
    assert not Event.objects.filter(kind__in=["duplicate_linked", "duplicate_dismissed"]).exists()


def test_a_decided_flag_cannot_be_decided_again(world, flag):
    services.dismiss_duplicate(flag_id=flag.pk, actor=world.chair)
    with pytest.raises(TransitionNotAllowed):
        services.link_duplicate(flag_id=flag.pk, actor=world.chair)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED
    assert not events(flag.case, "duplicate_linked").exists()


def test_a_missing_flag_answers_not_found(world):
    with pytest.raises(NotFound):
        services.link_duplicate(flag_id=999, actor=world.chair)
    assert not DuplicateFlag.objects.exists()


# ---- the month's focus --------------------------------------------------------------------------


@pytest.fixture
def noise_cases(world):
    return [
        make_case(
            actor=world.city_staff,
            org=org,
            key="conditions",
            worker_phone=f"1390000000{i}",
            **FIRST,
        )
        for i, org in enumerate([world.ent_a1, world.ent_a2, world.ent_b1])
    ]


def test_a_supervisor_adopts_a_topic_as_the_month_focus_with_its_cases_in_their_subtree(
    world, noise_cases
):
    focus = services.adopt_focus(
        actor=world.supervisor, org=world.district_a, label="噪声、车间、耳朵",
        terms=["噪声", "车间", "耳朵"], case_ids=[c.pk for c in noise_cases], note="本月集中治理",
    )  # fmt: skip
    assert focus.month == clock.now().date().replace(day=1)
    assert set(focus.cases.all()) == set(noise_cases[:2])  # the B1 case is outside district A
    event = events(focus, "focus_adopted").get()
    assert event.data["cases"] == 2
    assert event.actor == world.supervisor


@pytest.mark.parametrize("who", ["staff", "chair", "leader"])
def test_only_a_supervisor_may_adopt_a_focus_and_a_refusal_writes_nothing(world, noise_cases, who):
    with pytest.raises(PermissionDenied):
        services.adopt_focus(
            actor=getattr(world, who), org=world.district_a, label="噪声",
            terms=[], case_ids=[c.pk for c in noise_cases],
        )  # fmt: skip
    assert not MonthlyFocus.objects.exists()
    assert not Event.objects.filter(kind="focus_adopted").exists()


def test_an_org_has_one_focus_a_month(world, noise_cases):
    ids = [c.pk for c in noise_cases]
    services.adopt_focus(
        actor=world.supervisor, org=world.district_a, label="噪声", terms=[], case_ids=ids
    )
    with pytest.raises(InvalidInput):
        services.adopt_focus(
            actor=world.supervisor, org=world.district_a, label="食堂", terms=[], case_ids=ids
        )
    assert MonthlyFocus.objects.count() == 1
    assert Event.objects.filter(kind="focus_adopted").count() == 1


def test_a_focus_without_cases_in_the_org_is_refused(world, noise_cases):
    with pytest.raises(InvalidInput):
        services.adopt_focus(
            actor=world.supervisor, org=world.district_a, label="噪声", terms=[],
            case_ids=[noise_cases[2].pk],
        )  # fmt: skip
    assert not MonthlyFocus.objects.exists()


def test_a_category_set_by_staff_unlike_the_suggestion_is_kept_as_a_correction(world):
    case = make_case(actor=world.chair, org=world.ent_a1, key="welfare", **SOMETHING_ELSE)
    kept = services.record_category_choice(case=case, actor=world.chair, source="hotline")
    assert (kept.suggested, kept.chosen, kept.case) == ("canteen_dorm", "welfare", case)


def test_a_category_set_as_suggested_is_no_correction(world):
    case = make_case(actor=world.chair, org=world.ent_a1, key="canteen_dorm", **SOMETHING_ELSE)
    assert services.record_category_choice(case=case, actor=world.chair, source="hotline") is None
    assert not CategoryCorrection.objects.exists()


def test_registering_a_case_flags_it_once_the_registration_committed(
    world, django_capture_on_commit_callbacks
):
    make_case(actor=world.chair, org=world.ent_a1, key="conditions", **FIRST)
    with django_capture_on_commit_callbacks(execute=True):
        second = make_case(
            actor=world.chair, org=world.ent_a1, key="conditions", **SECOND_IN_OTHER_WORDS
        )
        assert not DuplicateFlag.objects.exists()
    assert DuplicateFlag.objects.get().case == second
