"""The finishing of the API's OpenAPI document, for the tools third parties feed it to
(openapi-python-client, Redocly, schemathesis): servers, a licence, every tag described,
`security: []` on public operations, and no component nothing refers to."""

import json
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings

LICENSE = {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}

# Every tag an operation carries, described (a test fails on a tag missing here).
TAGS = {
    "cases": "问题台账, the ledger: list (by page or cursor), register, read a case and its journal.",
    "workflow": "Every move of a case as its own endpoint: 409 when the transition table refuses "
    "the move, 403 when the caller's role may not make it, 404 outside the caller's scope.",
    "categories": "The categories a case can have.",
    "metrics": "The 三率 and more, each rate with its numerator and denominator.",
    "orgs": "The org tree in the caller's scope, and the partner agencies cases are referred to.",
    "cockpit": "驾驶舱: the business areas' figures and 智能问数, statistics asked in Chinese.",
    "insights": "A suggested category for a text, and the corrections that teach it.",
    "proposals": "改善提案: proposals and the 议事厅's resolutions.",
    "members": "会员与入会: members, applications to join, transfers and leaving.",
    "welfare": "Hardship aid, 送温暖 and the mutual-aid plan: figures, files and claims.",
    "welfare: 困难职工帮扶": "Hardship aid files and their payments, step by step.",
    "welfare: 送温暖": "送温暖 campaigns and their recipients.",
    "stations": "工会驿站: a station's service figures.",
    "activities": "Activities, sign-ups and their rosters.",
    "skills": "工匠学院与学分银行: a worker's credits.",
    "jobs": "就业服务: job posts' figures and applications.",
    "contests": "Contests: the public standings.",
}


def finish(schema: dict[str, Any]) -> dict[str, Any]:
    """The generated document, finished in place (and returned)."""
    schema["servers"] = [{"url": settings.LIANXIN_SITE_URL or "/", "description": "This server"}]
    schema["info"]["license"] = LICENSE
    used: list[str] = []
    for operation in _operations(schema):
        tags = list(dict.fromkeys(operation.get("tags") or []))
        operation["tags"] = tags
        used += [tag for tag in tags if tag not in used]
        operation.setdefault("security", [])  # public: declared as such, not left unsaid
    schema["tags"] = [{"name": tag, "description": TAGS.get(tag, tag)} for tag in used]
    _name_inline_enums(schema)
    _prune_components(schema)
    return schema


def undescribed_tags(schema: dict[str, Any]) -> set[str]:
    return {tag["name"] for tag in schema.get("tags", [])} - set(TAGS)


def _operations(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in schema["paths"].values():
        yield from item.values()


def _name_inline_enums(schema: dict[str, Any]) -> None:
    """A query parameter's enum that ninja inlined as `allOf: [enum]` becomes a `$ref` to a named
    component (a generated client then has one enum type, not an empty object model)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            inner = parameter.get("schema", {}).get("allOf", [])
            if len(inner) != 1 or "enum" not in inner[0] or "title" not in inner[0]:
                continue
            name, default = inner[0]["title"], parameter["schema"].get("default")
            components.setdefault(name, inner[0])
            parameter["schema"] = {"$ref": f"#/components/schemas/{name}"}
            if default is not None:
                parameter["schema"]["default"] = default


REF = re.compile(r'"#/components/schemas/([^"]+)"')


def _prune_components(schema: dict[str, Any]) -> None:
    """Drop the components no operation reaches (ninja lists each query model it flattened)."""
    components = schema.get("components", {}).get("schemas", {})
    reached: set[str] = set()
    todo = set(REF.findall(_text(schema["paths"])))
    while todo:
        name = todo.pop()
        if name in reached or name not in components:
            continue
        reached.add(name)
        todo |= set(REF.findall(_text(components[name])))
    for name in set(components) - reached:
        del components[name]


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
