"""submit_concern, write_to_case and the public pages' reads: allowed and refused, nothing half-done."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lianxin.audit.models import Event
from lianxin.cases import services as case_services
from lianxin.cases.models import Attachment, Case, Category
from lianxin.cases.permissions import WorkerActor
from lianxin.cases.tests import conftest as cases_conftest
from lianxin.core import clock
from lianxin.core.errors import InvalidInput
from lianxin.core.models import RateCounter
from lianxin.intake import photos as photos_module
from lianxin.intake.models import Receipt
from lianxin.intake.services import worker
from lianxin.intake.services.receipts import case_for_receipt
from lianxin.intake.tests.test_worker_photos import CAMERA, photo_with_gps
from lianxin.orgs.tests.factories import OrgFactory, UserFactory

world = cases_conftest.world  # the shared small city (a fixture)

# Leading spaces, a blank line and a trailing newline: all of it is kept as written.
SAID = "  宿舍楼三楼热水器坏了两周，\n\n洗澡只能用凉水，反映给后勤没人管。\n"
CLIENT = "198.51.100.23"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def submit(enterprise, **overrides):
    args = {"client": CLIENT, "enterprise": enterprise, "description": SAID, "is_anonymous": True}
    return worker.submit_concern(**{**args, **overrides})


def photo(data: bytes | None = None, name="IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or photo_with_gps())


def nothing_written() -> bool:
    return not (
        Case.objects.exists()
        or Receipt.objects.exists()
        or Attachment.objects.exists()
        or Event.objects.filter(target_type="cases.case").exists()
    )


# ---- submit_concern -----------------------------------------------------------------------------


def test_anonymous_concern_enters_the_ledger_with_no_personal_data_and_a_working_receipt(world):
    # when a worker submits anonymously (having typed a name anyway)
    result = submit(world.ent_a1, worker_name="周小妹", worker_phone="13700001111")
    case = Case.objects.get(pk=result.case.pk)
    # then the case is on the online channel, kept as written, and holds nothing personal
    assert case.channel == "online"
    assert case.description == SAID
    assert case.title == "宿舍楼三楼热水器坏了两周， 洗澡只能用凉水，反映给后勤没人管…"
    assert case.category.key == "other"
    assert case.origin_org == world.ent_a1
    assert case.owner_org == world.ent_a1
    assert (case.is_anonymous, case.worker_name, case.worker_phone) == (True, "", "")
    assert case.registered_by is None
    assert case.worker_user is None
    assert (case.latitude, case.longitude, case.address) == (None, None, "")
    # and the receipt opens it, while only its hash is stored
    assert case_for_receipt(code=result.receipt, client="203.0.113.1") == case
    assert result.receipt.split("-")[-1] not in Receipt.objects.get(case=case).secret_hash
    event = Event.objects.get(target_type="cases.case", target_id=case.pk)
    assert (event.kind, event.actor_id, event.actor_label) == ("registered", None, "")


def test_a_long_concern_gets_a_thirty_character_title(world):
    result = submit(world.ent_a1, description="车间" * 40)
    assert result.case.title == "车间" * 15 + "…"


def test_named_concern_from_a_signed_in_worker_is_tied_to_their_account(world):
    # given a worker with an account
    account = UserFactory(username="worker1")
    # when they submit with their name and a chosen category
    result = submit(
        world.ent_a1,
        is_anonymous=False,
        worker_name="刘红梅",
        worker_phone="13912340001",
        account=account,
        category=Category.objects.get(key="wages"),
    )
    # then the case carries their name, phone and account, and a receipt too
    case = Case.objects.get(pk=result.case.pk)
    assert (case.worker_name, case.worker_phone, case.worker_user) == (
        "刘红梅",
        "13912340001",
        account,
    )
    assert case.category.key == "wages"
    assert case_for_receipt(code=result.receipt, client=CLIENT) == case
    assert list(worker.cases_of_account(user=account)) == [case]


def test_an_anonymous_concern_from_a_signed_in_person_is_not_tied_to_their_account(world):
    account = UserFactory(username="worker2")
    result = submit(world.ent_a1, account=account)
    assert Case.objects.get(pk=result.case.pk).worker_user is None
    assert not worker.cases_of_account(user=account).exists()


def test_photos_lose_all_metadata_even_when_the_worker_shares_the_location(world):
    # when one worker keeps their location private and another shares it
    private = submit(world.ent_a1, photos=[photo(name="张三家.jpg")])
    shared = submit(
        world.ent_a2,
        photos=[photo()],
        location=worker.Location(
            latitude=Decimal("35.2158123456"), longitude=Decimal("113.2411"), address="二号车间"
        ),
    )
    # then both photos have no EXIF (no GPS, camera, serial number, owner or comment) and a
    # neutral name; the shared location is on the case, not in the file
    for result in (private, shared):
        kept = Attachment.objects.get(case=result.case)
        assert (kept.name, kept.is_public, kept.uploaded_by) == ("photo-1.jpg", True, None)
        data = kept.file.read()
        assert dict(Image.open(BytesIO(data)).getexif()) == {}
        assert not any(value.encode() in data for value in CAMERA)
    case = Case.objects.get(pk=shared.case.pk)
    assert (case.latitude, case.longitude, case.address) == (
        Decimal("35.215812"),
        Decimal("113.241100"),
        "二号车间",
    )
    assert Case.objects.get(pk=private.case.pk).latitude is None


def test_a_shared_location_without_coordinates_takes_the_photos_own_onto_the_case(world):
    # when a worker shares their location but the browser sent no coordinates
    result = submit(world.ent_a1, photos=[photo()], location=worker.Location(address="三号门"))
    # then the case holds where the photo was taken, and the stored photo holds nothing
    case = Case.objects.get(pk=result.case.pk)
    assert (case.latitude, case.longitude, case.address) == (
        Decimal("35.241667"),
        Decimal("113.233333"),
        "三号门",
    )
    assert photos_module.gps_of(Attachment.objects.get(case=case).file) is None


@pytest.mark.parametrize(
    ("org_attr", "overrides", "message"),
    [
        ("team_a1", {}, "企业"),
        ("bureau", {}, "企业"),
        ("ent_a1", {"description": "  \n "}, "问题"),
        ("ent_a1", {"is_anonymous": False, "worker_name": "刘红梅"}, "电话"),
    ],
)
def test_a_submission_that_is_not_whole_is_refused_and_writes_nothing(
    world, org_attr, overrides, message
):
    with pytest.raises(InvalidInput) as refused:
        submit(getattr(world, org_attr), **overrides)
    assert message in refused.value.message
    assert nothing_written()


def test_a_submission_to_an_inactive_enterprise_is_refused(world):
    closed = OrgFactory(code="GONE", name="已注销企业工会", parent=world.street_a, is_active=False)
    with pytest.raises(InvalidInput):
        submit(closed)
    assert nothing_written()


def test_a_pdf_or_too_many_photos_are_refused_and_nothing_is_written(world):
    with pytest.raises(InvalidInput):
        submit(world.ent_a1, photos=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello")])
    with pytest.raises(InvalidInput):
        submit(world.ent_a1, photos=[photo() for _ in range(worker.MAX_PHOTOS + 1)])
    assert nothing_written()


def test_the_eleventh_submission_in_an_hour_is_refused_until_the_hour_has_passed(world):
    # given ten submissions from one address within the hour
    start = clock.now()
    with clock.frozen_at(start):
        for _ in range(worker.SUBMIT_LIMIT):
            submit(world.ent_a1)
        # when an eleventh comes, then it is refused and writes no case
        with pytest.raises(worker.SubmissionThrottled) as refused:
            submit(world.ent_a1)
    assert refused.value.http_status == 429
    assert Case.objects.count() == worker.SUBMIT_LIMIT
    # and another address is not held back, nor this one an hour later
    with clock.frozen_at(start + timedelta(minutes=1)):
        submit(world.ent_a1, client="198.51.100.99")
    with clock.frozen_at(start + timedelta(hours=1, seconds=1)):
        submit(world.ent_a1)
    assert Case.objects.count() == worker.SUBMIT_LIMIT + 2
    # the counters hold keyed hashes, never the address itself
    assert not RateCounter.objects.filter(key__contains=CLIENT).exists()


# ---- write_to_case ------------------------------------------------------------------------------


def test_worker_message_is_journalled_publicly_with_clean_photos(world):
    # given an anonymous case
    case = submit(world.ent_a1).case
    # when the worker writes to it with a photo
    worker.write_to_case(
        worker=WorkerActor(case_id=case.pk), text=" 今天还是没修。\n", photos=[photo()]
    )
    # then one public event holds the text as written, and the photo has no metadata
    event = Event.objects.filter(target_id=case.pk, kind="worker_message").get()
    assert (event.note, event.visibility, event.actor_label) == (
        " 今天还是没修。\n",
        "public",
        "@worker",
    )
    assert event.data == {"files": ["photo-1.jpg"]}
    attachment = Attachment.objects.get(case=case)
    assert dict(Image.open(attachment.file).getexif()) == {}


def test_an_empty_worker_message_is_refused_and_journals_nothing(world):
    case = submit(world.ent_a1).case
    with pytest.raises(InvalidInput):
        worker.write_to_case(worker=WorkerActor(case_id=case.pk), text="  ")
    assert not Event.objects.filter(kind="worker_message").exists()


def test_an_unreadable_photo_in_a_message_is_refused_and_nothing_is_kept(world):
    case = submit(world.ent_a1).case
    broken = SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0" + b"junk" * 20)
    with pytest.raises(InvalidInput):
        worker.write_to_case(worker=WorkerActor(case_id=case.pk), text="看图", photos=[broken])
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(kind="worker_message").exists()


# ---- reads --------------------------------------------------------------------------------------


def test_public_timeline_shows_public_events_with_role_neutral_names(world):
    # given a case accepted by a named chair, with an internal note
    case = submit(world.ent_a1).case
    world.chair.first_name = "王秀梅"
    world.chair.save()
    case_services.accept_case(case_id=case.pk, actor=world.chair, note="已受理，周三前修好。")
    case_services.add_progress(case_id=case.pk, actor=world.chair, note="内部：后勤主管推诿")
    worker.write_to_case(worker=WorkerActor(case_id=case.pk), text="谢谢")
    # when the worker's timeline is read
    timeline = worker.public_timeline(case=case)
    # then internal notes and staff names are absent; staff appear as union staff
    assert [e.kind for e in timeline] == ["registered", "accepted", "worker_message"]
    assert [e.who for e in timeline] == ["您", "工会工作人员", "您"]
    assert "王秀梅" not in repr(timeline)
    assert "推诿" not in repr(timeline)


def test_enterprise_search_finds_active_enterprises_by_name_or_short_name_only(world):
    # given an enterprise with a short name, an inactive one, and a team whose name matches
    OrgFactory(
        code="TX", name="焦作市天香面业有限公司工会", short_name="天香面业", parent=world.street_a
    )
    OrgFactory(code="TX2", name="天香旧厂工会", parent=world.street_a, is_active=False)
    OrgFactory(code="TX-T1", name="天香面业生产一班", kind="team", parent=world.ent_a1)
    # when a worker searches
    found = [o.code for o in worker.search_enterprises(text=" 天香 ")]
    # then only the active enterprise comes up; an empty search lists nothing
    assert found == ["TX"]
    assert [o.code for o in worker.search_enterprises(text="面业")] == ["TX"]
    assert not worker.search_enterprises(text="  ").exists()


def test_worker_categories_are_a_short_active_list_with_other(world):
    keys = set(worker.worker_categories().values_list("key", flat=True))
    assert "other" in keys
    assert "wages" in keys
    assert len(keys) <= len(worker.WORKER_CATEGORY_KEYS)
    assert "democracy" not in keys
