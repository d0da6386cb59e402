from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "lianxin.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from lianxin.cases.hooks import register_panel
        from lianxin.proposals.panels import PANELS

        # What the ledger's pages show of this app (the ledger names no app above it).
        for panel in PANELS:
            register_panel(panel)
        _ready_areas()


def _ready_areas() -> None:
    """The cockpit's areas 改善提案 and 议事厅 and their figures (core.areas)."""
    from lianxin.core.areas import COUNT, RATE, Area, AreaMetric, register_area
    from lianxin.core.areas import register_area_metric as metric
    from lianxin.proposals import metrics as m

    register_area(Area(
        key="proposals", name=_("Improvement proposals"), name_en="Improvement proposals",
        order=70, headline="proposal_count",
        synonyms=("改善提案", "提案", "合理化建议", "金点子", "职工提案"),
    ))  # fmt: skip
    metric(AreaMetric(
        key="proposal_count", area="proposals", name=_("Proposals submitted"),
        name_en="Proposals submitted", unit=COUNT, compute=m.area_proposal_count,
        synonyms=("提案数", "提案数量", "提案量", "改善提案数", "提了多少提案"),
        definition=_("Improvement proposals submitted in the period, in any state."),
    ))  # fmt: skip
    metric(AreaMetric(
        key="proposal_adoption_rate", area="proposals", name=_("Proposal adoption rate"),
        name_en="Proposal adoption rate", unit=RATE, compute=m.area_adoption_rate,
        synonyms=("提案采纳率", "采纳率", "采纳了多少"),
        definition=_(
            "Proposals submitted in the period adopted (or implemented, rewarded) over those decided "
            "(adopted or declined); proposals still in review are not judged yet."
        ),
    ))  # fmt: skip
    metric(AreaMetric(
        key="proposal_participation_rate", area="proposals",
        name=_("Proposal participation rate"), name_en="Proposal participation rate", unit=RATE,
        compute=m.area_participation_rate,
        synonyms=("提案参与率", "职工参与率", "参与率", "参与提案的职工比例"),
        definition=_(
            "Distinct proposers in the period over the workforce, per enterprise with a "
            "workforce entered; an enterprise's proposers count up to its workforce."
        ),
    ))  # fmt: skip
    _ready_proposal_money()
    _ready_meetings_area()


def _ready_meetings_area() -> None:
    """The cockpit's area 议事厅 and its figure (core.areas)."""
    from lianxin.core.areas import COUNT, Area, AreaMetric, register_area
    from lianxin.core.areas import register_area_metric as metric
    from lianxin.proposals import metrics as m

    register_area(Area(
        key="meetings", name=_("Consultation hall"), name_en="Consultation meetings",
        order=80, headline="consultation_meetings",
        synonyms=("议事厅", "议事", "工事共商", "共商", "议事会"),
    ))  # fmt: skip
    metric(AreaMetric(
        key="consultation_meetings", area="meetings", name=_("Consultation meetings held"),
        name_en="Consultation meetings held", unit=COUNT, compute=m.area_meetings,
        synonyms=("议事会议数", "议事次数", "开了多少次议事会", "议事厅会议"),
        definition=_("Consultation meetings held in the period (not those still planned)."),
    ))  # fmt: skip


def _ready_proposal_money() -> None:
    """The 改善提案 area's yuan: the benefit of the proposals and the rewards paid for them."""
    from lianxin.core.areas import YUAN, AreaMetric
    from lianxin.core.areas import register_area_metric as metric
    from lianxin.proposals import metrics as m

    metric(AreaMetric(
        key="proposal_benefit", area="proposals", name=_("Benefit of proposals"),
        name_en="Benefit of proposals", unit=YUAN, compute=m.area_benefit,
        synonyms=("提案效益", "创效", "提案创效", "经济效益"),
        definition=_(
            "Realised benefit (yuan a year) of the implemented proposals submitted in the period."
        ),
    ))  # fmt: skip
    metric(AreaMetric(
        key="proposal_rewards", area="proposals", name=_("Proposal rewards paid"),
        name_en="Proposal rewards paid", unit=YUAN, compute=m.area_rewards,
        synonyms=("提案奖励", "提案奖励金额", "奖励金额", "提案奖金"),
        definition=_("Rewards granted (yuan) for the proposals submitted in the period."),
    ))  # fmt: skip
