"""The activities demo: services Jiaozuo's workers sign up to, on the members demo's persons.

- 山阳区总工会's 暑期职工子女托管班 (a Chaoyang-style holiday child-care class): 40 places, all taken
  by 天香面业's workers, and 6 more on the waiting list.
- 焦作市总工会's 新就业形态劳动者免费体检 for riders and couriers (members only): sign-ups, one
  session held with attendance, most completed.
- 山阳区总工会's 劳模疗休养 trip (members only): a handful of places.
- 焦作市工匠学院's 数控车床操作 course (16 credit hours), signed up last month, two sessions with
  attendance and completions — each completion reports a `course_completed` achievement (the
  学分银行 credits it when the skills app listens; nothing happens otherwise).

Everything goes through the activities services, so the journal is what real use writes; idempotent
(a second run adds nothing).
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from lianxin.activities import services
from lianxin.activities.models import Activity
from lianxin.activities.services import NewActivity
from lianxin.core import clock
from lianxin.members.models import Membership
from lianxin.members.services.people import today
from lianxin.orgs.models import Org

CHILDCARE = "2027年暑期职工子女托管班"


def _persons(code: str, count: int, offset: int = 0) -> list[int]:
    rows = Membership.objects.filter(org__code=code, state="active").order_by("pk")
    return list(rows.values_list("person_id", flat=True)[offset : offset + count])


def _open_window(days_before: int = 3, days_after: int = 20) -> dict:
    now, day = clock.now(), today()
    return {
        "signup_opens": now - timedelta(days=days_before),
        "signup_closes": now + timedelta(days=days_after),
        "starts_on": day + timedelta(days=days_after + 5),
        "ends_on": day + timedelta(days=days_after + 40),
    }


def _sign_all(actor: User, activity: Activity, persons: list[int]) -> list[int]:
    return [services.sign_up(actor=actor, activity_id=activity.pk, person_id=p).pk for p in persons]


@transaction.atomic
def load_activities_demo() -> int:
    """Sign-ups made (0 when already loaded, or when the members demo is missing)."""
    shanyang = Org.objects.get(code="JZ-SY")
    if Activity.objects.filter(org=shanyang, title=CHILDCARE).exists():
        return 0
    if not _persons("JZ-SY-YH-01", 1):
        return 0
    admin, chair, staff = (User.objects.get(username=u) for u in ("admin", "chair", "staff"))
    city = Org.objects.get(code="JZ")
    made = _childcare(staff, chair, shanyang)
    made += _health_check(admin, city)
    made += _recuperation(staff, chair, shanyang)
    made += _course(admin, city)
    return made


def _childcare(staff: User, chair: User, org: Org) -> int:
    new = NewActivity(
        kind="childcare", title=CHILDCARE, capacity=40, place="山阳区职工服务中心三楼",
        description="为双职工家庭提供暑期看护、作业辅导和兴趣课程，每天8:30–17:30。",
        **_open_window(),
    )  # fmt: skip
    activity = services.create_activity(actor=staff, org=org, new=new)
    return len(_sign_all(chair, activity, _persons("JZ-SY-YH-01", 46, offset=5)))


def _health_check(admin: User, city: Org) -> int:
    window = _open_window(days_before=10, days_after=5)
    window["starts_on"] = today() - timedelta(days=1)
    new = NewActivity(
        kind="health_check", title="新就业形态劳动者免费体检", capacity=60,
        place="焦作市职工医院体检中心", members_only=True,
        employment_forms=["rider", "courier"], **window,
    )  # fmt: skip
    activity = services.create_activity(actor=admin, org=city, new=new)
    ids = _sign_all(admin, activity, _persons("JZ-WM", 30))
    session = services.add_session(
        actor=admin, activity_id=activity.pk, starts_at=clock.now() - timedelta(hours=20),
        label="第一批",
    )  # fmt: skip
    services.record_attendance(actor=admin, session_id=session.pk, present=set(ids[:24]))
    for pk in ids[:24]:
        services.complete_signup(actor=admin, signup_id=pk)
    services.mark_no_show(actor=admin, signup_id=ids[24])
    return len(ids)


def _recuperation(staff: User, chair: User, org: Org) -> int:
    new = NewActivity(
        kind="recuperation", title="一线职工劳模疗休养（云台山）", capacity=12,
        place="修武县云台山职工疗休养基地", members_only=True, **_open_window(days_after=30),
    )  # fmt: skip
    activity = services.create_activity(actor=staff, org=org, new=new)
    return len(_sign_all(chair, activity, _persons("JZ-SY-YH-01", 9, offset=60)))


def _course(admin: User, city: Org) -> int:
    """A course signed up last month, held over two sessions, completed by most."""
    now, day = clock.now(), today()
    new = NewActivity(
        kind="course", title="焦作市工匠学院·数控车床操作（中级）", capacity=25,
        place="焦作技师学院实训楼", credit_hours=Decimal("16.0"),
        signup_opens=now - timedelta(days=60), signup_closes=now - timedelta(days=30),
        starts_on=day - timedelta(days=28), ends_on=day - timedelta(days=21),
    )  # fmt: skip
    with clock.frozen_at(now - timedelta(days=60)):
        activity = services.create_activity(actor=admin, org=city, new=new)
    with clock.frozen_at(now - timedelta(days=45)):
        ids = _sign_all(admin, activity, _persons("JZ-SY-YH-01", 20, offset=80))
    for n, offset in enumerate((28, 21)):
        session = services.add_session(
            actor=admin, activity_id=activity.pk, starts_at=now - timedelta(days=offset),
            label=f"第{n + 1}次课",
        )  # fmt: skip
        services.record_attendance(actor=admin, session_id=session.pk, present=set(ids[: 18 - n]))
    for pk in ids[:15]:
        services.complete_signup(actor=admin, signup_id=pk, on=activity.ends_on)
    return len(ids)
