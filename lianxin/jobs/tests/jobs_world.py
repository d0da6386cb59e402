"""The jobs tests' world, on the shared `world` city: posts of enterprise A1 (through its own union)
and of A2 (through district A), a worker with a person (a member of A1), and helpers.

Imported by the test_* modules of this folder (pytest finds the fixtures by their names there).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lianxin.core import clock
from lianxin.jobs import services
from lianxin.jobs.models import Application
from lianxin.jobs.services import NewPost, NewSession
from lianxin.members.services import register_member
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
DAY = date(2027, 3, 10)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


def new_post(org, enterprise, **changes) -> NewPost:
    values = {
        "org": org, "enterprise": enterprise, "title": "面粉包装工", "kind": "regular",
        "wage_min": 3500, "wage_max": 4800, "wage_unit": "month", "place": "山阳区焦作市天香面业",
        "headcount": 3, "requirements": "18–50岁，能倒班", "contact": "山阳区总工会 0391-1234567",
    }  # fmt: skip
    values.update(changes)
    return NewPost(**values)


def gig_post(org, enterprise, **changes) -> NewPost:
    values = {
        "kind": "gig", "title": "仓库装卸（日结）", "wage_min": 180, "wage_max": 220,
        "wage_unit": "day", "site": "JZ-ST-01", "starts_on": DAY, "ends_on": DAY, "headcount": 5,
    }  # fmt: skip
    values.update(changes)
    return new_post(org, enterprise, **values)


@pytest.fixture
def post(world):
    """An open post of enterprise A1, published by its own union's chair."""
    return services.post_job(actor=world.chair, new=new_post(world.ent_a1, world.ent_a1))


@pytest.fixture
def district_post(world):
    """An open 零工 short job of enterprise A2, published by district A's staff."""
    return services.post_job(actor=world.staff, new=gig_post(world.district_a, world.ent_a2))


def worker_with_person(world, n: int = 1, username: str = "rider"):
    """A worker's account linked to their person (an active member of A1)."""
    user = UserFactory(username=f"{username}{n}")
    person = register_member(actor=world.chair, org=world.ent_a1, details=details(n)).person
    person.user = user
    person.save(update_fields=["user"])
    return user


@pytest.fixture
def worker(world):
    return worker_with_person(world)


def applied(user, post, **kw) -> Application:
    return services.apply_for_job(actor=user, post_id=post.pk, **kw)


def session_for(world, posts, *, starts_at=None, org=None, by=None, host=None):
    new = NewSession(
        org=org or world.district_a, title="山阳区带岗直播", host=host or world.chair,
        starts_at=starts_at or clock.now() - timedelta(hours=2), post_ids=[p.pk for p in posts],
    )  # fmt: skip
    return services.create_session(actor=by or world.staff, new=new)
