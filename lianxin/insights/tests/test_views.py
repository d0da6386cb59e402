"""The pages: the live suggestion partial, duplicate flags, topics, adopting and following a focus."""

from pathlib import Path

import pytest
from django.core.management import call_command

from lianxin.audit.models import Event
from lianxin.cases.tests.factories import make_case
from lianxin.insights import classifier, selectors, services
from lianxin.insights.models import CategoryCorrection, MonthlyFocus
from lianxin.insights.states import FlagStatus
from lianxin.insights.tests.samples import NOISE
from lianxin.insights.tests.test_services import FIRST, SECOND_IN_OTHER_WORDS

pytestmark = pytest.mark.django_db


def test_the_suggestion_partial_offers_the_category_and_two_alternatives(client):
    page = client.post("/insights/suggest", {"description": "食堂的饭菜里有虫子，还特别贵"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("data-suggest-key=") == 3
    assert 'data-suggest-key="canteen_dorm"' in html.split("suggestion-alt")[0]
    assert "食堂宿舍与生活" in html


def test_close_top_two_are_shown_as_equal_choices_without_a_ranking(client, pin_model):
    pin_model({"accident": 0.43, "injury_health": 0.37, "gig_platform": 0.12, "other": 0.08})
    page = client.post("/insights/suggest", {"description": "上班路上骑电动车摔断了腿"})
    html = page.content.decode()
    choices = html.split('data-testid="suggestion-alt"')[0]
    assert choices.count('data-testid="suggestion-choice"') == 2
    assert 'data-testid="suggestion-top"' not in html
    # in the taxonomy's order, not by probability, and with no percentage to rank them by
    assert choices.index('"injury_health"') < choices.index('"accident"')
    assert "%" not in choices
    assert html.count('data-testid="suggestion-alt"') == 1


def test_a_page_with_a_short_list_is_offered_only_the_categories_it_lists(client, pin_model):
    # given the model's top two are close, and the page lists only one of them (the worker page)
    pin_model({"democracy": 0.43, "wages": 0.37, "contract": 0.12, "other": 0.08})
    page = client.post(
        "/insights/suggest",
        {"description": "厂里定新规矩也不问问我们", "only": "wages,contract,other"},
    )
    html = page.content.decode()
    # then no button names a category the page cannot select, and the rest are ranked as usual
    assert 'data-suggest-key="democracy"' not in html
    assert 'data-testid="suggestion-choice"' not in html
    assert html.index('"wages"') < html.index('"contract"')


def test_the_worker_page_sends_its_category_list_with_the_text(client, world):
    html = client.get("/w/").content.decode()
    only = html.split('{"only": "', 1)[1].split('"', 1)[0].split(",")
    assert {"wages", "accident", "other"} <= set(only)
    assert "democracy" not in only


def test_the_suggestion_answers_a_get_too(client):
    page = client.get("/insights/suggest", {"text": "老板拖欠三个月工资不发"})
    assert b'data-suggest-key="wages"' in page.content


def test_a_few_characters_get_no_suggestion_yet(client):
    assert (
        b"data-suggest-key" not in client.get("/insights/suggest", {"description": "工资"}).content
    )


@pytest.fixture
def flags(world):
    """21 workers of enterprise A1 wrote twice (and their texts repeat one another's, too)."""
    made = []
    for i in range(21):
        phone = f"1370000{i:04d}"
        make_case(
            actor=world.chair, org=world.ent_a1, key="conditions", worker_phone=phone, **FIRST
        )
        second = make_case(
            actor=world.chair, org=world.ent_a1, key="conditions", worker_phone=phone,
            **SECOND_IN_OTHER_WORDS,
        )  # fmt: skip
        made += services.flag_duplicates(case_id=second.pk)
    return made


def test_the_flags_page_lists_the_open_flags_of_ones_scope_in_few_queries(
    client, world, flags, django_assert_max_num_queries
):
    client.force_login(world.chair)
    with django_assert_max_num_queries(12):
        page = client.get("/insights/duplicates/")
    assert page.content.decode().count('data-testid="flag-') == min(len(flags), 200)
    assert len(flags) >= 21
    client.force_login(world.chair_b)
    assert b'data-testid="no-flags"' in client.get("/insights/duplicates/").content


def test_linking_and_dismissing_from_the_page(client, world, flags):
    client.force_login(world.chair)
    assert client.post(f"/insights/duplicates/{flags[0].pk}/link").status_code == 302
    assert client.post(f"/insights/duplicates/{flags[1].pk}/dismiss").status_code == 302
    statuses = [
        f.status
        for f in type(flags[0]).objects.filter(pk__in=[flags[0].pk, flags[1].pk]).order_by("pk")
    ]
    assert statuses == [FlagStatus.LINKED, FlagStatus.DISMISSED]


def test_a_refused_decision_shows_the_reason_and_changes_nothing(client, world, flags):
    client.force_login(world.leader)
    page = client.post(f"/insights/duplicates/{flags[0].pk}/link", follow=True)
    assert "您无权".encode() in page.content or b"may not" in page.content
    flags[0].refresh_from_db()
    assert flags[0].status == FlagStatus.OPEN


@pytest.fixture
def noise(world):
    return [
        make_case(
            actor=world.city_staff,
            org=org,
            key="conditions",
            title=text[:10],
            description=text,
            worker_phone=f"1360000{i:04d}",
        )
        for i, (text, org) in enumerate(zip(NOISE, [world.ent_a1, world.ent_a2] * 4, strict=False))
    ]


def test_a_supervisor_adopts_a_topic_from_the_topics_page_and_follows_its_cases(
    client, world, noise
):
    services.refresh_topic_snapshot(selectors.topic_scope(world.supervisor))
    client.force_login(world.supervisor)
    page = client.get("/insights/topics/").content.decode()
    assert 'data-testid="topic-label">' in page
    assert "噪声" in page
    start = page.index('name="case_ids" value="') + len('name="case_ids" value="')
    case_ids = page[start : page.index('"', start)]
    answer = client.post(
        "/insights/topics/adopt",
        {
            "org": world.district_a.pk,
            "label": "噪声、车间",
            "terms": "噪声、车间",
            "case_ids": case_ids,
        },
    )
    focus = MonthlyFocus.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/insights/focus/{focus.pk}/"
    followed = client.get(answer["Location"]).content.decode()
    assert all(c.number in followed for c in noise)
    client.force_login(world.chair_b)
    assert client.get(answer["Location"]).status_code == 404


def test_a_non_supervisor_sees_no_adopt_button_and_cannot_post_one(client, world, noise):
    client.force_login(world.staff)
    page = client.get("/insights/topics/").content.decode()
    assert 'data-testid="adopt"' not in page
    client.post(
        "/insights/topics/adopt",
        {"org": world.district_a.pk, "label": "噪声", "case_ids": str(noise[0].pk)},
    )
    assert not MonthlyFocus.objects.exists()
    assert not Event.objects.filter(kind="focus_adopted").exists()


def test_the_cockpit_panel_renders_the_top_topics(rf, world, noise):
    from django.template import Context, Template

    services.refresh_topic_snapshot(selectors.topic_scope(world.leader))
    request = rf.get("/cockpit/")
    request.user = world.leader
    html = Template("{% load insights_tags %}{% topics_panel 3 %}").render(
        Context({"request": request})
    )
    assert 'data-testid="panel-topic"' in html
    assert "噪声" in html


def test_retrain_learns_from_the_corrections(world, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    text = "机房的猫又跑丢了"
    for _ in range(30):
        CategoryCorrection.objects.create(
            text=text, suggested="other", chosen="welfare", by=world.staff, at="2026-05-01T00:00Z"
        )
    fixture = Path(__file__).resolve().parent / "blind_fixture.tsv"
    call_command("retrain", "--blind", str(fixture), stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    try:
        assert classifier.suggest(text)[0] == "welfare"
        assert (tmp_path / "insights" / "category_model.joblib").exists()
        assert "macro-F1" in (tmp_path / "out.txt").read_text()
    finally:
        classifier.use(classifier.train())  # the other tests use the corpus-only model


def test_retrain_also_learns_from_categories_corrected_in_the_ledger(world):
    from lianxin.cases.services import correct_case
    from lianxin.cases.tests.factories import category
    from lianxin.insights.management.commands.retrain import ledger_corrections

    case = make_case(actor=world.chair, org=world.ent_a1, key="wages", **FIRST)
    make_case(actor=world.chair, org=world.ent_a1, key="wages", **SECOND_IN_OTHER_WORDS)
    correct_case(
        case_id=case.pk, actor=world.chair, note="类别选错了", category=category("conditions")
    )
    assert ledger_corrections() == [(f"{FIRST['title']}\n{FIRST['description']}", "conditions")]


def test_find_duplicates_flags_the_recent_ledger_once(world, tmp_path):
    make_case(actor=world.chair, org=world.ent_a1, key="conditions", **FIRST)
    second = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", **SECOND_IN_OTHER_WORDS
    )
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        call_command("find_duplicates", stdout=stream)
        call_command("find_duplicates", stdout=stream)
    assert [f.case for f in second.duplicate_flags.all()] == [second]
    assert out.read_text().startswith("1 new duplicate flags")


def test_the_topics_page_reads_23_cases_in_few_queries(
    client, world, django_assert_max_num_queries
):
    from lianxin.insights.tests.samples import CANTEEN, HEAT, WAGES

    orgs = [world.ent_a1, world.ent_a2, world.ent_b1, world.ent_b2]
    for i, (text, key) in enumerate(
        [(t, "conditions") for t in NOISE + HEAT] + [(t, "canteen_dorm") for t in CANTEEN]
        + [(t, "wages") for t in WAGES]
    ):  # fmt: skip
        make_case(actor=world.city_staff, org=orgs[i % 4], key=key, title=text[:10],
                  description=text, worker_phone=f"1350000{i:04d}")  # fmt: skip
    services.refresh_topic_snapshot(selectors.topic_scope(world.leader))
    client.force_login(world.leader)
    # 11th: the menu's judging seats (lianxin.home); 12th: the header's unread-message count
    with django_assert_max_num_queries(12):
        page = client.get("/insights/topics/")
    assert page.content.decode().count('data-testid="topic"') >= 4
