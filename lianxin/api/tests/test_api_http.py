"""HTTP as third-party clients meet it: conditional GETs, gzip, HEAD and OPTIONS, rate limits,
UTF-8, both slash forms, an empty body as {}, a malformed body as a translated 400."""

import gzip
import json

import pytest

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.cases.tests.factories import make_case


@pytest.fixture
def case(world):
    return make_case(actor=world.chair, org=world.ent_a1, title="加班费未发")


def test_a_get_has_a_weak_etag_and_a_matching_if_none_match_answers_304(as_user, world, case):
    api = as_user(world.chair)
    first = api.get("/api/cases")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert "private" in first["Cache-Control"]
    again = api.client.get("/api/cases", headers={**api.headers(), "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert int(again["RateLimit-Remaining"]) < int(first["RateLimit-Remaining"])


def test_the_etag_changes_when_the_ledger_changes(as_user, world, case):
    api = as_user(world.chair)
    etag = api.get("/api/cases")["ETag"]
    make_case(actor=world.chair, org=world.ent_a1, title="食堂饭菜涨价")
    changed = api.client.get("/api/cases", headers={**api.headers(), "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_json_is_gzipped_when_the_client_accepts_it(as_user, world):
    for i in range(5):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    api = as_user(world.chair)
    plain = api.get("/api/cases")
    assert not plain.has_header("Content-Encoding")
    zipped = api.client.get("/api/cases", headers={**api.headers(), "Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    assert len(zipped.content) < len(plain.content) / 2


def test_the_docs_page_is_not_gzipped(client):
    # HTML may carry a CSRF token: compressing it beside attacker-chosen text invites BREACH
    response = client.get("/api/docs", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_head_answers_like_get_without_a_body(as_user, world, case):
    api = as_user(world.chair)
    get = api.get(f"/api/cases/{case.number}")
    head = api.client.head(f"/api/cases/{case.number}", headers=api.headers())
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]


def test_options_answers_204_with_the_allowed_methods(anonymous_api):
    response = anonymous_api.client.options("/api/cases")
    assert response.status_code == 204
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    move = anonymous_api.client.options("/api/cases/JZ-2026-000001/accept")
    assert set(move["Allow"].split(", ")) == {"OPTIONS", "POST"}


def test_a_method_not_allowed_answers_405_in_the_error_shape(as_user, world):
    response = as_user(world.chair, lang="en").client.delete("/api/cases")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "api.method_not_allowed"
    assert "GET" in response["Allow"]


def test_chinese_comes_back_as_utf8_not_escapes(as_user, world, case):
    response = as_user(world.chair).get(f"/api/cases/{case.number}")
    assert "加班费未发".encode() in response.content
    assert b"\\u" not in response.content
    assert "charset=utf-8" in response["Content-Type"]


@pytest.mark.parametrize("path", ["/api/cases", "/api/cases/", "/api/proposals", "/api/proposals/"])
def test_a_collection_answers_with_and_without_the_trailing_slash(as_user, world, path):
    response = as_user(world.chair).get(path)
    assert response.status_code == 200, response.content


def test_a_register_posted_to_the_slashed_path_registers(as_user, world):
    body = {"origin_org": world.ent_a1.code, "category": "wages", "channel": "visit",
            "title": "加班费", "description": "三个月的加班费未发"}  # fmt: skip
    response = as_user(world.chair).post("/api/cases/", body)
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("content_type", ["application/json", None])
def test_a_workflow_post_with_no_body_reads_as_an_empty_object(as_user, world, case, content_type):
    api = as_user(world.chair)
    extra = {"content_type": content_type} if content_type else {}
    response = api.client.generic(
        "POST", f"/api/cases/{case.number}/accept", b"", headers=api.headers(), **extra
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"


def test_a_malformed_json_body_is_a_400_with_a_code_and_a_translated_message(as_user, world, case):
    for lang, message in [("en", "The request body is not valid JSON."), ("zh-hans", None)]:
        api = as_user(world.chair, lang=lang)
        response = api.client.post(
            f"/api/cases/{case.number}/accept", b"{not json", content_type="application/json",
            headers=api.headers(),
        )  # fmt: skip
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "api.bad_request"
        if message:
            assert error["message"] == message


def test_a_burst_of_120_gets_meets_429_with_retry_after(as_user, world):
    api = as_user(world.chair)
    answers = [api.get("/api/categories") for _ in range(120)]
    statuses = [a.status_code for a in answers]
    assert statuses[0] == 200
    assert 429 in statuses
    refused = answers[statuses.index(429)]
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["error"]["code"] == "api.rate_limited"
    assert refused["RateLimit-Remaining"] == "0"
    first = answers[0]
    assert int(first["RateLimit-Limit"]) > int(first["RateLimit-Remaining"]) >= 0
    assert int(answers[1]["RateLimit-Remaining"]) < int(first["RateLimit-Remaining"])


def test_one_clients_burst_leaves_another_client_its_own_limit(as_user, world):
    busy = as_user(world.chair)
    for _ in range(120):
        busy.get("/api/categories")
    assert as_user(world.chair_b).get("/api/categories").status_code == 200


def test_sixty_wrong_tokens_meet_429_even_for_a_right_token_after_them(client, world):
    wrong = [ApiClient(client, f"lx_wrong{i}").get("/api/cases") for i in range(60)]
    statuses = [r.status_code for r in wrong]
    assert statuses[0] == 401
    assert statuses[-1] == 429
    assert "Retry-After" in wrong[-1]
    assert ApiClient(client, token_for(world.chair)).get("/api/cases").status_code == 429


def test_rate_limits_can_be_switched_off(as_user, world, settings):
    settings.LIANXIN_API_RATE = "off"
    api = as_user(world.chair)
    answers = [api.get("/api/categories") for _ in range(70)]
    assert {a.status_code for a in answers} == {200}
    assert not answers[0].has_header("RateLimit-Limit")
