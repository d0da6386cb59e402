"""The worker's pages over HTTP: submit, receipt shown once, status, messages, feedback, my cases."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from lianxin.audit.models import Event
from lianxin.cases import services as case_services
from lianxin.cases.models import Attachment, Case
from lianxin.intake.services import worker
from lianxin.intake.tests.test_worker_photos import photo_with_gps
from lianxin.intake.views.worker import COOKIE
from lianxin.orgs.tests.factories import UserFactory

SAID = "食堂晚班不供应热饭，\n  夜班工人只能吃泡面。"
RECEIPT = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def concern(enterprise: str = "EA1", **fields) -> dict:
    return {"enterprise": enterprise, "description": SAID, "identity": "anonymous", **fields}


def submit(client: Client, **fields):
    """Send the form and follow the answer's redirect to the receipt page."""
    return client.post(reverse("worker:submit"), concern(**fields), follow=True)


def receipt_in(response) -> str:
    return RECEIPT.search(response.content.decode()).group(0)


def open_case(client: Client, code: str):
    return client.post(reverse("worker:status"), {"code": code})


def resolve(case: Case, actor) -> None:
    case_services.accept_case(case_id=case.pk, actor=actor)
    case_services.start_case(case_id=case.pk, actor=actor)
    case_services.resolve_case(case_id=case.pk, actor=actor, result="已安排晚班热饭供应。")


# ---- raising a concern ------------------------------------------------------------------------


