"""GeoReport v2's two formats: XML (required by the spec) and JSON (its Spark-convention mapping).

In XML a list is an element holding one child per item, named in the singular (<services> holds
<service>s); in JSON the same list is an array, and a top-level list is the document itself.
Booleans are `true`/`false`; an empty field is an empty element, or null in JSON.
Characters XML 1.0 cannot carry are dropped from every text; a carriage return is written as
&#13; (a parser would otherwise turn a CRLF into a bare LF), so the text reads back as it is stored.
"""

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from lianxin.core.errors import DomainError
from lianxin.core.text import strip_controls

_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
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
    data = _printable(data)
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False).encode()
    else:
        body = XML_DECLARATION + ET.tostring(_element(root, data), encoding="utf-8",
                                              xml_declaration=False).replace(b"\r", b"&#13;")  # fmt: skip
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "no-cache"  # a request's status changes: always ask again
    return response


def _printable(value: Any) -> Any:
    """Every text in the document without the characters XML 1.0 cannot carry: C0 controls (but
    tab and newlines), DEL, lone surrogates and U+FFFE/U+FFFF. Rows stored before inputs were
    cleaned must not make the feed malformed for every client; JSON gets the same text."""
    if isinstance(value, str):
        return _NOT_XML.sub("", strip_controls(value))
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


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
