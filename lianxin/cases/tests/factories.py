"""Factories and builders for case tests: cases are made through the register service, never by hand."""

from datetime import datetime

from lianxin.cases import services
from lianxin.cases.models import Case, Category
from lianxin.core import clock


def category(key: str = "wages") -> Category:
    return Category.objects.get(key=key)


def make_case(*, actor, org, key: str = "wages", at: datetime | None = None, **fields) -> Case:
    """Register a case through the service (optionally at a given moment)."""
    defaults = {
        "channel": "visit",
        "title": "车间噪声大影响听力",
        "description": "挂面生产车间老旧设备噪声大，长期使用影响听力，希望检测并降噪。",
        "worker_name": "张师傅",
        "worker_phone": "13812345678",
    }
    defaults.update(fields)
    if at is None:
        return services.register_case(
            actor=actor, new=services.NewCase(origin_org=org, category=category(key), **defaults)
        )
    with clock.frozen_at(at):
        return services.register_case(
            actor=actor, new=services.NewCase(origin_org=org, category=category(key), **defaults)
        )
