from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "lianxin.jobs"
    label = "jobs"
    verbose_name = _("Jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        _ready_areas()


def _ready_areas() -> None:
    """The 就业服务 area and its figures, for the cockpit (core.areas)."""
    from lianxin.core.areas import COUNT, Area, AreaMetric, register_area, register_area_metric
    from lianxin.jobs import metrics

    register_area(Area(
        key="jobs", name=_("Employment services"), name_en="Employment services", order=190,
        headline="job_posts", synonyms=("就业服务", "招聘", "岗位", "带岗直播", "零工"),
    ))  # fmt: skip
    register_area_metric(AreaMetric(
        key="job_posts", area="jobs", name=_("Job posts"), name_en="Job posts", unit=COUNT,
        synonyms=("招聘岗位", "岗位数", "发布岗位", "有多少岗位"),
        definition=_("Job posts published in the period."), compute=metrics.job_posts,
    ))  # fmt: skip
    register_area_metric(AreaMetric(
        key="job_applications", area="jobs", name=_("Job applications"),
        name_en="Job applications", unit=COUNT,
        synonyms=("求职申请", "应聘人次", "投递简历", "报名岗位"),
        definition=_("Applications made to the posts in the period."),
        compute=metrics.job_applications,
    ))  # fmt: skip
