"""Failing visibly: Chinese error pages with a way back, the API's one error shape, 413 for an
oversized body and a health check that asks the database. All with DEBUG off, as in production."""

import json
import logging
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from lianxin import views
from lianxin.api.tests.conftest import token_for
from lianxin.cases.models import Case
from lianxin.cases.tests import conftest as cases_conftest

world = cases_conftest.world  # the shared small city (a fixture)

THREE_MB = 3 * 1024 * 1024


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@contextmanager
def database_failing(*, writes_only: bool = False, message: str = "database or disk is full"):
    """Every statement (or every write) fails as it does on a full disk or a read-only database."""

    def fail(execute, sql, params, many, context):
        if not writes_only or sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def ways_back(html: str) -> bool:
    return 'href="/"' in html and 'href="/w/"' in html


# ---- 404 and 403 --------------------------------------------------------------------------------


def test_a_missing_page_answers_a_chinese_404_with_a_way_back(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html
    assert "Not Found" not in html
    assert ways_back(html)


def test_a_refused_page_answers_a_chinese_403_with_a_way_back(client, world):
    # given a staff user without the admin's add permission for tokens
    world.staff.is_staff = True
    world.staff.save(update_fields=["is_staff"])
    client.force_login(world.staff)
    response = client.get(reverse("admin:api_apitoken_add"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in html
    assert "403 Forbidden" not in html
    assert ways_back(html)


def test_a_failed_csrf_check_explains_in_chinese_and_offers_the_form_again(world):
    # given a worker's form posted without its CSRF token (an old page, cookies blocked)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("worker:submit"), {"description": "宿舍没有热水"})
    html = response.content.decode()
    # then the page says, in Chinese, that nothing was saved and how to go on — no DEBUG advice
    assert response.status_code == 403
    assert "表单已失效" in html
    assert "没有保存" in html
    assert "DEBUG" not in html
    assert "CSRF" not in html
    assert 'data-testid="back-form"' in html
    assert 'href="/w/"' in html
    assert not Case.objects.exists()


# ---- 500 ----------------------------------------------------------------------------------------


def test_a_full_disk_on_the_worker_page_answers_the_chinese_500_page_and_logs_it(world, caplog):
    # given a database that refuses every write (a full disk)
    client = Client(raise_request_exception=False)
    with database_failing(writes_only=True), caplog.at_level(logging.ERROR, "django.request"):
        response = client.post(
            reverse("worker:submit"),
            {"enterprise": "EA1", "description": "宿舍没有热水", "identity": "anonymous"},
        )
    html = response.content.decode()
    # then the worker reads that the concern was not saved, that the text is kept, and 12351
    assert response.status_code == 500
    assert "您的诉求没有保存成功" in html
    assert "本浏览器" in html
    assert "12351" in html
    assert 'data-testid="back-worker"' in html
    assert "Server Error (500)" not in html
    # and the failure left a trace in the log, with its traceback
    errors = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert errors
    assert "disk is full" in str(errors[0].exc_info[1])
    assert not Case.objects.exists()


def test_the_500_page_renders_with_the_database_gone(db):
    # given a database that answers nothing at all
    request = RequestFactory().get("/cases/")
    with database_failing():
        response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了" in html
    assert "没有保存" in html
    assert ways_back(html)


def test_an_api_failure_outside_its_handlers_answers_in_the_one_error_shape(db):
    response = views.server_error(RequestFactory().get("/api/cases"))
    assert response.status_code == 500
    body = json.loads(response.content)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == "api.server_error"


def test_an_api_call_on_a_failing_database_answers_500_in_the_one_error_shape(client, world):
    token = token_for(world.chair)
    with database_failing(message="attempt to write a readonly database", writes_only=True):
        response = client.post(
            "/api/cases",
            json.dumps({"title": "宿舍没有热水", "description": "两周了", "origin_org": "EA1"}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "api.server_error"


# ---- 413 ----------------------------------------------------------------------------------------


def test_a_3_mb_json_body_answers_413_in_the_one_error_shape(client, world):
    token = token_for(world.chair)
    body = json.dumps({"title": "x", "description": "长" * (THREE_MB // 3)})
    response = client.post(
        "/api/cases",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "zh-hans"},
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "api.request_too_large"
    assert error["message"] == "请求内容过大。"
    assert not Case.objects.exists()


def test_a_3_mb_form_on_the_worker_page_answers_a_chinese_413_page(world):
    response = Client().post(
        reverse("worker:submit"),
        {"enterprise": "EA1", "description": "长" * THREE_MB, "identity": "anonymous"},
    )
    html = response.content.decode()
    assert response.status_code == 413
    assert "提交的内容过大" in html
    assert "没有保存" in html
    assert 'href="/w/"' in html
    assert not Case.objects.exists()


# ---- /healthz -----------------------------------------------------------------------------------


def test_healthz_answers_ok_when_the_database_answers(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/healthz?write=1").json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_is_gone(client, db):
    with database_failing():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_write_check_answers_503_on_a_read_only_database(client, db):
    with database_failing(writes_only=True, message="attempt to write a readonly database"):
        assert client.get("/healthz").status_code == 200  # reads still work
        assert client.get("/healthz?write=1").status_code == 503


def test_an_unknown_api_path_answers_404_in_the_one_error_shape(client, db):
    response = client.get("/api/no-such-endpoint/here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "api.not_found"
