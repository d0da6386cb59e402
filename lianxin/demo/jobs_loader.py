"""The jobs demo: posts by Jiaozuo enterprises (天香面业, 万和物流, 快鸟同城配送), 零工 short jobs at
the 工会驿站 JZ-ST-01..03, one 带岗直播 hosted by 天香面业's chair with its viewers and the
applications it brought, and one hire reported.

Everything goes through the jobs services (one transaction, one journal event each), so the journal
is what real use writes. Applicants are demo persons of the members demo: `worker` and three riders
of 焦作市外卖行业工会联合会, each given a login (password as every demo account). Idempotent: a second
run adds nothing.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.jobs import services
from lianxin.jobs.models import JobPost
from lianxin.jobs.services import NewPost, NewSession
from lianxin.members.models import Person
from lianxin.members.services.people import today
from lianxin.orgs.models import Org

TIANXIANG, WANHE, KUAINIAO = "JZ-SY-YH-01", "JZ-SY-YH-03", "JZ-JF-JN-03"
FIRST_TITLE = "面粉生产线操作工"
RIDERS = ("rider1", "rider2", "rider3")

# (actor, posting union, enterprise, title, kind, wage min, max, unit, place, headcount, site, in days)
POSTS = [
    ("chair", TIANXIANG, TIANXIANG, FIRST_TITLE, "regular", 3800, 5200, "month",
     "山阳区焦作市天香面业有限公司", 6, "", None),
    ("chair", TIANXIANG, TIANXIANG, "面条包装工", "regular", 3500, 4500, "month",
     "山阳区焦作市天香面业有限公司", 10, "", None),
    ("staff", "JZ-SY", WANHE, "仓储叉车司机", "regular", 4500, 6000, "month",
     "山阳区万和物流园", 3, "", None),
    ("staff", "JZ-SY", WANHE, "快递分拣（日结）", "gig", 160, 200, "day",
     "山阳区万和物流园分拣中心", 12, "JZ-ST-01", 2),
    ("staff", "JZ-SY", WANHE, "货车装卸（日结）", "gig", 180, 240, "day",
     "山阳区万和物流园", 8, "JZ-ST-02", 3),
    ("admin", "JZ-JF", KUAINIAO, "同城配送临时骑手", "gig", 22, 30, "hour",
     "解放区焦南街道", 15, "JZ-ST-03", 1),
]  # fmt: skip


def _post(row: tuple) -> JobPost:
    actor, org, enterprise, title, kind, low, high, unit, place, headcount, site, days = row
    starts = today() + timedelta(days=days) if days is not None else None
    new = NewPost(
        org=Org.objects.get(code=org), enterprise=Org.objects.get(code=enterprise), title=title,
        kind=kind, wage_min=low, wage_max=high, wage_unit=unit, place=place, headcount=headcount,
        requirements="18–55岁，身体健康；有相关经验者优先。", site=site, starts_on=starts,
        ends_on=starts + timedelta(days=2) if starts else None,
        contact="工会服务窗口 12351（工作日 9:00–17:00）",
    )  # fmt: skip
    return services.post_job(actor=User.objects.get(username=actor), new=new)


def _applicants() -> list[User]:
    """`worker` (linked by the members demo) and three riders given logins of their own."""
    found = [u for u in User.objects.filter(username="worker") if hasattr(u, "person")]
    free = Person.objects.filter(
        memberships__org__code="JZ-WM", memberships__state="active", user__isnull=True,
        erased_at__isnull=True,
    ).order_by("pk")  # fmt: skip
    for username, person in zip(RIDERS, free[: len(RIDERS)], strict=False):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password=DEMO_PASSWORD)
        Person.objects.filter(pk=person.pk).update(user=user)
        found.append(user)
    return found


@transaction.atomic
def load_jobs_demo() -> int:
    """Posts added (0 when already loaded)."""
    if JobPost.objects.filter(title=FIRST_TITLE, enterprise__code=TIANXIANG).exists():
        return 0
    posts = [_post(row) for row in POSTS]
    staff, chair = User.objects.get(username="staff"), User.objects.get(username="chair")
    evening = datetime.combine(today() - timedelta(days=10), time(19, 30))
    session = services.create_session(actor=staff, new=NewSession(
        org=Org.objects.get(code="JZ-SY"), title="山阳区“春风行动”带岗直播", host=chair,
        starts_at=timezone.make_aware(evening), post_ids=[p.pk for p in posts[:4]],
    ))  # fmt: skip
    services.record_viewers(actor=staff, session_id=session.pk, viewers=2860)
    applications = []
    for n, user in enumerate(_applicants()):
        post = posts[n % 4]
        applications.append(services.apply_for_job(actor=user, post_id=post.pk,
                                                   session_id=session.pk if n < 3 else None))  # fmt: skip
    if applications:
        first = applications[0]
        services.pass_on_application(actor=staff, application_id=first.pk, note="已推荐给企业")
        services.report_hired(actor=staff, application_id=first.pk, note="企业反馈：已录用")
    if len(applications) > 1:
        services.pass_on_application(actor=staff, application_id=applications[1].pk)
    return len(posts)