def test_the_worker_page_is_public_and_in_chinese(client, world):
    response = client.get(reverse("worker:submit"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "向工会反映诉求" in html
    assert "匿名反映" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_enterprise_search_lists_enterprises_only_and_no_people(client, world):
    # when a worker searches with and without htmx
    live = client.get(reverse("worker:org_search"), {"q": "A"}, headers={"HX-Request": "true"})
    plain = client.get(reverse("worker:submit"), {"q": "A企业1"})
    # then enterprises come up, not streets, teams, partners or anyone's name
    html = live.content.decode()
    assert 'value="EA1"' in html
    assert 'value="EA2"' in html
    assert 'value="SA"' not in html
    assert 'value="EA1-T1"' not in html
    assert "用户" not in html
    assert 'value="EA1"' in plain.content.decode()
    assert "没有找到" in client.get(reverse("worker:org_search"), {"q": "不存在"}).content.decode()


def test_submitting_redirects_to_the_receipt_shown_once_and_never_cached(client, world):
    # when a worker submits anonymously
    response = client.post(reverse("worker:submit"), concern())
    # then the answer is a redirect (post/redirect/get) carrying no code
    assert response.status_code == 302
    assert response["Location"] == reverse("worker:submitted")
    case = Case.objects.get()
    assert not RECEIPT.search(response.content.decode())
    # and the receipt page shows the number and the code, uncached
    shown = client.get(reverse("worker:submitted"))
    html = shown.content.decode()
    assert case.number in html
    code = receipt_in(shown)
    assert "只显示这一次" in html
    assert "no-store" in shown["Cache-Control"]
    # the code is in no cookie, no session, and not on the next page
    for answer in (response, shown):
        assert all(code not in morsel.value for morsel in answer.cookies.values())
    assert code not in str(dict(client.session))
    assert code not in client.get(reverse("worker:status")).content.decode()
    assert case.description == SAID


def test_reloading_the_receipt_page_files_nothing_again_and_shows_the_code_no_more(client, world):
    # given a submission whose receipt page was shown
    first = submit(client)
    code = receipt_in(first)
    # when the worker reloads the receipt page (as a phone does on app switch)
    again = client.get(reverse("worker:submitted"))
    # then there is still one case, the same number, and the code is not shown again
    assert Case.objects.count() == 1
    html = again.content.decode()
    assert Case.objects.get().number in html
    assert code not in html
    assert not RECEIPT.search(html)
    assert 'data-testid="receipt-shown"' in html


def test_the_same_form_sent_twice_makes_one_case_and_shows_its_receipt(client, world):
    # given the form as the page rendered it, with its one-time key
    page = client.get(reverse("worker:submit"))
    key = page.context["form"]["submission_key"].value()
    assert f'value="{key}"' in page.content.decode()
    # when it is sent twice before any receipt page was seen (a double tap)
    answers = [client.post(reverse("worker:submit"), concern(submission_key=key)) for _ in range(2)]
    # then both answers lead to the receipt page, one case exists, its code is shown once
    assert [a.status_code for a in answers] == [302, 302]
    case = Case.objects.get()
    shown = client.get(reverse("worker:submitted")).content.decode()
    assert case.number in shown
    code = RECEIPT.search(shown).group(0)
    assert code not in client.get(reverse("worker:submitted")).content.decode()
    # and sending it a third time, after the receipt was seen, still makes nothing new
    client.post(reverse("worker:submit"), concern(submission_key=key), follow=True)
    assert Case.objects.count() == 1


def test_the_receipt_page_without_a_submission_goes_to_the_form(client, world):
    response = client.get(reverse("worker:submitted"))
    assert response.status_code == 302
    assert response["Location"] == reverse("worker:submit")


def test_control_characters_typed_into_the_worker_form_are_dropped(client, world):
    submit(client, description="排风扇\x01坏了\x1b[0m半个月\x00", address="二号\x07门")
    assert Case.objects.get().description == "排风扇坏了[0m半个月"


def test_an_incomplete_form_says_what_is_missing_and_registers_nothing(client, world):
    response = submit(client, enterprise="", description="   ")
    html = response.content.decode()
    assert "请搜索并选择您所在的企业" in html
    assert "请写下您要反映的问题" in html
    assert not Case.objects.exists()
    named = submit(client, identity="named", worker_name="刘红梅")
    assert "实名反映时必须填写" in named.content.decode()
    assert not Case.objects.exists()


def test_a_chosen_enterprise_stays_chosen_when_the_form_comes_back(client, world):
    response = submit(client, description="")
    assert re.search(r'value="EA1"\s+checked', response.content.decode())


def test_a_team_or_partner_agency_cannot_be_chosen(client, world):
    for code in ("EA1-T1", "HRSS", "SA"):
        assert "请搜索并选择" in submit(client, enterprise=code).content.decode()
    assert not Case.objects.exists()


def test_submissions_over_the_hourly_limit_get_a_chinese_429(client, world):
    for _ in range(worker.SUBMIT_LIMIT):
        assert submit(client).status_code == 200
    response = submit(client)
    assert response.status_code == 429
    assert "一小时后再试" in response.content.decode()
    assert Case.objects.count() == worker.SUBMIT_LIMIT


def test_photos_sent_with_the_form_lose_their_location(client, world):
    photo = SimpleUploadedFile("IMG_1.jpg", photo_with_gps(), content_type="image/jpeg")
    submit(client, photos=[photo])
    attachment = Attachment.objects.get()
    assert dict(Image.open(attachment.file).getexif()) == {}


def test_location_is_kept_only_when_the_worker_shares_it(client, world):
    place = {"latitude": "35.215812", "longitude": "113.241100", "address": "三号门"}
    submit(client, **place)
    submit(client, share_location="on", **place)
    hidden, shared = Case.objects.order_by("pk")
    assert (hidden.latitude, hidden.address) == (None, "")
    assert (str(shared.latitude), shared.address) == ("35.215812", "三号门")


def test_csrf_is_enforced_on_the_public_forms(world):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("worker:submit"), concern()).status_code == 403
    assert strict.post(reverse("worker:status"), {"code": "X"}).status_code == 403
    assert not Case.objects.exists()


# ---- following a case -------------------------------------------------------------------------


def test_the_receipt_opens_the_public_timeline_without_staff_names(client, world):
    # given a case accepted by a named chair, with an internal note
    code = receipt_in(submit(client))
    case = Case.objects.get()
    world.chair.first_name = "王秀梅"
    world.chair.save()
    case_services.accept_case(case_id=case.pk, actor=world.chair, note="已受理，本周答复。")
    case_services.add_progress(case_id=case.pk, actor=world.chair, note="内部：食堂承包商推诿")
    # when the worker enters the receipt (lower case, no dashes)
    response = open_case(client, code.lower().replace("-", ""))
    assert response.status_code == 302
    assert response["Location"] == reverse("worker:case")
    page = client.get(reverse("worker:case")).content.decode()
    # then the case and its public timeline show, role-neutral, without internal notes
    assert case.number in page
    assert "已受理，本周答复。" in page
    assert "工会工作人员" in page
    assert "王秀梅" not in page
    assert "推诿" not in page
    assert code not in page


def test_a_wrong_receipt_gets_a_clear_message(client, world):
    submit(client)
    response = open_case(client, "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert response.status_code == 200
    assert "回执码不正确" in response.content.decode()


def test_the_case_page_without_a_receipt_asks_for_one(client, world):
    response = client.get(reverse("worker:case"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("worker:status")
    assert "请输入回执码" in response.content.decode()
    forged = Client()
    forged.cookies[COOKIE] = "1"  # not signed by the server
    assert forged.get(reverse("worker:case")).status_code == 302


def test_the_worker_writes_and_rates_the_resolved_case_which_then_closes(client, world):
    # given a case the worker follows with the receipt
    open_case(client, receipt_in(submit(client)))
    case = Case.objects.get()
    # when they add a message with a photo
    photo = SimpleUploadedFile("IMG_2.jpg", photo_with_gps(), content_type="image/jpeg")
    response = client.post(
        reverse("worker:case_message"),
        {"text": "补充：周末也一样。", "photos": [photo]},
        follow=True,
    )
    assert "您的留言已送达工会" in response.content.decode()
    assert Event.objects.filter(target_id=case.pk, kind="worker_message").exists()
    assert "feedback-form" not in response.content.decode()
    # and, once resolved, rate it
    resolve(case, world.chair)
    page = client.get(reverse("worker:case")).content.decode()
    assert "已安排晚班热饭供应。" in page
    assert 'data-testid="feedback-form"' in page
    response = client.post(
        reverse("worker:case_feedback"), {"rating": "satisfied", "comment": "谢谢！"}, follow=True
    )
    # then the case is closed with their rating
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == ("closed", "satisfied")
    assert "感谢您的评价" in response.content.decode()


def test_feedback_before_the_case_is_resolved_is_refused_and_changes_nothing(client, world):
    open_case(client, receipt_in(submit(client)))
    response = client.post(reverse("worker:case_feedback"), {"rating": "satisfied"}, follow=True)
    case = Case.objects.get()
    assert case.status == "registered"
    assert not case.feedback.exists()
    assert "不可" in response.content.decode() or "不能" in response.content.decode()


def test_only_public_photos_of_the_followed_case_are_served(client, world):
    open_case(client, receipt_in(submit(client)))
    case = Case.objects.get()
    case_services.accept_case(case_id=case.pk, actor=world.chair)
    internal = case_services.add_attachment(
        case_id=case.pk,
        actor=world.chair,
        upload=SimpleUploadedFile("内部.jpg", photo_with_gps()),
        public=False,
    )
    client.post(reverse("worker:case_message"), {"text": "看图", "photos": [
        SimpleUploadedFile("a.jpg", photo_with_gps())
    ]})  # fmt: skip
    public = Attachment.objects.get(is_public=True)
    assert client.get(reverse("worker:case_file", args=[public.pk])).status_code == 200
    assert client.get(reverse("worker:case_file", args=[internal.pk])).status_code == 404
    assert Client().get(reverse("worker:case_file", args=[public.pk])).status_code == 404


def test_leaving_forgets_the_case_on_this_phone(client, world):
    open_case(client, receipt_in(submit(client)))
    client.post(reverse("worker:leave"))
    assert client.get(reverse("worker:case")).status_code == 302


# ---- a signed-in worker's named cases ---------------------------------------------------------


def test_a_signed_in_worker_sees_only_their_own_named_cases(client, world):
    # given a worker with an account who raised one named and one anonymous case
    account = UserFactory(username="worker-liu")
    client.force_login(account)
    submit(client, identity="named", worker_name="刘红梅", worker_phone="13912340001")
    submit(client)
    named = Case.objects.get(is_anonymous=False)
    other = Case.objects.get(is_anonymous=True)
    # when they open "my cases"
    page = client.get(reverse("worker:mine")).content.decode()
    # then only the named case is listed, and opens; the anonymous one does not
    assert named.number in page
    assert other.number not in page
    assert client.get(reverse("worker:mine_case", args=[named.number])).status_code == 200
    assert client.get(reverse("worker:mine_case", args=[other.number])).status_code == 404
    client.force_login(UserFactory(username="someone-else"))
    assert client.get(reverse("worker:mine_case", args=[named.number])).status_code == 404


def test_my_cases_needs_a_login(client, world):
    assert client.get(reverse("worker:mine")).status_code == 302
    response = client.get(reverse("worker:mine_case", args=["JZ-2026-000001"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_messages_over_the_hourly_limit_are_refused_in_chinese_and_store_nothing(
    client, world, monkeypatch
):
    # given a followed case, with a limit of two messages an hour
    monkeypatch.setattr(worker, "MESSAGE_LIMIT", 2)
    open_case(client, receipt_in(submit(client)))
    case = Case.objects.get()
    # when the worker writes three messages within the hour
    for text in ("第一条", "第二条", "第三条"):
        answer = client.post(reverse("worker:case_message"), {"text": text}, follow=True)
    # then the third is refused with the (Chinese) message and only two were stored
    with translation.override("zh-hans"):
        refusal = translation.gettext(worker.MESSAGE_THROTTLED)
    assert escape(refusal) in answer.content.decode()
    notes = list(
        Event.objects.filter(target_id=case.pk, kind="worker_message").values_list(
            "note", flat=True
        )
    )
    assert notes == ["第一条", "第二条"]
