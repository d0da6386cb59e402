"""The worker page as an installable app: manifest, service worker, and the outbox's replayed POST."""

import base64
import json
import re
import secrets

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lianxin.cases.models import Attachment, Case
from lianxin.intake.services.receipts import case_for_receipt
from lianxin.intake.tests.test_worker_photos import photo_with_gps
from lianxin.intake.views.worker_app import OFFLINE_ASSETS

SAID = "暴雨天送餐摔倒，站点说不算工伤。"
NUMBER = re.compile(r'data-case-number="([^"]+)"')
CODE = re.compile(r'data-receipt-code="([^"]+)"')


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def outbox_key() -> str:
    """A key as outbox.js makes one for a kept copy of the page: 32 random bytes, base64url."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def kept_form(strict: Client, key: str) -> dict:
    """The form as the outbox keeps it: the fields as written, the page's CSRF token, a photo."""
    page = strict.get(reverse("worker:submit"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    photo = SimpleUploadedFile("IMG_2.jpg", photo_with_gps(), content_type="image/jpeg")
    return {
        "csrfmiddlewaretoken": token.group(1), "submission_key": key, "enterprise": "EA1",
        "description": SAID, "identity": "anonymous", "photos": [photo],
    }  # fmt: skip


def replay(strict: Client, key: str):
    """The outbox sends the kept form and follows the redirect, as fetch(redirect: "follow") does."""
    return strict.post(reverse("worker:submit"), kept_form(strict, key), follow=True)


def test_a_replayed_post_whose_answer_was_lost_makes_one_case_and_brings_the_same_receipt(world):
    # given a concern kept offline, sent once, whose answer never reached the phone
    strict, key = Client(enforce_csrf_checks=True), outbox_key()
    first = strict.post(reverse("worker:submit"), kept_form(strict, key))
    assert first.status_code == 302
    # when the outbox sends it again with the same key
    answer = replay(strict, key)
    # then one case with one photo exists, and the answer names it with its receipt code
    case = Case.objects.get()
    html = answer.content.decode()
    assert NUMBER.search(html).group(1) == case.number
    code = CODE.search(html).group(1)
    assert case_for_receipt(code=code, client="198.51.100.7") == case  # the code is its receipt
    assert Attachment.objects.filter(case=case).count() == 1


def test_a_replay_after_the_receipt_was_shown_files_nothing_and_shows_the_case_not_the_code(world):
    # given a concern sent and its receipt shown
    strict, key = Client(enforce_csrf_checks=True), outbox_key()
    shown = replay(strict, key).content.decode()
    code = CODE.search(shown).group(1)
    # when the same kept form is sent again (the phone did not hear the answer)
    again = replay(strict, key).content.decode()
    # then nothing new is filed; the answer names the same case but never shows the code again
    case = Case.objects.get()
    assert NUMBER.search(again).group(1) == case.number
    assert CODE.search(again) is None
    assert code not in again
    assert Attachment.objects.count() == 1


def test_the_manifest_installs_the_worker_page_standalone_with_icons_made_here(client, world):
    response = client.get(reverse("worker:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert (body["start_url"], body["scope"], body["display"]) == ("/w/", "/w/", "standalone")
    assert body["name"]
    assert body["short_name"]
    assert body["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in body["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_worker_page_links_its_manifest_and_its_service_worker(client, world):
    html = client.get(reverse("worker:submit")).content.decode()
    assert f'rel="manifest" href="{reverse("worker:manifest")}"' in html
    assert f'data-outbox="{reverse("worker:service_worker")}"' in html


def test_the_service_worker_is_served_in_the_worker_scope_and_keeps_every_asset_it_names(
    client, world
):
    response = client.get(reverse("worker:service_worker"))
    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert reverse("worker:service_worker").rsplit("/", 1)[0] + "/" == reverse("worker:submit")
    for path in OFFLINE_ASSETS:
        assert finders.find(path), path
        assert f"/static/{path}" in script
    # the receipt and case pages are never kept on the phone
    assert "/w/submitted/" not in script
    assert "/w/case/" not in script
