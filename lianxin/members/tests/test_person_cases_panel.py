"""The person page's named-cases panel (registered by lianxin/intake/panels.py): the person's named
cases, never an anonymous one, even when the same account raised it; built through the services."""

import re

import pytest
from django.urls import reverse

from lianxin.intake.services import worker
from lianxin.members import services
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAMED_TEXT = "食堂的饭菜连续一周都是凉的，希望工会帮忙反映一下。"
ANONYMOUS_TEXT = "车间主任经常让我们无偿加班到晚上十点，不敢实名说。"


@pytest.fixture
def rider_member(world):
    """A worker with an account who applied from it (the person is linked) and was approved."""
    rider = UserFactory(username="rider")
    application = services.apply_for_membership(
        actor=rider, org=world.ent_a1, details=details(7, employment_form="rider")
    )
    services.approve_membership(actor=world.chair, membership_id=application.pk)
    return rider, application.person


def raise_concern(account, enterprise, *, anonymous: bool, text: str, client: str):
    named = {} if anonymous else {"worker_name": "王七7", "worker_phone": "13900000007"}
    return worker.submit_concern(
        client=client, enterprise=enterprise, description=text, is_anonymous=anonymous,
        account=account, **named,
    ).case  # fmt: skip


def panel(page: str) -> str:
    found = re.search(r'data-testid="person-cases">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_the_panel_lists_the_named_case_and_never_the_anonymous_one_from_the_same_account(
    client, world, rider_member
):
    # Given the member raised one named and one anonymous case, both from their own account
    rider, person = rider_member
    named = raise_concern(
        rider, world.ent_a1, anonymous=False, text=NAMED_TEXT, client="198.51.100.1"
    )
    anonymous = raise_concern(
        rider, world.ent_a1, anonymous=True, text=ANONYMOUS_TEXT, client="198.51.100.2"
    )
    # When the chair, who sees both cases in the ledger, opens the person's page
    client.force_login(world.chair)
    page = client.get(reverse("members:person", args=[person.pk])).content.decode()
    # Then the panel lists the named case
    assert named.number in panel(page)
    # And nothing on the page names the anonymous case or shows its words
    assert anonymous.number not in page
    assert ANONYMOUS_TEXT[:8] not in page
    assert reverse("cases:detail", args=[anonymous.number]) not in page


def test_a_member_with_only_an_anonymous_case_gets_no_panel(client, world, rider_member):
    # Given the member's only case is anonymous, raised while signed in
    rider, person = rider_member
    anonymous = raise_concern(
        rider, world.ent_a1, anonymous=True, text=ANONYMOUS_TEXT, client="198.51.100.3"
    )
    # When the chair opens the person's page
    client.force_login(world.chair)
    page = client.get(reverse("members:person", args=[person.pk])).content.decode()
    # Then there is no named-cases panel at all, and no trace of the case
    assert 'data-testid="person-cases"' not in page
    assert anonymous.number not in page


def test_the_panel_lists_only_this_persons_cases_that_the_viewer_may_see(
    client, world, rider_member
):
    # Given the member raised a named case in enterprise A1 and one in enterprise B1,
    # and another worker raised a named case in A1
    rider, person = rider_member
    here = raise_concern(
        rider, world.ent_a1, anonymous=False, text=NAMED_TEXT, client="198.51.100.4"
    )
    elsewhere = raise_concern(
        rider, world.ent_b1, anonymous=False, text=NAMED_TEXT, client="198.51.100.5"
    )
    other = raise_concern(
        UserFactory(username="other"), world.ent_a1, anonymous=False, text=NAMED_TEXT,
        client="198.51.100.6",
    )  # fmt: skip
    # When A1's chair opens the person's page
    client.force_login(world.chair)
    listed = panel(client.get(reverse("members:person", args=[person.pk])).content.decode())
    # Then only the case in the chair's scope is listed
    assert here.number in listed
    assert elsewhere.number not in listed
    assert other.number not in listed
    # And the city's staff, who see both enterprises, get both of the person's cases
    client.force_login(world.city_staff)
    listed = panel(client.get(reverse("members:person", args=[person.pk])).content.decode())
    assert here.number in listed
    assert elsewhere.number in listed
    assert other.number not in listed
