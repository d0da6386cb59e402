"""Run by test_replica in a `manage.py shell` whose settings name a primary (DATABASE_URL) and a
replica streaming from it (LIANXIN_REPLICA_URL): prints, as JSON, what the pages showed while the
replica's replay was paused and after it resumed."""

import json
import time

from django.db import connections
from django.test import Client

from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case
from lianxin.orgs.models import OrgKind
from lianxin.orgs.tests.factories import OrgFactory, UserFactory, with_role


def replicated(pk: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if Case.objects.using("replica").filter(pk=pk).exists():
            return True
        time.sleep(0.1)
    return False


def replay(action: str) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_replay_{action}()")


def seen(client: Client, url: str, *titles: str) -> dict[str, bool]:
    page = client.get(url)
    text = page.content.decode()
    return {"status": page.status_code, **{t: t in text for t in titles}}


def main() -> None:
    city = OrgFactory(code="RC", name="副本市总工会", kind=OrgKind.FEDERATION, case_prefix="RC")
    enterprise = OrgFactory(code="RC-E1", name="副本企业工会", parent=city)
    chair = with_role("chair", enterprise, UserFactory(username="rchair"))
    leader = with_role("leader", city, UserFactory(username="rleader"))
    first = make_case(actor=chair, org=enterprise, title="第一件诉求甲")
    report: dict = {"first_replicated": replicated(first.pk)}
    replay("pause")
    second = make_case(actor=chair, org=enterprise, title="第二件诉求乙")
    client = Client(HTTP_HOST="localhost")
    client.force_login(leader)  # the session is written to, and read from, the primary
    report["paused"] = {
        "ledger": seen(client, "/cases/", "第一件诉求甲", "第二件诉求乙"),
        "detail": seen(client, f"/cases/{second.number}/", "第二件诉求乙"),
        "dashboard": seen(client, "/cockpit/?period=year"),
    }
    replay("resume")
    report["second_replicated"] = replicated(second.pk)
    report["resumed"] = {"ledger": seen(client, "/cases/", "第一件诉求甲", "第二件诉求乙")}
    print("REPORT " + json.dumps(report, ensure_ascii=False))
