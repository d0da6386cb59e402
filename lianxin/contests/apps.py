from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "lianxin.contests"
    label = "contests"
    verbose_name = _("Contests")

    def ready(self) -> None:
        _ready_areas()


def _ready_areas() -> None:
    """The cockpit's area 创新竞赛 and its figures (core.areas)."""
    from lianxin.contests import metrics as m
    from lianxin.core.areas import COUNT, Area, AreaMetric, register_area
    from lianxin.core.areas import register_area_metric as metric

    register_area(Area(
        key="contests", name=_("Innovation contests"), name_en="Innovation contests", order=90,
        headline="contest_entries",
        synonyms=("竞赛", "创新竞赛", "劳动竞赛", "技能竞赛", "技术创新", "五小", "比赛"),
    ))  # fmt: skip
    metric(AreaMetric(
        key="contest_entries", area="contests", name=_("Contest entries"),
        name_en="Contest entries", unit=COUNT, compute=m.contest_entries,
        synonyms=("参赛作品", "参赛作品数", "参赛项目数", "参赛成果数"),
        definition=_(
            "Entries submitted in the period by participants of the scope's enterprises, in "
            "any state."
        ),
    ))  # fmt: skip
    metric(AreaMetric(
        key="contest_participants", area="contests", name=_("Contest participants"),
        name_en="Contest participants", unit=COUNT, compute=m.contest_participants,
        synonyms=("参赛人数", "参加竞赛的人数", "参赛者", "参赛选手", "参赛团队"),
        definition=_(
            "Participants of the scope's enterprises (a person or a team, each once) with an "
            "entry submitted in the period."
        ),
    ))  # fmt: skip
    register_area(Area(
        key="challenges", name=_("Open challenges"), name_en="Open challenges", order=100,
        headline="challenges_posted", synonyms=("揭榜挂帅", "揭榜", "挂帅", "难题榜", "技术难题"),
    ))  # fmt: skip
    metric(AreaMetric(
        key="challenges_posted", area="challenges", name=_("Challenges posted"),
        name_en="Challenges posted", unit=COUNT, compute=m.challenges_posted,
        synonyms=("发榜数", "张榜数", "发布的难题", "挂出的难题"),
        definition=_("Challenges the scope's unions and enterprises posted in the period."),
    ))  # fmt: skip
    metric(AreaMetric(
        key="challenges_solved", area="challenges", name=_("Challenges solved"),
        name_en="Challenges solved", unit=COUNT, compute=m.challenges_solved,
        synonyms=("揭榜成功", "攻克的难题", "解决的难题", "已攻克"),
        definition=_(
            "Challenges of the scope whose poster accepted a team's solution in the period."
        ),
    ))  # fmt: skip
