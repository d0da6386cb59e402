"""Duplicate flags never show a case outside the reader's scope, never pair an anonymous worker with a
named one, and come from every channel a case enters by.

The city of `world`: enterprises A1 and A2 under one district (A). A worker's phone has a case in
A1; the chair of A2 takes a hotline call from the same phone about the same thing. The chair of A2
then walks every page, export and API that shows a duplicate flag or a journal and must find nothing
of A1's cases — not a number, a title, a name or a phone.
"""

import io
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from lianxin.audit.models import Event
from lianxin.cases.models import Category
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.errors import NotFound
from lianxin.core.masking import mask_phone
from lianxin.insights import services
from lianxin.insights.models import DuplicateFlag
from lianxin.insights.selectors import open_flags
from lianxin.intake.services.hotline import take_call
from lianxin.orgs.tests.factories import UserFactory, with_role

pytestmark = pytest.mark.django_db

SHARED_PHONE = "13900002222"
NOISE = "我们挂面车间的机器噪声太大，耳朵整天嗡嗡响，希望厂里给装隔音设备。"
NOISE_AGAIN = "俺们车间噪音实在受不了，耳朵被震得嗡嗡的，上回说了还没人管，能不能想办法降降噪？"
NOISE_COPY = "我们挂面车间的机器噪声太大，耳朵整天嗡嗡响，希望厂里给装隔音设备！"
CANTEEN = "仓库夜班的食堂晚上不开门，夜班工人吃不上热饭，希望留个窗口。"
CANTEEN_COPY = "仓库夜班的食堂晚上不开门，夜班工人吃不上热饭，希望留个窗口！"


def hotline(actor, enterprise, description, *, phone="", anonymous=False, title=""):
    case, _code = take_call(
        actor=actor, caller_phone=phone, enterprise=enterprise,
        category=Category.objects.get(key="conditions"), urgency="ordinary",
        description=description, anonymous=anonymous, title=title,
    )  # fmt: skip
    return case


