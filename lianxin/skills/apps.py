from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "lianxin.skills"
    label = "skills"
    verbose_name = _("Skills")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The 学分银行 listens to the achievements contests, proposals and activities report
        # (members.hooks); they never import this app.
        from lianxin.members.hooks import register_achievement_receiver, register_person_panel
        from lianxin.skills.panels import PERSON_PANELS
        from lianxin.skills.services import receive_achievement

        register_achievement_receiver(receive_achievement)
        for panel in PERSON_PANELS:
            register_person_panel(panel)
        _ready_areas()


def _ready_areas() -> None:
    """The 工匠学院与学分银行 area and its figures, for the cockpit (core.areas)."""
    from lianxin.core.areas import COUNT, Area, AreaMetric, register_area, register_area_metric
    from lianxin.skills import metrics

    register_area(Area(
        key="skills", name=_("Craftsman academy and credit bank"),
        name_en="Craftsman academy and credit bank", order=180, headline="credits_awarded",
        synonyms=("工匠学院", "学分银行", "学分", "技能培训", "职业技能"),
    ))  # fmt: skip
    register_area_metric(AreaMetric(
        key="credits_awarded", area="skills", name=_("Credits awarded"),
        name_en="Credits awarded", unit=COUNT,
        synonyms=("学分", "发放学分", "累计学分", "学分总数"),
        definition=_("Credits written to the accounts for achievements dated in the period."),
        compute=metrics.credits_awarded,
    ))  # fmt: skip
    register_area_metric(AreaMetric(
        key="course_completions", area="skills", name=_("Course completions"),
        name_en="Course completions", unit=COUNT,
        synonyms=("结业人次", "完成课程", "培训结业", "课程结业"),
        definition=_("Course completions credited to the accounts, dated in the period."),
        compute=metrics.course_completions,
    ))  # fmt: skip
