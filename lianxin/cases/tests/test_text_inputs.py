"""Free text into the ledger: control characters dropped at the page, and a journal note bounded
(at the page, and in the services as the last gate)."""

import pytest
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.cases import services
from lianxin.cases.models import Case
from lianxin.cases.tests.factories import category, make_case
from lianxin.core.errors import InvalidInput
from lianxin.core.text import NOTE_MAX_LENGTH

TOO_LONG = "长" * (NOTE_MAX_LENGTH + 1)


def journal_of(case: Case) -> list[tuple[str, str]]:
    rows = Event.objects.filter(target_type="cases.case", target_id=case.pk).order_by("seq")
    return list(rows.values_list("kind", "note"))


def test_register_page_drops_control_characters_from_the_texts(client, world):
    # given the register form posted with control characters in its texts
    client.force_login(world.chair)
    form = {
        "origin_org": world.ent_a1.pk, "channel": "hotline", "category": category("wages").pk,
        "urgency": "ordinary", "title": "工资\u0001拖欠", "description": "两个月\x1b没发\r\n第二行",
        "worker_name": "王\x00师傅", "worker_phone": "13900001111",
    }  # fmt: skip
    # when registered
    response = client.post(reverse("cases:register"), form)
    # then the case keeps the texts without them (newlines kept)
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.title, case.worker_name) == ("工资拖欠", "王师傅")
    assert case.description.replace("\r\n", "\n") == "两个月没发\n第二行"


@pytest.mark.parametrize(
    ("action", "field"), [("reject", "reject-note"), ("accept", "accept-note")]
)
def test_an_over_long_note_on_the_case_page_is_refused_in_chinese_and_journal_unchanged(
    client, world, action, field
):
    # given a registered case and its journal
    case = make_case(actor=world.chair, org=world.ent_a1)
    before = journal_of(case)
    client.force_login(world.chair)
    # when a move is posted with a note one character over the limit
    response = client.post(reverse("cases:act", args=[case.number, action]), {field: TOO_LONG})
    # then the page says why in Chinese, and the case and its journal are unchanged
    page = client.get(response["Location"]).content.decode()
    assert f"备注最多 {NOTE_MAX_LENGTH} 个字，这段有 {NOTE_MAX_LENGTH + 1} 个字" in page
    assert Case.objects.get(pk=case.pk).status == "registered"
    assert journal_of(case) == before


def test_the_note_box_tells_the_browser_its_limit(client, world):
    case = make_case(actor=world.chair, org=world.ent_a1)
    client.force_login(world.chair)
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert f'maxlength="{NOTE_MAX_LENGTH}"' in page


@pytest.mark.parametrize(
    "move",
    [
        lambda case, actor: services.reject_case(case_id=case.pk, actor=actor, reason=TOO_LONG),
        lambda case, actor: services.accept_case(case_id=case.pk, actor=actor, note=TOO_LONG),
        lambda case, actor: services.correct_case(case_id=case.pk, actor=actor, note=TOO_LONG),
    ],
    ids=["reject", "accept", "correct"],
)
def test_the_services_refuse_an_over_long_note_with_a_stable_code(world, move):
    # given a registered case and its journal
    case = make_case(actor=world.chair, org=world.ent_a1)
    before = journal_of(case)
    # when a service is called directly with an over-long note
    with pytest.raises(InvalidInput) as refused:
        move(case, world.chair)
    # then it is refused with the note's code, and nothing is written
    assert refused.value.code == "note.too_long"
    assert refused.value.details == {"limit": NOTE_MAX_LENGTH}
    assert Case.objects.get(pk=case.pk).status == "registered"
    assert journal_of(case) == before
