"""A server error leaves its traceback in the log even with DEBUG off."""

import io
import logging

import pytest
from django.test import Client
from django.urls import include, path


def boom(request):
    raise RuntimeError("the disk is full")


urlpatterns = [path("boom/", boom), path("", include("lianxin.urls"))]


def stream_handlers(name: str) -> list[logging.StreamHandler]:
    """Every stream handler a record of logger `name` reaches (up to the root), but pytest's own."""
    found: list[logging.StreamHandler] = []
    logger: logging.Logger | None = logging.getLogger(name)
    while logger is not None:
        found += [
            h
            for h in logger.handlers
            if isinstance(h, logging.StreamHandler) and not type(h).__module__.startswith("_pytest")
        ]
        logger = logger.parent if logger.propagate else None
    return found


@pytest.mark.urls(__name__)
def test_a_500_writes_its_traceback_to_the_log_with_debug_off(settings, caplog):
    # given production settings (DEBUG off) and the log's streams caught here
    settings.DEBUG = False
    handlers = stream_handlers("django.request")
    outputs = [io.StringIO() for _ in handlers]
    previous = [h.setStream(out) for h, out in zip(handlers, outputs, strict=True)]
    try:
        # when a page fails
        with caplog.at_level(logging.ERROR, "django.request"):
            response = Client(raise_request_exception=False).get("/boom/")
    finally:
        for handler, stream in zip(handlers, previous, strict=True):
            handler.setStream(stream)
    # then the failure is a record with its exception, and it was written out with a traceback
    assert response.status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert errors
    assert "the disk is full" in str(errors[0].exc_info[1])
    written = "".join(out.getvalue() for out in outputs)
    assert "Traceback" in written
    assert "RuntimeError: the disk is full" in written


@pytest.mark.urls(__name__)
def test_a_404_is_not_written_out_as_an_error(settings):
    settings.DEBUG = False
    handlers = stream_handlers("django.request")
    outputs = [io.StringIO() for _ in handlers]
    previous = [h.setStream(out) for h, out in zip(handlers, outputs, strict=True)]
    try:
        response = Client().get("/no-such-page/")
    finally:
        for handler, stream in zip(handlers, previous, strict=True):
            handler.setStream(stream)
    assert response.status_code == 404
    assert "".join(out.getvalue() for out in outputs) == ""
