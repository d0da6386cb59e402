"""The optional language-model reader: its answer is a proposal, checked slot by slot against the
registry and the user's scope before use. The model is a fake OpenAI-compatible server on
127.0.0.1 (no network beyond this machine)."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from lianxin.cockpit.ask import llm
from lianxin.cockpit.ask.answering import ask, validate
from lianxin.cockpit.ask.parser import OrgRef
from lianxin.core import clock
from lianxin.core.errors import InvalidInput

ORGS = [OrgRef(1, "JZ", "焦作市总工会"), OrgRef(2, "DA", "A区总工会")]
GOOD = {
    "metric": "resolution_rate",
    "group_by": "child",
    "filters": {"org": "DA", "category": "wages", "channel": "hotline", "urgency": None},
    "period": {"start": "2026-01-01", "end": "2026-03-31"},
    "order": "desc",
    "limit": 3,
}


@pytest.mark.django_db
def test_a_valid_interpretation_passes_slot_by_slot():
    slots = validate(GOOD, orgs=ORGS)
    assert slots.metric == "resolution_rate"
    assert slots.org == ORGS[1]
    assert (slots.period.start, slots.period.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert slots.as_dict()["filters"]["org"] == "DA"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "slot"),
    [
        ({"metric": "DROP TABLE cases_case"}, "metric"),
        ({"metric": None}, "metric"),
        ({"group_by": "worker_phone"}, "group_by"),
        ({"filters": {"org": "BJ"}}, "filters.org"),  # not in the user's scope
        ({"filters": {"category": "salary"}}, "filters.category"),
        ({"filters": {"channel": "wechat"}}, "filters.channel"),
        ({"filters": {"urgency": "asap"}}, "filters.urgency"),
        ({"period": {"start": "2026-04-01", "end": "2026-03-31"}}, "period"),
        ({"period": {"start": "yesterday", "end": "2026-03-31"}}, "period"),
        ({"order": "random"}, "order"),
        ({"limit": 0}, "limit"),
        ({"limit": "3"}, "limit"),
        ({"limit": True}, "limit"),
        ({"group_by": None}, "group_by"),  # ranking without groups
    ],
)
def test_an_interpretation_outside_the_registry_is_refused(change, slot):
    with pytest.raises(InvalidInput) as refused:
        validate({**GOOD, **change}, orgs=ORGS)
    assert refused.value.details["slot"] == slot


@pytest.mark.django_db
def test_a_non_object_is_refused():
    with pytest.raises(InvalidInput):
        validate(["resolution_rate"], orgs=ORGS)


class FakeModel(BaseHTTPRequestHandler):
    reply: str = ""
    seen: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeModel.seen.append((self.path, body))
        payload = {"choices": [{"message": {"role": "assistant", "content": FakeModel.reply}}]}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_model(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LIANXIN_ASK_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.LIANXIN_ASK_LLM_TIMEOUT = 5
    FakeModel.seen = []
    yield FakeModel
    server.shutdown()
    server.server_close()


def test_the_model_is_used_only_for_what_the_rules_cannot_read(world, fake_model):
    fake_model.reply = "```json\n" + json.dumps({**GOOD, "filters": {"org": "DA"}}) + "\n```"
    answer = ask(
        user=world.leader, question="A区怎么样了", today=date(2026, 5, 18), now=clock.now()
    )
    assert answer["understood"] is True
    assert answer["interpretation"]["filters"]["org"] == "DA"
    path, body = fake_model.seen[0]
    assert path == "/v1/chat/completions"
    assert "resolution_rate" in body["messages"][0]["content"]
    fake_model.seen = []
    ask(user=world.leader, question="今年各区的解决率", today=date(2026, 5, 18), now=clock.now())
    assert fake_model.seen == []  # the rules read it: no call


def test_a_model_answer_outside_the_registry_gives_the_helpful_answer(world, fake_model):
    fake_model.reply = json.dumps({**GOOD, "metric": "average_salary"})
    answer = ask(
        user=world.leader, question="A区怎么样了", today=date(2026, 5, 18), now=clock.now()
    )
    assert answer["understood"] is False
    assert answer["examples"]


def test_a_model_that_does_not_answer_json_gives_the_helpful_answer(world, fake_model):
    fake_model.reply = "解决率大约是98%"
    answer = ask(
        user=world.leader, question="A区怎么样了", today=date(2026, 5, 18), now=clock.now()
    )
    assert answer["understood"] is False


def test_an_unreachable_model_gives_the_helpful_answer(world, settings):
    settings.LIANXIN_ASK_LLM_URL = "http://127.0.0.1:9/v1"  # discard port: nothing listens
    settings.LIANXIN_ASK_LLM_TIMEOUT = 2
    assert llm.interpret("A区怎么样了", today=date(2026, 5, 18), orgs=ORGS) is None
    answer = ask(
        user=world.leader, question="A区怎么样了", today=date(2026, 5, 18), now=clock.now()
    )
    assert answer["understood"] is False


def test_without_a_url_there_is_no_model(settings):
    settings.LIANXIN_ASK_LLM_URL = ""
    assert llm.enabled() is False


@pytest.mark.django_db
def test_the_prompt_names_the_breakdowns_each_area_metric_accepts():
    # given the real registrations: a count accepts month and child, a rate nothing
    text = llm.prompt(date(2026, 5, 18), [])
    accepts = json.loads(text.split("or one the metric accepts: ")[1].split(". compare")[0])
    assert accepts["member_count"] == ["month", "child"]
    assert accepts["membership_rate"] == []
