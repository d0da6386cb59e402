"""The 当一天站长 demo: 山阳区's staff cadre spends a day a week at two of the district's stations
for the last eight weeks, writes down what riders and couriers said, and raises some of it as
cases (named and anonymous) — through the fieldwork services, each at its own time, so the
journals, case numbers and deadlines are what real use would have made. Idempotent."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lianxin.cases.models import Category
from lianxin.core import clock
from lianxin.fieldwork import services as fieldwork
from lianxin.fieldwork.grounds import DUTY
from lianxin.fieldwork.models import DutyDay

CADRE = "staff"  # 李建国, 山阳区总工会
STATIONS = {"JZ-ST-03": 1, "JZ-ST-04": 3}  # code → weekday (Tuesday, Thursday)
WEEKS = 8

# What was heard: (text, category key, raised as a case: None | "named" | "anonymous")
HEARD = [
    ("平台派单算法越来越紧，超时罚款一单扣五元", "wages", "anonymous"),
    ("驿站晚上九点关门，夜班骑手没处歇脚", "conditions", "named"),
    ("电瓶车充电柜不够，排队要半小时", "conditions", None),
    ("站点没给交工伤保险，摔伤了自己掏钱", "injury_health", "named"),
    ("想报名工会的技能培训，考个电工证", "contract", None),
    ("夏天高温补贴一直没发", "wages", "anonymous"),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def load_duty_demo(seed: int = 2026) -> int:
    """Duty days added (0 when already loaded or the stations demo is not there)."""
    if DutyDay.objects.filter(site__in=STATIONS).exists():
        return 0
    cadre = User.objects.filter(username=CADRE).first()
    if cadre is None:
        return 0
    rng, today = random.Random(seed), timezone.localdate(clock.now())
    added = 0
    for code, weekday in STATIONS.items():
        first = today - timedelta(weeks=WEEKS, days=(today.weekday() - weekday) % 7)
        for week in range(WEEKS):
            added += _a_day(cadre, code, first + timedelta(weeks=week), rng)
    return added


def _a_day(cadre: User, code: str, day: date, rng: random.Random) -> int:
    with clock.frozen_at(_at(day - timedelta(days=3), 9)):
        booked = fieldwork.book_duty_day(
            actor=cadre, site_code=code, day=day, plan="听骑手、快递员说"
        )
    for n, (heard, category, raised) in enumerate(rng.sample(HEARD, k=rng.randint(1, 3))):
        with clock.frozen_at(_at(day, 11 + 2 * n)):
            entry = fieldwork.record_entry(DUTY, actor=cadre, day_id=booked.pk, heard=heard)
        if raised:
            with clock.frozen_at(_at(day, 12 + 2 * n)):
                fieldwork.raise_case(
                    DUTY, actor=cadre, entry_id=entry.pk, title=heard[:20],
                    category=Category.objects.get(key=category),
                    is_anonymous=raised == "anonymous",
                    worker_name="" if raised == "anonymous" else "骑手王师傅",
                    worker_phone="" if raised == "anonymous" else "13903910001",
                )  # fmt: skip
    with clock.frozen_at(_at(day, 18)):
        fieldwork.complete_day(
            DUTY, actor=cadre, day_id=booked.pk, summary="当日值守完成，诉求已登记。"
        )
    return 1
