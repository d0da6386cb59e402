"""关联为重复 asks first and names both cases (issue 14, item 20); dismissing does not ask."""

import pytest

from lianxin.cases.tests.confirming import asks_first, form_posting_to
from lianxin.cases.tests.factories import make_case
from lianxin.insights import services
from lianxin.insights.states import FlagStatus
from lianxin.insights.tests.test_services import FIRST, SECOND_IN_OTHER_WORDS

pytestmark = pytest.mark.django_db


def test_linking_a_duplicate_asks_first_naming_both_cases(client, world):
    phone = "13700001234"
    make_case(actor=world.chair, org=world.ent_a1, key="conditions", worker_phone=phone, **FIRST)
    second = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", worker_phone=phone,
        **SECOND_IN_OTHER_WORDS,
    )  # fmt: skip
    [flag] = services.flag_duplicates(case_id=second.pk)
    client.force_login(world.chair)
    page = client.get("/insights/duplicates/").content.decode()
    message = asks_first(page, f"/insights/duplicates/{flag.pk}/link")
    assert flag.case.number in message
    assert flag.candidate.number in message
    assert "lx-confirm" not in form_posting_to(page, f"/insights/duplicates/{flag.pk}/dismiss")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
