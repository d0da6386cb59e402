"""The members demo: 天香面业's workforce and members, a 外卖行业工会联合会 of riders and couriers,
applications waiting, a transfer, a 60 % gig target, and a roster file to import (var/demo/).

Members are registered through the roster import's bulk path (members.services.roster), so the
load stays fast; idempotent (a second run adds nothing).
"""

import io
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from openpyxl import Workbook

from lianxin.core.idcard import check_digit
from lianxin.members import services
from lianxin.members.models import Membership
from lianxin.members.services import PersonDetails
from lianxin.members.services.people import today
from lianxin.members.services.roster import import_roster
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.services import create_org

DELIVERY = ("JZ-WM", "焦作市外卖行业工会联合会")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
HEADERS = ["姓名", "身份证号", "手机号", "就业形态", "平台或单位", "所属工会"]


def _id(n: int, rng: random.Random) -> str:
    first17 = f"410811{rng.randint(1970, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{n % 1000:03d}"
    return first17 + check_digit(first17)


def _rows(start: int, count: int, forms: list[tuple[str, str]], rng: random.Random) -> list[list]:
    rows = []
    for n in range(start, start + count):
        form, platform = forms[n % len(forms)]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        rows.append([name, _id(n, rng), f"139{n:08d}", form, platform, ""])
    return rows


def _book(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def load_members_demo() -> int:
    """Members registered (0 when already loaded)."""
    tianxiang = Org.objects.get(code="JZ-SY-YH-01")
    if Membership.objects.filter(org=tianxiang).exists():
        return 0
    admin = User.objects.get(username="admin")
    city = Org.objects.get(code="JZ")
    delivery = Org.objects.filter(code=DELIVERY[0]).first() or create_org(
        actor=None, code=DELIVERY[0], name=DELIVERY[1], kind=OrgKind.UNION, parent=city,
        region=city.region,
    )  # fmt: skip
    rng = random.Random(17)
    on = today()
    services.record_workforce(actor=admin, org=tianxiang, on=on, total=157, gig=0)
    services.record_workforce(actor=admin, org=delivery, on=on, total=620, gig=620)
    services.set_target(
        actor=admin,
        org=delivery,
        year=on.year,
        rate=Decimal("0.6"),
        gig_only=True,
    )
    staff = _rows(1, 139, [("职工", "焦作市天香面业有限公司")], rng)
    riders = _rows(
        2001,
        320,
        [("外卖骑手", "美团"), ("外卖骑手", "饿了么"), ("快递员", "顺丰"), ("快递员", "中通")],
        rng,
    )
    added = 0
    for org, rows in ((tianxiang, staff), (delivery, riders)):
        result = import_roster(
            actor=admin, org=org, stream=io.BytesIO(_book(rows)), name="demo.xlsx"
        )
        added += result.added
    _pending(delivery, rng)
    moving = Membership.objects.filter(org=tianxiang, state="active").order_by("pk").first()
    if moving is not None:
        services.transfer_membership(
            actor=admin, membership_id=moving.pk, to_org=Org.objects.get(code="JZ-SY-YH-02")
        )
    _roster_file(rng)
    return added


def _pending(delivery: Org, rng: random.Random) -> None:
    """A few riders applied on their phones and wait for the union's decision."""
    worker = User.objects.filter(username="worker").first() or User.objects.get(username="admin")
    for n, (name, form, platform) in enumerate(
        [("马骁", "rider", "美团"), ("高远", "courier", "京东"), ("林枫", "rider", "饿了么")],
        start=3001,
    ):
        services.apply_for_membership(actor=worker, org=delivery, details=PersonDetails(
            name=name, id_number=_id(n, rng), phone=f"137{n:08d}", employment_form=form,
            platform_or_employer=platform))  # fmt: skip


def _roster_file(rng: random.Random) -> Path:
    """A roster to try the import with: 20 riders, one bad check digit, one repeated row."""
    rows = _rows(4001, 20, [("外卖骑手", "美团"), ("快递员", "顺丰")], rng)
    rows[5][1] = rows[5][1][:17] + ("0" if rows[5][1][17] != "0" else "1")
    rows.append(list(rows[0]))
    folder = Path(settings.VAR_DIR) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "会员名册示例.xlsx"
    path.write_bytes(_book(rows))
    return path
