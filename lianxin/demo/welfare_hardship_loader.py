"""The hardship-aid demo: a card kept fifteen years, as Baishan's (../shared/seeds/004), and a few open
files across Jiaozuo — one whose home visit is overdue, so the next 督办 run notices it.

The long card: a deep-hardship household in 天香面业 (the worker's stomach illness, his wife's
rehabilitation, their daughter's dialysis), registered fifteen winters ago, visited three times every
year, reviewed every December, 6,000 yuan of aid a year — 90,000 yuan in all — and found out of
hardship (解困脱困) last December. Every step goes through the hardship services under the clock of
its day, so the journal is what real use writes; idempotent (a second run adds nothing).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction

from lianxin.core import clock
from lianxin.core.idcard import check_digit
from lianxin.members.services import PersonDetails
from lianxin.members.services.people import today
from lianxin.orgs.models import Org
from lianxin.welfare.models.hardship import HardshipFile
from lianxin.welfare.services import hardship, hardship_payments
from lianxin.welfare.services.hardship import HouseholdRow, NewFile

BEIJING = ZoneInfo("Asia/Shanghai")
YEARS = 15
VISIT_DAYS = ((2, 20), (6, 15), (10, 10))
# Each year's 6,000 yuan: major-illness aid, living aid, and schooling aid while the daughter studied
# (medical mutual-aid top-up after).
YEARLY_AID = (("major_illness", "3000"), ("living", "2000"))
FINDINGS = (
    "询问胃病情况，叮嘱按时复查；妻子康复训练有进展；女儿透析情况稳定。",
    "家中生活困难，协调医院减免部分诊疗费用；为女儿申请特殊慢性病门诊报销。",
    "年度走访：核实家庭收入，孩子学业情况良好，职工情绪稳定。",
)


def _on(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BEIJING)


def _id(n: int, born: str) -> str:
    first17 = f"410821{born}{n:03d}"
    return first17 + check_digit(first17)


def _details(n: int, name: str, born: str) -> PersonDetails:
    return PersonDetails(name=name, id_number=_id(n, born), phone=f"13803910{n:03d}")


def _open(actor: User, org: str, n: int, name: str, level: str, causes: list[str], on: date,
          household: list[HouseholdRow], income: str = "420") -> HardshipFile:  # fmt: skip
    new = NewFile(
        org=Org.objects.get(code=org), details=_details(n, name, "19700315"), level=level,
        causes=causes, income_per_head=Decimal(income), household=household,
    )  # fmt: skip
    with clock.frozen_at(_on(on)):
        file = hardship.open_file(actor=actor, new=new)
    with clock.frozen_at(_on(on + timedelta(days=5))):
        return hardship.register_file(actor=actor, file_id=file.pk)


def _year(file: HardshipFile, year: int, chair: User, staff: User) -> None:
    for i, (month, day) in enumerate(VISIT_DAYS):
        on = date(year, month, day)
        with clock.frozen_at(_on(on, 16)):
            hardship.record_visit(
                actor=chair, file_id=file.pk, visited_on=on, findings=FINDINGS[i],
                visitor_ids=[chair.pk, staff.pk],
            )  # fmt: skip
    third = ("schooling", "1000") if year % 15 < 9 else ("medical_top_up", "1000")
    for i, (kind, amount) in enumerate((*YEARLY_AID, third)):
        asked, paid = date(year, 3 + 3 * i, 1), date(year, 3 + 3 * i, 12)
        with clock.frozen_at(_on(asked)):
            p = hardship_payments.request_payment(
                actor=chair, file_id=file.pk, kind=kind, amount=amount
            )
        with clock.frozen_at(_on(asked + timedelta(days=3))):
            hardship_payments.approve_payment(actor=staff, payment_id=p.pk)
        with clock.frozen_at(_on(paid)):
            hardship_payments.pay_payment(actor=staff, payment_id=p.pk, paid_on=paid)


def _long_card(chair: User, staff: User) -> HardshipFile:
    first = today().year - YEARS
    household = [
        HouseholdRow(relation="self", health="chronic", work="employed", birth_year=1970),
        HouseholdRow(relation="spouse", health="disabled", work="unable", birth_year=1972),
        HouseholdRow(relation="child", health="serious", work="student", birth_year=1998),
    ]
    file = _open(chair, "JZ-SY-YH-01", 1, "宋建平", "deep", ["serious_illness", "disability"],
                 date(first - 1, 12, 10), household, income="380")  # fmt: skip
    for year in range(first, first + YEARS):
        _year(file, year, chair, staff)
        with clock.frozen_at(_on(date(year, 12, 20))):
            hardship.start_review(actor=staff, file_id=file.pk)
            if year < first + YEARS - 1:
                hardship.confirm_review(actor=staff, file_id=file.pk)
            else:
                hardship.lift_out_of_hardship(actor=staff, file_id=file.pk)
    return file


def _open_files(chair: User, staff: User, admin: User) -> int:
    now = today()
    spouse = HouseholdRow(relation="spouse", health="healthy", work="unemployed", birth_year=1980)
    child = HouseholdRow(relation="child", health="healthy", work="student", birth_year=2012)
    # 恒信机械: relative hardship, registered 200 days ago and never visited: overdue.
    _open(staff, "JZ-SY-YH-02", 2, "刘桂英", "relative", ["unemployment", "schooling"],
          now - timedelta(days=205), [spouse, child], income="760")  # fmt: skip
    # 天香面业: deep hardship after a serious illness, visited last month.
    visited = _open(chair, "JZ-SY-YH-01", 3, "陈志强", "deep", ["serious_illness"],
                    now - timedelta(days=60), [spouse], income="450")  # fmt: skip
    with clock.frozen_at(_on(now - timedelta(days=30))):
        hardship.record_visit(
            actor=chair, file_id=visited.pk, visited_on=now - timedelta(days=30),
            findings="术后恢复中，已协助申请大病救助。",
        )  # fmt: skip
    # 外卖行业工会联合会 (made by the members demo): a rider's accident, the application waiting.
    riders = Org.objects.filter(code="JZ-WM").first()
    if riders is None:
        return 2
    rider = NewFile(
        org=riders, details=_details(4, "马晓军", "19950708"),
        level="accident", causes=["accident"], income_per_head=Decimal("600"), household=[child],
    )  # fmt: skip
    with clock.frozen_at(_on(now - timedelta(days=3))):
        hardship.open_file(actor=admin, new=rider)
    return 3


@transaction.atomic
def load_hardship_demo() -> int:
    """Files opened (0 when already loaded)."""
    if HardshipFile.objects.exists():
        return 0
    admin, chair, staff = (User.objects.get(username=u) for u in ("admin", "chair", "staff"))
    _long_card(chair, staff)
    return 1 + _open_files(chair, staff, admin)
