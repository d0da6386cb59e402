"""An optional language-model reader for questions the rules cannot read.

Any OpenAI-compatible chat-completions endpoint: `LIANXIN_ASK_LLM_URL` (e.g.
`http://127.0.0.1:8080/v1`), with `LIANXIN_ASK_LLM_MODEL` and `LIANXIN_ASK_LLM_KEY` when the server
wants them. Off unless the URL is set. The model is told the registry's slots and must answer with
the interpretation JSON only; what it returns is a proposal — answering.validate() checks every
slot against the registry and the user's scope before anything is computed, and a failure or a
timeout simply leaves the question unanswered (the helpful answer), never half-used.
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import date
from typing import Any

from django.conf import settings

from lianxin.cases.models import Category, Channel, Urgency
from lianxin.cockpit.ask.area_words import metric_area
from lianxin.cockpit.ask.parser import OrgRef
from lianxin.cockpit.registry import DIMENSIONS, METRICS
from lianxin.core.areas import CHILD, MONTH, area_metric, area_metrics

log = logging.getLogger(__name__)
MAX_ORGS_IN_PROMPT = 300


def enabled() -> bool:
    return bool(getattr(settings, "LIANXIN_ASK_LLM_URL", ""))


def endpoint() -> str:
    url = getattr(settings, "LIANXIN_ASK_LLM_URL", "").rstrip("/")
    return url if url.endswith("/chat/completions") else url + "/chat/completions"


def prompt(today: date, orgs: list[OrgRef]) -> str:
    """The registry's slots and their allowed values, and the answer's exact shape."""
    totals = {m.key: m.name_en for m in area_metrics() if metric_area(m.key)}
    accepts = {  # the breakdowns each area metric declares (core.areas), in group_by's keys
        key: [d for d in (MONTH, CHILD) if metric.accepts(d)]
        for key in sorted(totals)
        if (metric := area_metric(key)) is not None
    }
    allowed = {
        "metric": {**{k: m.name_en for k, m in METRICS.items()}, **totals},
        "group_by": [*DIMENSIONS, None],
        "filters.org": {o.code: o.name for o in orgs[:MAX_ORGS_IN_PROMPT]},
        "filters.category": {c.key: c.name for c in Category.objects.all()},
        "filters.channel": list(Channel.values),
        "filters.urgency": list(Urgency.values),
        "order": ["desc", "asc", None],
        "limit": "an integer 1-100 or null",
        "compare": ["yoy", "mom", None],
    }
    shape = {
        "metric": "...",
        "group_by": None,
        "filters": {"org": None, "category": None, "channel": None, "urgency": None},
        "period": {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"},
        "order": None,
        "limit": None,
        "compare": None,
    }
    return (
        "You turn a statistics question about a trade-union case ledger, asked in Chinese, into "
        f"slots. Today is {today.isoformat()}. Use only these values: "
        f"{json.dumps(allowed, ensure_ascii=False)}. Answer with one JSON object exactly of this "
        f"shape and nothing else: {json.dumps(shape)}. If the question cannot be expressed with "
        'these slots, answer {"metric": null}. These metrics are totals of other business areas: '
        "with them order, limit, category, channel and urgency must be null, and group_by null "
        f"or one the metric accepts: {json.dumps(accepts, ensure_ascii=False)}. compare is yoy for 同比 (against the same period last "
        "year) and mom for 环比 (against the period before); with it group_by must be null."
    )


def interpret(question: str, *, today: date, orgs: list[OrgRef]) -> Any:
    """The model's proposed interpretation (unvalidated), or None on any failure."""
    body = {
        "model": getattr(settings, "LIANXIN_ASK_LLM_MODEL", ""),
        "temperature": 0,
        "messages": [
            {"role": "system", "content": prompt(today, orgs)},
            {"role": "user", "content": question},
        ],
    }
    headers = {"Content-Type": "application/json"}
    if key := getattr(settings, "LIANXIN_ASK_LLM_KEY", ""):
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(
        endpoint(), data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    timeout = getattr(settings, "LIANXIN_ASK_LLM_TIMEOUT", 10)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            reply = json.load(response)
        content = reply["choices"][0]["message"]["content"]
        return json.loads(_strip_fence(content))
    except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError) as error:
        log.warning("ask: the language model gave no usable answer: %s", error)
        return None


def _strip_fence(text: str) -> str:
    """Models like to wrap JSON in ``` fences."""
    text = text.strip()
    if text.startswith("```"):
        text = text.strip("`")
        text = text.removeprefix("json").strip()
    return text
