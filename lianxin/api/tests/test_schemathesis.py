"""Property-based tests of the REST API from its own OpenAPI schema (schemathesis).

Every operation gets generated requests with a valid token, over the real database; half of the
requests that name a case or an org name a real one, so the handlers and services run, not only
the 404 path. No response may be a server error, or contradict the schema (status code, content
type, body).
"""

import random

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lianxin.api.services import create_token
from lianxin.cases import services as case_services
from lianxin.cases.tests.factories import make_case

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_test_transaction():
    """Requests through the bare WSGI app must not close the test's connection at their end
    (PostgreSQL would lose the test transaction); Django's test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def ledger(world, in_test_transaction):
    """A token of city staff (who see and handle everything) and cases in several states."""
    cases = [make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}") for i in range(4)]
    make_case(actor=world.chair, org=world.ent_a1, title="匿名", is_anonymous=True,
              worker_name="", worker_phone="")  # fmt: skip
    case_services.accept_case(case_id=cases[1].pk, actor=world.chair)
    case_services.accept_case(case_id=cases[2].pk, actor=world.chair)
    case_services.start_case(case_id=cases[2].pk, actor=world.chair)
    case_services.accept_case(case_id=cases[3].pk, actor=world.chair)
    case_services.start_case(case_id=cases[3].pk, actor=world.chair)
    case_services.resolve_case(case_id=cases[3].pk, actor=world.chair, result="已解决")
    token = create_token(actor=None, user=world.city_staff, name="schemathesis").token
    return {
        # The WSGI transport hands back the bytes as sent: no gzip it would not decode
        "headers": {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"},
        "number": [c.number for c in cases],
        "code": ["EA1", "DA", "HRSS", "JZ"],
    }


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, ledger):
    rng = random.Random(repr(case.path_parameters))
    for name in list(case.path_parameters or {}):
        if name in ("number", "code") and rng.random() < 0.5:
            case.path_parameters[name] = rng.choice(ledger[name])
    case.call_and_validate(headers=ledger["headers"], checks=CHECKS)