@pytest.fixture
def scene(world, django_capture_on_commit_callbacks):
    """A1's cases (one of them by the shared phone, two flagged with each other), then the chair of
    A2's own two calls: the first from the shared phone, the second repeating the first."""
    chair_a2 = with_role("chair", world.ent_a2, UserFactory(username="chair_a2"))
    earlier = clock.now() - timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        a1_worker = make_case(
            actor=world.chair, org=world.ent_a1, key="conditions", at=earlier,
            title="一号车间噪声太大", description=NOISE, worker_name="王建国",
            worker_phone=SHARED_PHONE,
        )  # fmt: skip
        a1_other = make_case(
            actor=world.chair, org=world.ent_a1, key="conditions", at=earlier + timedelta(hours=1),
            title="挂面车间噪声又响了", description=NOISE_COPY, worker_name="李秀英",
            worker_phone="13722223333",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        mine = hotline(chair_a2, world.ent_a2, NOISE_AGAIN, phone=SHARED_PHONE, title="噪音再反映")
    with django_capture_on_commit_callbacks(execute=True):
        mine_again = hotline(
            chair_a2, world.ent_a2, CANTEEN, phone="13655556666", title="夜班吃饭难"
        )
        mine_copy = hotline(
            chair_a2, world.ent_a2, CANTEEN_COPY, phone="13655557777", title="夜班吃不上饭"
        )
    return SimpleNamespace(
        world=world, chair=chair_a2, outside=[a1_worker, a1_other],
        mine=[mine, mine_again, mine_copy],
    )  # fmt: skip


def crossing_flag(case, candidate) -> DuplicateFlag:
    """A flag across two enterprises, as a release before this one made them."""
    flag, _made = DuplicateFlag.objects.get_or_create(
        case=case, candidate=candidate,
        defaults={"score": 0.9, "reason": "worker", "created_at": clock.now()},
    )  # fmt: skip
    return flag


def forbidden_in(text: str, outside) -> list[str]:
    """What of the cases `outside` appears in `text`: number, title, worker's name and phone."""
    found = []
    for case in outside:
        if re.search(rf"(?<![0-9]){re.escape(case.number)}(?![0-9])", text):
            found.append(case.number)
        for value in (case.title, case.worker_name):
            if value and value in text:
                found.append(value)
        if case.worker_phone != SHARED_PHONE:  # the shared phone is the chair's own caller's too
            found += [p for p in (case.worker_phone, mask_phone(case.worker_phone)) if p in text]
    return found


def workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


# ---- flags are made inside the new case's scope only --------------------------------------------


def test_a_call_from_a_phone_known_in_another_enterprise_flags_nothing_there(scene):
    outside, (_mine, mine_again, mine_copy) = scene.outside, scene.mine
    flagged = set(DuplicateFlag.objects.values_list("case_id", "candidate_id"))
    # A1's two cases are flagged with each other, A2's two with each other; nothing across
    assert flagged == {(outside[1].pk, outside[0].pk), (mine_copy.pk, mine_again.pk)}


def test_the_journal_of_a_flag_names_no_other_case(scene):
    mine_copy = scene.mine[2]
    event = Event.objects.get(target_id=mine_copy.pk, kind="duplicate_flagged")
    flag = DuplicateFlag.objects.get(case=mine_copy)
    assert event.data == {"flags": [flag.pk]}


# ---- the walk: every page, export and API as the chair of the other enterprise -----------------


def test_the_chair_of_another_enterprise_finds_no_case_outside_their_scope_anywhere(scene, client):
    chair_a2, outside, mine = scene.chair, scene.outside, scene.mine
    # a flag across the two enterprises as an older release made it: shown nowhere to chair_a2
    crossing_flag(mine[0], outside[0])
    client.force_login(chair_a2)
    pages = {
        "/insights/duplicates/": None, "/insights/topics/": None, "/cases/": None, "/": None,
        "/intake/hotline/": None, "/intake/imports/quality/": None,
        "/intake/imports/quality/?kind=duplicates": None, "/api/cases": None,
        "/cases/export.xlsx": "xlsx",
    }  # fmt: skip
    for case in mine:
        pages |= {
            f"/cases/{case.number}/": None, f"/api/cases/{case.number}": None,
            f"/api/cases/{case.number}/journal": None,
        }  # fmt: skip
    seen = {}
    for url, kind in pages.items():
        answer = client.get(url, follow=True)
        assert answer.status_code == 200, url
        text = workbook_text(answer.content) if kind else answer.content.decode()
        seen[url] = forbidden_in(text, outside)
    assert seen == {url: [] for url in pages}
    # the walk saw the chair's own flag, so the duplicates page was not simply empty
    duplicates = client.get("/insights/duplicates/").content.decode()
    assert mine[2].number in duplicates
    assert mine[1].number in duplicates
    # and the other enterprise's cases answer as missing
    for case in outside:
        assert client.get(f"/cases/{case.number}/").status_code == 404
        assert client.get(f"/api/cases/{case.number}/journal").status_code == 404


def test_a_flag_is_listed_only_to_whoever_sees_both_of_its_cases(scene):
    world, chair_a2, outside, mine = scene.world, scene.chair, scene.outside, scene.mine
    crossing = crossing_flag(mine[0], outside[0])
    assert crossing not in open_flags(user=chair_a2)
    assert crossing not in open_flags(user=world.chair)  # sees the candidate, not the case
    assert crossing in open_flags(user=world.staff)  # the district sees both


def test_a_flag_whose_other_case_is_out_of_scope_cannot_be_decided(scene):
    crossing = crossing_flag(scene.mine[0], scene.outside[0])

    with pytest.raises(NotFound):
        services.link_duplicate(flag_id=crossing.pk, actor=scene.chair)
    crossing.refresh_from_db()
    assert crossing.status == "open"
    assert not Event.objects.filter(kind="duplicate_linked").exists()


# ---- anonymous and named are never paired -------------------------------------------------------


@pytest.mark.parametrize("first_anonymous", [True, False])
def test_an_anonymous_case_is_never_paired_with_a_named_one(
    world, django_capture_on_commit_callbacks, first_anonymous
):
    earlier = clock.now() - timedelta(hours=3)
    named = {"worker_name": "赵师傅", "worker_phone": "13811112222"}
    anonymous = {"is_anonymous": True, "worker_name": "", "worker_phone": ""}
    make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", at=earlier, title="噪声",
        description=NOISE, **(anonymous if first_anonymous else named),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        second = make_case(
            actor=world.chair, org=world.ent_a1, key="conditions", title="噪声",
            description=NOISE, **(named if first_anonymous else anonymous),
        )  # fmt: skip
    assert services.flag_duplicates(case_id=second.pk) == []
    assert not DuplicateFlag.objects.exists()


def test_two_anonymous_cases_telling_the_same_are_still_flagged(
    world, django_capture_on_commit_callbacks
):
    anonymous = {"is_anonymous": True, "worker_name": "", "worker_phone": ""}
    first = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", title="噪声", description=NOISE,
        at=clock.now() - timedelta(hours=3), **anonymous,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        second = make_case(
            actor=world.chair, org=world.ent_a1, key="conditions", title="噪声",
            description=NOISE_COPY, **anonymous,
        )  # fmt: skip
    flag = DuplicateFlag.objects.get()
    assert (flag.case, flag.candidate, flag.reason) == (second, first, "enterprise")
