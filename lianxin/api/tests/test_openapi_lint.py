"""The OpenAPI document as the tools third parties use read it: openapi-spec-validator and Redocly's
linter with zero errors, explicit operation ids and tags, servers, a licence, public operations
declared public, no dead components, and the error codes the answers really carry."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from openapi_spec_validator import validate

from lianxin.api.openapi import undescribed_tags
from lianxin.cases.tests.factories import make_case

REDOCLY = Path(settings.BASE_DIR) / "node_modules" / ".bin" / "redocly"


@pytest.fixture
def schema(client, db) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_validates(schema):
    validate(schema)


def test_redocly_lints_the_schema_with_zero_errors(schema, tmp_path):
    if not REDOCLY.exists():
        if os.environ.get("LIANXIN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{REDOCLY} is missing: run `npm ci`")
        pytest.skip("node_modules is missing (npm ci)")
    dumped = tmp_path / "openapi.json"
    dumped.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    done = subprocess.run(
        [str(REDOCLY), "lint", str(dumped), "--format=stylish"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout.lower().replace("0 errors", "")


def test_servers_licence_and_every_tag_described(schema):
    assert schema["servers"]
    assert schema["servers"][0]["url"]
    assert schema["info"]["license"]["name"] == "AGPL-3.0-or-later"
    used = {tag for _p, _m, op in operations(schema) for tag in op["tags"]}
    assert {tag["name"] for tag in schema["tags"]} == used
    assert not undescribed_tags(schema)
    assert all(tag["description"] != tag["name"] for tag in schema["tags"])


def test_every_operation_has_an_explicit_unique_operation_id(schema):
    ids = [op["operationId"] for _p, _m, op in operations(schema)]
    assert len(ids) == len(set(ids))
    generated = [i for i in ids if i.startswith("lianxin_") or "_api_" in i]
    assert generated == []


def test_the_public_standings_declare_no_security(schema):
    standings = schema["paths"]["/api/contests/{contest_id}/standings"]["get"]
    assert standings["security"] == []
    assert all("security" in op for _p, _m, op in operations(schema))


def test_no_component_is_left_unused(schema):
    text = json.dumps(schema["paths"])
    components = schema["components"]["schemas"]
    reached, todo = set(), set(re.findall(r"#/components/schemas/([^\"]+)", text))
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo |= set(re.findall(r"#/components/schemas/([^\"]+)", json.dumps(components[name])))
    assert set(components) == reached
    assert not [name for name in components if name.endswith("Query")]


def test_the_sort_enum_is_named_with_member_names(schema):
    (sort,) = [p for p in schema["paths"]["/api/cases"]["get"]["parameters"] if p["name"] == "sort"]
    assert sort["schema"]["$ref"] == "#/components/schemas/CaseSort"
    enum = schema["components"]["schemas"]["CaseSort"]
    assert enum["title"] == "CaseSort"
    assert "REGISTERED_AT_DESC" in enum["x-enum-varnames"]
    assert len(enum["x-enum-varnames"]) == len(enum["enum"])


def test_a_refused_move_answers_the_documented_code(schema, as_user, world):
    # Given a registered case, which cannot be resolved before it is handled
    case = make_case(actor=world.chair, org=world.ent_a1)
    # When the API is asked to resolve it
    response = as_user(world.chair).post(f"/api/cases/{case.number}/resolve", {"result": "已解决"})
    # Then the answer's code is exactly the one /api/docs lists
    assert response.status_code == 409
    code = response.json()["error"]["code"]
    assert code == "case.transition_not_allowed"
    assert f"`{code}`" in schema["info"]["description"]


@pytest.mark.parametrize(
    "code", ["api.rate_limited", "api.method_not_allowed", "api.bad_request", "api.invalid_cursor"]
)
def test_the_new_api_codes_are_documented(schema, code):
    assert f"`{code}`" in schema["info"]["description"]


def test_every_code_the_integrators_guide_names_is_one_the_api_documents(schema):
    guide = (Path(settings.BASE_DIR) / "docs" / "integrators.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)`", guide))
    named = {c for c in named if not c.endswith((".md", ".json")) and c != "details.errors"}
    assert "case.transition_not_allowed" in named
    undocumented = {code for code in named if f"`{code}`" not in schema["info"]["description"]}
    assert undocumented == set()
