"""A report whose words name a public-space problem suggests the nearest partner of the type that
handles it (井盖 → the community partner of the district it arose in); nothing is referred by it."""

import re

import pytest
from django.urls import reverse

from lianxin.cases import services
from lianxin.cases.forms import ReferForm
from lianxin.cases.models import Case, Referral
from lianxin.cases.routing import suggest_partner
from lianxin.cases.tests.factories import make_case
from lianxin.orgs.models import Org, OrgKind, PartnerType
from lianxin.orgs.tests.factories import OrgFactory

MANHOLE = {
    "channel": "snapshot",
    "title": "解放路井盖缺失",
    "description": "解放路与民主路交叉口井盖丢失，骑手夜间送餐险些摔倒，请尽快处理。",
}


@pytest.fixture
def communities(world):
    """A community partner under each district and one under the city."""
    made = {}
    for key, parent in (("a", world.district_a), ("b", world.district_b), ("city", world.city)):
        made[key] = OrgFactory(code=f"COMM-{key}", name=f"{key}社区居委会", kind=OrgKind.PARTNER,
                               partner_type=PartnerType.COMMUNITY, parent=parent)  # fmt: skip
    return made


def snapshot_in(world, org: Org, **fields) -> Case:
    case = make_case(actor=world.city_staff, org=org, **(MANHOLE | fields))
    services.accept_case(case_id=case.pk, actor=world.city_staff)
    services.start_case(case_id=case.pk, actor=world.city_staff)
    return case


def test_a_manhole_snapshot_suggests_the_community_partner_of_its_district(world, communities):
    # Given a 随手拍 about a manhole cover, raised in an enterprise of district A
    case = snapshot_in(world, world.ent_a1)

    # When the partner is suggested
    suggestion = suggest_partner(case)

    # Then it is district A's community partner, for the word 井盖
    assert suggestion is not None
    assert (suggestion.partner, suggestion.keyword) == (communities["a"], "井盖")
    assert suggestion.partner_type.code == "community"
    assert "井盖" in suggestion.reason
    assert communities["a"].name in suggestion.reason


def test_without_a_partner_in_its_district_the_nearest_one_above_is_suggested(world, communities):
    # Given district B's community partner is no longer active
    Org.objects.filter(pk=communities["b"].pk).update(is_active=False)

    # When a parking snapshot from district B is routed
    case = snapshot_in(
        world, world.ent_b1, title="小区门口乱停车", description="电动车乱停车堵住通道"
    )

    # Then the city's community partner is suggested, never district A's
    suggestion = suggest_partner(case)
    assert suggestion is not None
    assert suggestion.partner == communities["city"]


@pytest.mark.parametrize(
    "words",
    [
        {"title": "车间噪声大影响听力", "description": "设备老旧，希望降噪。"},  # nothing public
    ],
)
def test_a_case_whose_words_point_nowhere_gets_no_suggestion(world, communities, words):
    assert suggest_partner(snapshot_in(world, world.ent_a1, **words)) is None


def test_an_inactive_type_suggests_nothing(world, communities):
    PartnerType.objects.filter(code="community").update(is_active=False)
    assert suggest_partner(snapshot_in(world, world.ent_a1)) is None


def test_the_refer_form_preselects_the_suggestion_and_explains_it(world, communities):
    case = snapshot_in(world, world.ent_a1)

    form = ReferForm(prefix="refer", case=case)

    assert form["partner"].value() == communities["a"].pk
    assert "井盖" in str(form.fields["partner"].help_text)


def test_the_case_page_shows_the_suggestion_and_nothing_is_referred_until_the_handler_refers(
    client, world, communities
):
    # Given a manhole snapshot being handled by the city's staff
    case = snapshot_in(world, world.ent_a1)
    client.force_login(world.city_staff)

    # When its page is opened
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()

    # Then the refer form has the district's community partner selected, with the reason
    name = communities["a"].name
    assert f'value="{communities["a"].pk}" selected>{name}' in page
    [help_text] = re.findall(r'data-testid="help-refer-partner">([^<]*)<', page)
    assert "井盖" in help_text
    assert name in help_text
    assert not Referral.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == "in_progress"
