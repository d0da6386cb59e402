from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CasesConfig(AppConfig):
    name = "lianxin.cases"
    label = "cases"
    verbose_name = _("Case ledger")

    def ready(self):
        from lianxin.audit.journalled import register_journalled_state

        # verify_journal checks each case's status against the state its last event left it in
        register_journalled_state("cases.case", "status")
        _ready_areas()


# The ledger's figures as the cockpit's areas: (key, name, English name, definition, unit, synonyms,
# higher is better), computed by cases.metrics by the definitions the ledger's own figures use.
CASE_METRICS = (
    ("case_count", _("Number of cases"), "Number of cases",
     _("Cases registered in the period, in any state."), "count",
     ("诉求量", "诉求数", "案件数", "有多少诉求"), True),
    ("open_count", _("Open cases"), "Open cases",
     _("Cases registered in the period that are still registered, accepted, in progress or referred."),
     "count", ("未办结", "在办", "还在办的", "尚未办结"), False),
    ("overdue_count", _("Overdue cases"), "Overdue cases",
     _("Open cases past their resolution deadline, or unanswered past the response deadline."),
     "count", ("超期", "逾期", "超期件"), False),
    ("response_rate", _("Response rate"), "Response rate",
     _("Cases answered by their response deadline, over cases answered or past that deadline."),
     "rate", ("响应率", "及时响应率", "受理及时率"), True),
    ("resolution_rate", _("Resolution rate (cases taken on)"), "Resolution rate (cases taken on)",
     _("Cases resolved or closed, over cases not rejected."), "rate",
     ("解决率", "办结率", "化解率"), True),
    ("satisfaction_rate", _("Satisfaction rate"), "Satisfaction rate",
     _("Satisfied and mostly satisfied ratings, over all ratings received on the period's cases; "
       "every follow-up round counts, a dissatisfied one too."), "rate",
     ("满意率", "满意度", "回访满意率"), True),
    ("on_time_rate", _("On-time rate"), "On-time rate",
     _("Resolved cases resolved by their deadline, over resolved cases."), "rate",
     ("按期办结率", "按时办结率", "及时办结率"), True),
    ("avg_resolve_days", _("Average days to resolve"), "Average days to resolve",
     _("Mean calendar days from registration to resolution of resolved cases."), "days",
     ("平均办理时长", "平均化解时长", "办理天数", "平均用时"), False),
)  # fmt: skip


# Figures that wait on the resolution deadline: a period whose cases are not all due yet is marked.
AWAIT_DEADLINE = ("resolution_rate", "on_time_rate", "avg_resolve_days")


def _ready_areas() -> None:
    """诉求受理, 协作转办 and 督办, with their metrics (core.areas; the cockpit reads them)."""
    from lianxin.cases import metrics
    from lianxin.core.areas import CHILD, MONTH, AreaMetric, register_area_metric

    _register_areas()
    for key, name, name_en, definition, unit, synonyms, higher in CASE_METRICS:
        register_area_metric(AreaMetric(
            key=key, area="cases", name=name, name_en=name_en, unit=unit, definition=definition,
            compute=metrics.area_figure(key), synonyms=synonyms, higher_is_better=higher,
            not_yet_due=metrics.area_not_yet_due if key in AWAIT_DEADLINE else None,
            dimensions=(MONTH, CHILD), breakdown=metrics.area_breakdown(key)))  # fmt: skip
    for metric in (
        AreaMetric(key="referral_count", area="referrals", name=_("Referrals made"),
                   name_en="Referrals made", unit="count", compute=metrics.referral_count,
                   definition=_("Cases handed to a partner agency in the period; a case referred twice counts twice."),
                   synonyms=("转办量", "转办件数", "协作转办数", "转了多少件")),
        AreaMetric(key="referral_success_rate", area="referrals", name=_("Referral success rate"),
                   name_en="Referral success rate", unit="rate", compute=metrics.referral_success_rate,
                   definition=_("Referrals reported back in the period with the outcome mediated successfully, "
                                "over referrals reported back in the period with an outcome recorded."),
                   synonyms=("转办成功率", "调解成功率", "协作转办成功率")),
        AreaMetric(key="supervised_cases", area="supervision", name=_("Cases under supervision"),
                   name_en="Cases under supervision", unit="count", compute=metrics.supervised_cases,
                   definition=_("Cases put under formal supervision (a supervision order) in the period, each once."),
                   synonyms=("督办件数", "督办案件", "挂牌督办", "督办了多少件")),
        AreaMetric(key="urges_sent", area="supervision", name=_("Urges sent"),
                   name_en="Urges sent", unit="count", compute=metrics.urges_sent,
                   definition=_("Urges sent to the handlers of cases in the period."),
                   synonyms=("催办次数", "催办量", "催办了几次")),
    ):  # fmt: skip
        register_area_metric(metric)
    _ready_referral_outcomes(register_area_metric, AreaMetric)


def _register_areas() -> None:
    """诉求受理, 协作转办 and 督办."""
    from lianxin.core.areas import Area, register_area

    for area in (
        Area(key="cases", name=pgettext_lazy("business area", "Case intake"),
             name_en="Case intake", order=10, headline="case_count",
             synonyms=("诉求", "诉求受理", "投诉", "反映问题")),
        Area(key="referrals", name=pgettext_lazy("business area", "Referrals"),
             name_en="Referrals", order=50, headline="referral_count",
             synonyms=("转办", "协作转办", "联动", "移交")),
        Area(key="supervision", name=pgettext_lazy("business area", "Supervision"),
             name_en="Supervision", order=60, headline="supervised_cases",
             synonyms=("督办", "催办", "督查")),
    ):  # fmt: skip
        register_area(area)


# 协作转办 by outcome: (outcome, name, English name, synonyms); each also per partner type through
# cases.referral_outcomes.outcomes_by_partner_type.
REFERRAL_OUTCOME_METRICS = (
    ("mediated", _("Referrals mediated successfully"), "Referrals mediated successfully",
     ("调解成功数", "调解成功件数", "转办调解成功")),
    ("unsuccessful", _("Referrals not successful"), "Referrals not successful",
     ("调解未成功", "未成功件数", "转办未成功")),
    ("litigation", _("Referrals passed on to litigation"), "Referrals passed on to litigation",
     ("转诉讼", "转诉讼件数")),
    ("other", _("Referrals with another outcome"), "Referrals with another outcome",
     ("其他结果", "其他处理结果")),
)  # fmt: skip


def _ready_referral_outcomes(register_area_metric, AreaMetric) -> None:  # noqa: N803
    from lianxin.cases.referral_outcomes import outcome_count

    for outcome, name, name_en, synonyms in REFERRAL_OUTCOME_METRICS:
        register_area_metric(AreaMetric(
            key=f"referral_{outcome}", area="referrals", name=name, name_en=name_en,
            unit="count", compute=outcome_count(outcome), synonyms=synonyms,
            higher_is_better=outcome == "mediated",
            definition=_("Referrals reported back in the period by a partner agency of any type "
                         "with this outcome."),
        ))  # fmt: skip
