"""The 工会驿站 demo: a dozen stations across the Jiaozuo districts, each with its 站长, and three
months of service logs (deterministic pseudo-random counts); one station closed a month ago.

Stations are created through the stations service (journalled); the logs go in bulk with their
journals written alike (`start_journals`), the way `record_service_day` would have written them.
Idempotent: a second run adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lianxin.audit.services import Entry, start_journals
from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.members.services.people import today
from lianxin.orgs.models import Org
from lianxin.stations import hours
from lianxin.stations.models import ServiceLog, Station
from lianxin.stations.services import save_station

DAYS = 90
CLOSED_CODE, CLOSED_DAYS_AGO = "JZ-ST-09", 30
BASIC = ["microwave", "charging", "water", "first_aid", "rest_area", "toilet"]

# username → display name: one 站长 per district
KEEPERS = {"zhanzhang1": "刘站长", "zhanzhang2": "陈站长", "zhanzhang3": "杨站长",
           "zhanzhang4": "黄站长", "zhanzhang5": "吴站长"}  # fmt: skip


@dataclass(frozen=True)
class Demo:
    code: str
    name: str
    district: str
    org: str
    address: str
    lat: str
    lon: str
    keeper: str
    extra: tuple[str, ...] = ()
    schedule: str = "day"  # day: 08:00–20:00 daily; always: 24 h; week: 07:00–21:00 Mon–Sat


STATIONS = [
    Demo("JZ-ST-01", "解放区民主路工会驿站", "解放区", "JZ-JF", "焦作市解放区民主南路与解放中路交叉口东50米", "35.239300", "113.227200", "zhanzhang1", ("legal_aid", "books")),
    Demo("JZ-ST-02", "焦南街道户外劳动者驿站", "解放区", "JZ-JF-JN", "焦作市解放区焦南街道建设西路168号", "35.225600", "113.221500", "zhanzhang1", ("books",)),
    Demo("JZ-ST-03", "山阳区人民路工会驿站", "山阳区", "JZ-SY", "焦作市山阳区人民路与塔南路交叉口西北角", "35.216600", "113.248700", "zhanzhang2", ("legal_aid", "air_conditioning")),
    Demo("JZ-ST-04", "艺新街道快递小哥驿站", "山阳区", "JZ-SY-YH", "焦作市山阳区艺新路与新华南街交叉口", "35.208100", "113.260200", "zhanzhang2", ("wifi",)),
    Demo("JZ-ST-05", "外卖骑手之家（山阳万达）", "山阳区", "JZ-WM", "焦作市山阳区塔南路1999号万达广场北门", "35.212100", "113.255400", "zhanzhang2", ("wifi", "air_conditioning"), "always"),
    Demo("JZ-ST-06", "西王封街道工会驿站", "中站区", "JZ-ZZ-XQ", "焦作市中站区西王封街道冯封路32号", "35.243200", "113.166900", "zhanzhang3", ("books",)),
    Demo("JZ-ST-07", "中站区府城工会驿站", "中站区", "JZ-ZZ", "焦作市中站区太行西路与府城路交叉口", "35.238000", "113.185000", "zhanzhang3", ("legal_aid",), "week"),
    Demo("JZ-ST-08", "待王街道工会驿站", "马村区", "JZ-MC-DJ", "焦作市马村区待王街道北环路216号", "35.256100", "113.319500", "zhanzhang4", ("gig_jobs",)),
    Demo("JZ-ST-09", "九里山工会驿站", "马村区", "JZ-MC-JX", "焦作市马村区九里山街道焦辉路88号", "35.269500", "113.340200", "zhanzhang4"),
    Demo("JZ-ST-10", "文昌街道工会驿站", "示范区", "JZ-SF-WF", "焦作市城乡一体化示范区文昌路与世纪路交叉口", "35.189700", "113.264100", "zhanzhang5", ("legal_aid", "wifi")),
    Demo("JZ-ST-11", "高铁站零工驿站", "示范区", "JZ-SF", "焦作市城乡一体化示范区焦作站东广场南侧", "35.186800", "113.277300", "zhanzhang5", ("gig_jobs", "legal_aid"), "week"),
    Demo("JZ-ST-12", "外卖骑手驿站（焦作站）", "解放区", "JZ-WM", "焦作市解放区站前路与丰收路交叉口", "35.244900", "113.231900", "zhanzhang1", ("wifi",), "always"),
]  # fmt: skip


def _schedule(kind: str) -> list[dict]:
    if kind == "always":
        return hours.every_day(time(0, 0))
    if kind == "week":
        return [p for p in hours.every_day(time(7, 0), time(21, 0)) if p["day"] < 6]
    return hours.every_day(time(8, 0), time(20, 0))


def _keepers() -> dict[str, User]:
    keepers = {}
    for username, name in KEEPERS.items():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.first_name = name
            user.set_password(DEMO_PASSWORD)
            user.save()
        keepers[username] = user
    return keepers


def _org(code: str) -> Org:
    # 焦作市外卖行业工会联合会 comes with the members demo; without it the city federation runs them.
    return Org.objects.filter(code=code).first() or Org.objects.get(code="JZ")


@transaction.atomic
def load_stations_demo() -> int:
    """Stations added (0 when already loaded)."""
    if Station.objects.filter(code__in=[d.code for d in STATIONS]).exists():
        return 0
    admin, keepers, day = User.objects.get(username="admin"), _keepers(), today()
    for demo in STATIONS:
        station = Station(
            code=demo.code, name=demo.name, district=demo.district, address=demo.address,
            latitude=Decimal(demo.lat), longitude=Decimal(demo.lon), org=_org(demo.org),
            manager=keepers[demo.keeper], hours=_schedule(demo.schedule),
            facilities=BASIC + list(demo.extra), phone="0391-" + demo.code[-2:].rjust(7, "8"),
        )  # fmt: skip
        save_station(actor=admin, station=station)
        closed_on = day - timedelta(days=CLOSED_DAYS_AGO) if demo.code == CLOSED_CODE else None
        _logs(station, keepers[demo.keeper], day, closed_on, set(demo.extra))
        if closed_on is not None:
            Station.objects.filter(pk=station.pk).update(closed_on=closed_on)
    return len(STATIONS)


def _counts(rng: random.Random, on: date, extra: set[str]) -> dict[str, int]:
    busy = 1.4 if on.weekday() >= 5 else 1.0
    visitors = int(rng.randint(15, 60) * busy)
    consultations = rng.randint(0, 3) if "legal_aid" in extra else 0
    resolved = rng.randint(0, consultations)
    return {
        "visitors": visitors, "meals_heated": rng.randint(0, visitors // 2),
        "charges": rng.randint(0, visitors // 3), "legal_consultations": consultations,
        "legal_resolved": resolved, "legal_referred": rng.randint(0, consultations - resolved),
        "job_referrals": rng.randint(0, 4) if "gig_jobs" in extra else rng.randint(0, 1),
    }  # fmt: skip


def _logs(
    station: Station, keeper: User, day: date, closed_on: date | None, extra: set[str]
) -> None:
    rng = random.Random(station.code)  # the same numbers on every load
    last = (closed_on or day + timedelta(days=1)) - timedelta(days=1)
    rows = []
    for back in range(DAYS, 0, -1):
        on = day - timedelta(days=back)
        if on > last or rng.random() < 0.08:  # a few days go unlogged
            continue
        at = timezone.make_aware(datetime.combine(on, time(20, 30)))
        rows.append(ServiceLog(station=station, day=on, entered_by=keeper, updated_at=at,
                               **_counts(rng, on, extra)))  # fmt: skip
    ServiceLog.objects.bulk_create(rows)
    journals = [
        (log, [Entry(kind="service_logged", at=log.updated_at,
                     data={"station": station.code, "day": log.day.isoformat(), **log.counts()})])
        for log in ServiceLog.objects.filter(station=station).order_by("day")
    ]  # fmt: skip
    start_journals(journals=journals, actor=keeper)
