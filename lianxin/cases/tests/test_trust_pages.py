"""Pages that must not mislead: the case badge, the org filter, the register form, empty choices,
the overdue duration and the home tiles (issue 14, item 20)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from lianxin.cases import services
from lianxin.cases.forms import RegisterCaseForm
from lianxin.cases.models import Case, Category
from lianxin.cases.templatetags.cases_tags import overdue_by
from lianxin.cases.tests.confirming import asks_first, form_posting_to
from lianxin.cases.tests.factories import make_case
from lianxin.core.forms import StyledForm

BJ = ZoneInfo("Asia/Shanghai")
DASHES = "---------"


def numbers(response) -> set[str]:
    return {c.number for c in response.context["page"].object_list}


# ---- the case page's badge ----------------------------------------------------------------------


def test_case_page_badge_is_the_ledgers_class_for_the_status_not_the_proposals_fallback(
    client, world
):
    case = make_case(actor=world.chair, org=world.ent_a1)
    services.accept_case(case_id=case.pk, actor=world.chair, note="")
    client.force_login(world.chair)
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'class="badge text-bg-info" data-testid="case-status"' in page


def test_proposal_badge_filter_has_its_own_name_and_the_case_filter_wins_on_the_case_page():
    template = Template(
        "{% load cases_tags %}{% load proposals_tags %}{{ 'accepted'|status_badge }}"
    )
    assert template.render(Context()) == "text-bg-info"
    proposal = Template("{% load proposals_tags %}{{ 'adopted'|proposal_status_badge }}")
    assert proposal.render(Context()) == "text-bg-primary"


# ---- overdue as a duration, never a month name --------------------------------------------------


def _overdue(due: datetime, status: str = "accepted") -> Case:
    return Case(status=status, resolution_due=due, response_due=due - timedelta(days=5))


@pytest.mark.parametrize(
    ("past", "english"),
    [(timedelta(days=312, hours=3), "312 days"), (timedelta(hours=5), "5 hours"),
     (timedelta(days=1), "1 day"), (timedelta(minutes=10), "less than an hour")],
)  # fmt: skip
def test_overdue_by_is_days_or_hours_in_english(past, english):
    now = datetime(2026, 12, 7, 9, tzinfo=BJ)
    with translation.override("en"):
        assert overdue_by(_overdue(now - past), now) == english


def test_overdue_by_in_chinese_never_reads_as_a_month_or_week():
    """Django's timesince said "10 月，1 周": October, to a Chinese reader."""
    now = datetime(2026, 12, 7, 9, tzinfo=BJ)
    with translation.override("zh-hans"):
        shown = overdue_by(_overdue(now - timedelta(days=312)), now)
    assert "312" in shown
    assert "月" not in shown
    assert "周" not in shown
    assert "，" not in shown


def test_overdue_by_counts_from_the_missed_response_deadline_of_an_unanswered_case():
    now = datetime(2026, 12, 7, 9, tzinfo=BJ)
    case = Case(
        status="registered", response_due=now - timedelta(days=3), resolution_due=now + timedelta(1)
    )
    with translation.override("en"):
        assert overdue_by(case, now) == "3 days"
        assert overdue_by(_overdue(now + timedelta(days=1)), now) == ""


def test_cockpit_overdue_list_shows_days_not_timesince(client, world):
    make_case(actor=world.staff, org=world.ent_a1, at=datetime.now(BJ) - timedelta(days=120))
    client.force_login(world.staff)
    page = client.get(reverse("cockpit:dashboard")).content.decode()
    assert 'data-testid="overdue-list"' in page
    assert "月，" not in page
    assert "周</td>" not in page


# ---- empty choices read "Choose…" ---------------------------------------------------------------


class _Choice(StyledForm):
    category = forms.ModelChoiceField(queryset=Category.objects.all())
    kind = forms.ChoiceField(choices=[("", DASHES), ("a", "A")])


@pytest.mark.django_db
def test_styled_forms_never_show_djangos_dashes_as_the_empty_choice():
    with translation.override("en"):
        html = str(_Choice())
    assert DASHES not in html
    assert html.count('<option value="" selected>Choose…</option>') == 2


# ---- the register form --------------------------------------------------------------------------


def test_register_form_preselects_neither_an_org_nor_a_channel(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("cases:register"))
    form = response.context["form"]
    assert form["origin_org"].value() is None
    assert form["channel"].value() is None
    page = response.content.decode()
    assert DASHES not in page
    assert "selected" not in page.split('name="origin_org"')[1].split("</select>")[0].replace(
        '<option value="" selected>', ""
    )


def test_register_without_org_or_channel_names_each_missing_choice_and_saves_nothing(client, world):
    client.force_login(world.staff)
    data = {"category": "", "urgency": "ordinary", "title": "工资", "description": "拖欠"}
    response = client.post(reverse("cases:register"), data)
    errors = response.context["form"].errors
    own = RegisterCaseForm.base_fields
    with translation.override("zh-hans"):
        generic = str(forms.Field.default_error_messages["required"])
        for name in ("origin_org", "channel", "category"):
            assert errors[name] == [str(own[name].error_messages["required"])]
            assert errors[name] != [generic]
        assert errors["category"] == ["请选择类别。"]
    assert 'class="text-danger small"' in response.content.decode()
    assert Case.objects.count() == 0


