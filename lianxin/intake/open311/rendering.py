"""GeoReport v2's two formats: XML (required by the spec) and JSON (its Spark-convention mapping).

In XML a list is an element holding one child per item, named in the singular (<services> holds
<service>s); in JSON the same list is an array, and a top-level list is the document itself.
Booleans are `true`/`false`; an empty field is an empty element, or null in JSON.
"""

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from django.http import HttpResponse

from lianxin.core.errors import DomainError

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def respond(data: dict | list, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """`data` as the document `root` in `fmt` ("xml" or "json"), encoded in UTF-8."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False).encode()
    else:
        body = XML_DECLARATION + ET.tostring(_element(root, data), encoding="utf-8",
                                              xml_declaration=False)  # fmt: skip
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "no-cache"  # a request's status changes: always ask again
    return response


def _element(tag: str, value: object) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item))
    elif isinstance(value, list):
        for item in value:
            element.append(_element(SINGULAR[tag], item))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def errors(problems: Iterable[tuple[int, str]], fmt: str, *, status: int) -> HttpResponse:
    """The spec's error document: one {code, description} per problem, with the HTTP status."""
    entries = [{"code": code, "description": text} for code, text in problems]
    return respond(entries, fmt, root="errors", status=status)


def refusal(error: DomainError, fmt: str) -> HttpResponse:
    """A refused action (403 api_key, 404 not found, 400 anything else, 429 throttled)."""
    status = error.http_status if error.http_status in (403, 404, 429) else 400
    return errors([(status, error.message)], fmt, status=status)
