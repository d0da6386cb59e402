"""A fake SMS gateway for tests: a real HTTP server on 127.0.0.1, in a thread.

It records every request (path, headers, JSON body) and answers 200, or whatever status is set
with `gateway.fail_with(500)` until `gateway.recover()`. The `sms_gateway` fixture also points
LIANXIN_SMS_GATEWAY_URL at it and switches the SMS channel on. Any app's tests may use it
(the root conftest.py loads this module as a plugin).
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class FakeSmsGateway:
    url: str = ""
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_with(self, status: int = 500) -> None:
        self.status = status

    def recover(self) -> None:
        self.status = 200

    @property
    def sent(self) -> list[dict[str, Any]]:
        """The bodies of the requests the gateway took (answered 2xx)."""
        with self.lock:
            return [r["json"] for r in self.requests if 200 <= r["status"] < 300]


def _handler(gateway: FakeSmsGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = gateway.status
            with gateway.lock:
                gateway.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "status": status,
                     "json": json.loads(raw.decode() or "null")}
                )  # fmt: skip
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}' if status < 300 else b'{"error": "down"}')

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def sms_gateway(settings):
    gateway = FakeSmsGateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.LIANXIN_SMS_GATEWAY_URL = gateway.url
    settings.LIANXIN_SMS_TIMEOUT = 5
    settings.LIANXIN_NOTIFY_CHANNELS = ["email", "sms"]
    yield gateway
    server.shutdown()
    server.server_close()
