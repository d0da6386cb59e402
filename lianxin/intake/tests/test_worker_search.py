"""我的诉求: a signed-in worker searches their own named cases with the ledger's full-text search."""

import pytest
from django.urls import reverse

from lianxin.cases.tests.factories import make_case
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def listed(client, q: str) -> str:
    return client.get(reverse("worker:mine"), {"q": q}).content.decode()


def test_a_worker_finds_their_own_cases_by_words_and_by_category(client, world):
    # given a worker's two named cases and another person's case with the same words
    account = UserFactory(username="worker-liu")
    aircon = make_case(actor=None, org=world.ent_a1, key="conditions", worker_user=account,
                       title="车间空调坏了", description="太热")  # fmt: skip
    wages = make_case(actor=None, org=world.ent_a1, key="wages", worker_user=account,
                      title="三个月没发钱", description="老板说没钱")  # fmt: skip
    someone = make_case(actor=None, org=world.ent_a1, key="conditions",
                        title="车间空调坏了", description="太热")  # fmt: skip
    client.force_login(account)
    # when they search 空调, then 欠薪 (the wage category's word)
    found_aircon, found_wages = listed(client, "空调"), listed(client, "欠薪")
    # then each search lists only their own matching case
    assert aircon.number in found_aircon
    assert wages.number not in found_aircon
    assert someone.number not in found_aircon
    assert wages.number in found_wages
    assert aircon.number not in found_wages


def test_a_search_that_finds_nothing_says_so_and_keeps_the_words(client, world):
    account = UserFactory(username="worker-liu")
    make_case(actor=None, org=world.ent_a1, worker_user=account, title="车间空调坏了")
    client.force_login(account)
    page = listed(client, "食堂")
    assert 'data-testid="my-cases-none"' in page
    assert 'value="食堂"' in page
