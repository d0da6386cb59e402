"""The outside channels' senders: one interface, `sender(delivery)`, raising when not sent.

- e-mail: Django's `send_mail` through settings.EMAIL_BACKEND (SMTP in production);
- SMS: an HTTP gateway. `LIANXIN_SMS_GATEWAY_URL` receives a POST of JSON
  `{"id", "to", "text", "kind"}` (`id` lets the gateway drop a repeat); an optional
  `LIANXIN_SMS_GATEWAY_TOKEN` goes as `Authorization: Bearer …`; `LIANXIN_SMS_TIMEOUT` seconds.
  Any answer outside 2xx, or no answer, is a failed attempt (retried by the drain).
The SMS text comes from the kind's template (`SMS_TEMPLATES`, overridable by the
`LIANXIN_SMS_TEMPLATES` setting), filled when the delivery is written.
"""

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from lianxin.core.models import Channel, Delivery


class Undeliverable(Exception):
    """The channel can never send this delivery (retrying would not help)."""


class GatewayError(Exception):
    """The SMS gateway did not take the message (no answer, or an answer outside 2xx)."""


Sender = Callable[[Delivery], None]

SMS_SIGNATURE = "【连心桥】"
# {number} is the case number; {subject} the notice's own subject (for a user's notices).
SMS_TEMPLATES: dict[str, str] = {
    "worker_case_accepted": "【连心桥】您反映的问题（{number}）已受理，我们将尽快办理并告知结果。",
    "worker_case_resolved": (
        "【连心桥】您反映的问题（{number}）已办结。请对办理结果作出评价（满意/基本满意/不满意），"
        "工会将进行回访。"
    ),
}


def sms_text(kind: str, **params: Any) -> str:
    """The SMS for a kind of notice; a kind without a template sends its subject."""
    templates = {**SMS_TEMPLATES, **getattr(settings, "LIANXIN_SMS_TEMPLATES", {})}
    template = templates.get(kind)
    if template:
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            pass
    return f"{SMS_SIGNATURE}{params.get('subject', '')}"


def email_text(body: str, link: str) -> str:
    """The body and, when there is one, the full address of the page the notice is about."""
    if not link:
        return body
    site = getattr(settings, "LIANXIN_SITE_URL", "").rstrip("/")
    return f"{body}\n\n{site}{link}".strip()


def send_email(delivery: Delivery) -> None:
    if not delivery.address:
        raise Undeliverable("no e-mail address")
    send_mail(delivery.subject, delivery.text, None, [delivery.address], fail_silently=False)


def send_sms(delivery: Delivery) -> None:
    url = getattr(settings, "LIANXIN_SMS_GATEWAY_URL", "")
    if not url.startswith(("http://", "https://")):
        raise GatewayError("LIANXIN_SMS_GATEWAY_URL is not set to an http(s) address")
    if not delivery.address:
        raise Undeliverable("no phone number")
    payload = {
        "id": delivery.pk,
        "to": delivery.address,
        "text": delivery.text,
        "kind": delivery.kind,
    }
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if token := getattr(settings, "LIANXIN_SMS_GATEWAY_TOKEN", ""):
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=json.dumps(payload, ensure_ascii=False).encode(), headers=headers, method="POST"
    )
    timeout = float(getattr(settings, "LIANXIN_SMS_TIMEOUT", 10))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise GatewayError(f"the gateway answered HTTP {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        raise GatewayError(f"the gateway did not answer: {error}") from error
    if not 200 <= status < 300:
        raise GatewayError(f"the gateway answered HTTP {status}")


SENDERS: dict[str, Sender] = {Channel.EMAIL: send_email, Channel.SMS: send_sms}