# ---- the ledger's org filter --------------------------------------------------------------------


@pytest.fixture
def a1_cases(world):
    return [make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}") for i in range(2)]


def test_org_words_matching_an_enterprise_and_its_team_offer_both_and_list_no_rows(
    client, world, a1_cases
):
    client.force_login(world.staff)
    response = client.get(reverse("cases:ledger"), {"org": "A企业1", "status": "open"})
    assert numbers(response) == set()
    assert response.context["counts"]["total"] == 0
    offered = [(org, query) for org, query in response.context["org_choices"]]
    assert [org for org, _q in offered] == [world.ent_a1, world.team_a1]
    assert "org=EA1" in offered[0][1]
    assert "status=open" in offered[0][1]
    page = response.content.decode()
    assert 'data-testid="ledger-refused"' in page
    assert 'data-testid="export"' not in page


def test_choosing_an_offered_org_filters_the_ledger_to_it(client, world, a1_cases):
    make_case(actor=world.staff, org=world.ent_a2)
    client.force_login(world.staff)
    first = client.get(reverse("cases:ledger"), {"org": "A企业1"})
    _org, query = first.context["org_choices"][0]
    response = client.get(f"{reverse('cases:ledger')}?{query}")
    assert numbers(response) == {c.number for c in a1_cases}


def test_org_words_matching_one_org_by_its_short_name_filter_by_it(client, world, a1_cases):
    world.ent_a1.short_name = "天香面业"
    world.ent_a1.save(update_fields=["short_name"])
    make_case(actor=world.staff, org=world.ent_a2)
    client.force_login(world.staff)
    response = client.get(reverse("cases:ledger"), {"org": "天香"})
    assert numbers(response) == {c.number for c in a1_cases}


def test_refused_filter_in_the_htmx_table_shows_the_error_and_no_rows(client, world, a1_cases):
    client.force_login(world.staff)
    response = client.get(reverse("cases:ledger"), {"org": "A企业1"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'data-testid="ledger-refused"' in page
    assert 'data-testid="org-choices"' in page
    assert 'data-testid="ledger"' not in page


def test_export_of_a_refused_filter_sends_back_to_the_ledger_instead_of_every_row(
    client, world, a1_cases
):
    client.force_login(world.staff)
    response = client.get(reverse("cases:export"), {"org": "A企业1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("cases:ledger") + "?org=")


# ---- every tile links to exactly the rows it counts ---------------------------------------------


@pytest.fixture
def mixed(world):
    """Open, overdue, resolved and rejected cases in district A."""
    long_ago = datetime.now(BJ) - timedelta(days=90)
    overdue = make_case(actor=world.staff, org=world.ent_a1, at=long_ago)
    services.accept_case(case_id=overdue.pk, actor=world.staff, note="")
    make_case(actor=world.staff, org=world.ent_a1)
    rejected = make_case(actor=world.staff, org=world.ent_a2)
    services.reject_case(case_id=rejected.pk, actor=world.staff, reason="不属于工会职责")
    return overdue


def _tile_rows(client, href: str) -> int:
    return client.get(href).context["counts"]["total"]


def test_home_tiles_link_to_exactly_the_rows_they_count(client, world, mixed):
    client.force_login(world.staff)
    response = client.get(reverse("home"))
    figures = response.context["figures"]
    page = response.content.decode()
    for key, count in (("cases", figures.case_count), ("open", figures.open_count),
                       ("overdue", figures.overdue_count)):  # fmt: skip
        href = page.split(f'data-testid="tile-{key}"')[0].rsplit('href="', 1)[1].split('"')[0]
        assert _tile_rows(client, href.replace("&amp;", "&")) == count, key
    assert (figures.case_count, figures.open_count, figures.overdue_count) == (3, 2, 1)


def test_cockpit_count_tiles_link_to_exactly_the_rows_they_count(client, world, mixed):
    client.force_login(world.staff)
    response = client.get(reverse("cockpit:dashboard"))
    tiles = {t.key: t for t in response.context["tiles"]}
    for key in ("open_count", "overdue_count", "new_this_month"):
        assert _tile_rows(client, tiles[key].link) == int(tiles[key].value), key
    overdue = response.context["board"].current.overdue_count
    assert _tile_rows(client, response.context["overdue_link"]) == overdue == 1


# ---- irreversible moves ask first ---------------------------------------------------------------


def test_reject_and_close_ask_first_while_other_moves_submit_at_once(client, world):
    registered = make_case(actor=world.chair, org=world.ent_a1)
    resolved = make_case(actor=world.chair, org=world.ent_a1)
    for move in (services.accept_case, services.start_case):
        move(case_id=resolved.pk, actor=world.chair, note="")
    services.resolve_case(case_id=resolved.pk, actor=world.chair, result="已补发", amount_paid=None)
    client.force_login(world.chair)
    page = client.get(reverse("cases:detail", args=[registered.number])).content.decode()
    asks_first(page, reverse("cases:act", args=[registered.number, "reject"]))
    accept = form_posting_to(page, reverse("cases:act", args=[registered.number, "accept"]))
    assert "lx-confirm" not in accept
    page = client.get(reverse("cases:detail", args=[resolved.number])).content.decode()
    asks_first(page, reverse("cases:act", args=[resolved.number, "close"]))
