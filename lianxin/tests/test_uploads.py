"""Stored uploads: a generated name with the extension of their real type, served as a download,
readable by this account only."""

import os
import stat
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianxin.cases import services as case_services
from lianxin.cases.tests.factories import make_case
from lianxin.contests import services as contest_services
from lianxin.contests.tests.factories import at, make_contest, open_all, participant
from lianxin.core import clock
from lianxin.proposals.tests.factories import submit as submit_proposal
from lianxin.proposals.tests.factories import worker

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def assert_stored_safely(field_file, *, extension: str, client_name: str) -> None:
    stored = field_file.name.rsplit("/", 1)[-1]
    assert stored.endswith(f".{extension}")
    assert client_name.rsplit(".", 1)[0] not in field_file.name
    assert stat.S_IMODE(os.stat(field_file.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(field_file.path)).st_mode) == 0o700


def assert_download(response, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("client_name", "body", "content_type", "extension"),
    [("poly2.html", PNG, "image/png", "png"), ("report.html", PDF, "application/pdf", "pdf")],
)
def test_a_case_file_is_stored_under_a_generated_name_and_served_as_a_download(
    client, world, media, client_name, body, content_type, extension
):
    # given a file whose name claims HTML but whose bytes are a PNG or a PDF
    case = make_case(actor=world.chair, org=world.ent_a1)
    case_services.accept_case(case_id=case.pk, actor=world.chair)
    upload = SimpleUploadedFile(client_name, body, content_type="text/html")
    # when the handler attaches it
    row = case_services.add_attachment(case_id=case.pk, actor=world.chair, upload=upload)
    # then it is stored under a random name with the real type's extension, for this account only
    assert_stored_safely(row.file, extension=extension, client_name=client_name)
    assert row.name == client_name  # the name people see is kept on the row
    # and it is served as a download, never inline
    client.force_login(world.chair)
    response = client.get(reverse("cases:attachment", args=[case.number, row.pk]))
    assert_download(response, content_type)
    assert b"".join(response.streaming_content) == body


def test_a_proposal_file_is_stored_under_a_generated_name_and_served_as_a_download(
    client, world, media
):
    me = worker()
    upload = SimpleUploadedFile("poly2.html", PNG, content_type="text/html")
    proposal = submit_proposal(actor=me, enterprise=world.ent_a1, attachments=[upload])
    row = proposal.attachments.get()
    assert_stored_safely(row.file, extension="png", client_name="poly2.html")
    client.force_login(me)
    response = client.get(reverse("proposals:attachment", args=[proposal.pk, row.pk]))
    assert_download(response, "image/png")


def test_a_contest_entry_file_is_stored_under_a_generated_name_and_served_as_a_download(
    client, world, media
):
    c = make_contest(world)
    open_all(c, world)
    p, user = participant(c, world, "刘蕊军团队", world.ent_a1)
    upload = SimpleUploadedFile("report.html", PDF, content_type="text/html")
    with clock.frozen_at(at(2025, 5, 1)):
        entry = contest_services.submit_entry(
            actor=user, participant_id=p.pk, track_id=c.track.pk, stage_kind="points",
            title="成果", description="说明", completed_on=date(2025, 4, 30), upload=upload,
        )  # fmt: skip
    row = entry.attachments.get()
    assert_stored_safely(row.file, extension="pdf", client_name="report.html")
    client.force_login(user)
    response = client.get(reverse("contests:attachment", args=[entry.pk, row.pk]))
    assert_download(response, "application/pdf")
