from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "lianxin.activities"
    label = "activities"
    verbose_name = _("Activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lianxin.audit.journalled import register_journalled_state

        register_journalled_state("activities.signup", "state")
        _ready_areas()


def _ready_areas() -> None:
    """The 活动服务 area and its figure, for the cockpit (core.areas)."""
    from lianxin.activities import metrics
    from lianxin.core.areas import COUNT, Area, AreaMetric, register_area, register_area_metric

    register_area(Area(
        key="activities", name=_("Activities and services"), name_en="Activities and services",
        order=170, headline="activity_signups",
        synonyms=("活动服务", "活动", "托管班", "体检", "疗休养", "报名"),
    ))  # fmt: skip
    register_area_metric(AreaMetric(
        key="activity_signups", area="activities", name=_("Activity sign-ups"),
        name_en="Activity sign-ups", unit=COUNT,
        synonyms=("活动报名人次", "报名人数", "参加活动人数", "活动报名"),
        definition=_("Places held in the activities that run in the period (signed up, completed "
                     "or not come)."),
        compute=metrics.activity_signups,
    ))  # fmt: skip
