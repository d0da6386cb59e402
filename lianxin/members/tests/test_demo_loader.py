"""The members demo (lianxin/demo/members_loader.py): it loads, a second run adds nothing, and its
figures are the ones its docstring and `make demo` describe.

What the loader documents: 天香面业 (JZ-SY-YH-01) records a workforce of 157 and registers 139 staff
from a roster, one of whom is then transferred to JZ-SY-YH-02 — so 138 members of 157, 入会率 87.9 %;
焦作市外卖行业工会联合会 registers 320 riders and couriers against a gig workforce of 620 and a 60 %
gig target (not reached: 51.6 %), with 3 applications waiting; a roster to try lies in var/demo.
"""

import pytest
from django.db import transaction
from django.test.utils import override_settings
from openpyxl import load_workbook

from lianxin.audit.models import Event
from lianxin.audit.selectors import verify_chains
from lianxin.core import idcard
from lianxin.demo.members_loader import DELIVERY, load_members_demo
from lianxin.demo.orgs_loader import load_accounts, load_orgs
from lianxin.members import metrics
from lianxin.members.models import Membership, MembershipTarget, Person, Workforce
from lianxin.members.services.people import today
from lianxin.orgs.models import Org

TIANXIANG, NEIGHBOUR = "JZ-SY-YH-01", "JZ-SY-YH-02"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """(members registered by the first load, the var folder), the demo rolled back afterwards."""
    var = tmp_path_factory.mktemp("var")
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=var),
        transaction.atomic(),
    ):
        load_orgs()
        load_accounts()
        yield load_members_demo(), var
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Person, Membership, Workforce, MembershipTarget, Event)
    }


def test_the_first_load_registers_the_two_rosters(loaded, db):
    added, _var = loaded
    assert added == 139 + 320
    assert Membership.objects.filter(channel="imported").count() == added


def test_loading_again_adds_nothing(loaded, db):
    before = counts()
    assert load_members_demo() == 0
    assert counts() == before


def test_tianxiang_has_138_members_of_a_workforce_of_157(loaded, db):
    tianxiang = Org.objects.get(code=TIANXIANG)
    figures = metrics.figures(tianxiang, today())
    assert figures["members"] == 138
    assert figures["workforce"] == 157
    assert figures["membership_rate"]["percent"] == 87.9
    # The one transferred member counts in the neighbouring enterprise from the day of the move
    assert metrics.member_counts(Org.objects.get(code=NEIGHBOUR), today()) == (1, 0)
    assert Membership.objects.filter(org=tianxiang, state="transferred_out").count() == 1


def test_the_delivery_union_has_320_gig_members_short_of_its_60_percent_target(loaded, db):
    delivery = Org.objects.get(code=DELIVERY[0])
    figures = metrics.figures(delivery, today())
    assert (figures["gig_members"], figures["gig_workforce"]) == (320, 620)
    [progress] = metrics.target_progress(delivery, today().year, today())
    assert progress.target.gig_only
    assert progress.rate.percent == 51.6
    assert not progress.reached
    assert Membership.objects.filter(org=delivery, state="applied").count() == 3


def test_the_demo_roster_file_is_there_with_its_two_bad_rows(loaded, db):
    _added, var = loaded
    sheet = load_workbook(var / "demo" / "会员名册示例.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "身份证号")
    assert len(rows) == 1 + 21  # 20 riders and the first one repeated
    assert rows[-1] == rows[1]
    assert [r[0] for r in rows[1:] if idcard.id_number_problem(str(r[1]))] == [rows[6][0]]


def test_the_journal_of_the_members_demo_verifies(loaded, db):
    assert list(verify_chains()) == []
