from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IntakeConfig(AppConfig):
    name = "lianxin.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from lianxin.cases.hooks import register_panel
        from lianxin.intake.panels import PANELS

        # What the ledger's pages show of this app (the ledger names no app above it).
        for panel in PANELS:
            register_panel(panel)
        # The person's named cases on the member registry's person page (members.hooks).
        from lianxin.intake.panels import PERSON_PANELS
        from lianxin.members.hooks import register_person_panel

        for person_panel in PERSON_PANELS:
            register_person_panel(person_panel)
        _ready_areas()


def _ready_areas() -> None:
    """陪伴日, 12351热线, 随手拍 and 数据治理, with their metrics (core.areas; the cockpit reads them)."""
    from lianxin.core.areas import COUNT, Area, AreaMetric, register_area, register_area_metric
    from lianxin.intake import metrics

    for area in (
        Area(key="visits", name=pgettext_lazy("business area", "Visit days"),
             name_en="Visit days", order=20, headline="visit_days_held",
             synonyms=("陪伴日", "主席陪伴日", "民意日记", "走访")),
        Area(key="hotline", name=pgettext_lazy("business area", "12351 hotline"),
             name_en="12351 hotline", order=30, headline="hotline_calls",
             synonyms=("12351", "热线", "12351热线", "电话")),
        Area(key="snapshot", name=pgettext_lazy("business area", "Snapshot reports"),
             name_en="Snapshot reports", order=40, headline="snapshot_reports",
             synonyms=("随手拍", "拍照反映", "随手拍反映")),
        Area(key="quality", name=pgettext_lazy("business area", "Data quality"),
             name_en="Data quality", order=200, headline="quality_issues",
             synonyms=("数据治理", "数据质量", "数据问题")),
    ):  # fmt: skip
        register_area(area)
    for metric in (
        AreaMetric(key="visit_days_held", area="visits", name=_("Visit days held"),
                   name_en="Visit days held", unit=COUNT, compute=metrics.visit_days_held,
                   definition=_("Visit days that took place in the period."),
                   synonyms=("陪伴日天数", "开展陪伴日", "陪伴日次数", "走访了几次")),
        AreaMetric(key="visit_entries", area="visits", name=_("Diary entries recorded"),
                   name_en="Diary entries recorded", unit=COUNT, compute=metrics.visit_entries,
                   definition=_("Things heard and written in the diary on the visit days of the period."),
                   synonyms=("民意日记条数", "民意日记", "收集意见")),
        AreaMetric(key="visit_cases_raised", area="visits", name=_("Cases raised on visit days"),
                   name_en="Cases raised on visit days", unit=COUNT,
                   compute=metrics.visit_cases_raised,
                   definition=_("Diary entries of the period's visit days that became cases, named or anonymous."),
                   synonyms=("陪伴日诉求", "陪伴日转化诉求", "走访发现问题")),
        AreaMetric(key="hotline_calls", area="hotline", name=_("Hotline calls"),
                   name_en="Hotline calls", unit=COUNT, compute=metrics.hotline_calls,
                   definition=_("Cases registered from 12351 hotline calls in the period."),
                   synonyms=("热线来电", "12351来电", "热线量", "热线诉求")),
        AreaMetric(key="snapshot_reports", area="snapshot", name=_("Snapshot reports"),
                   name_en="Snapshot reports", unit=COUNT, compute=metrics.snapshot_reports,
                   definition=_("Snapshot reports registered as cases in the period."),
                   synonyms=("随手拍数量", "随手拍件数", "随手拍反映")),
        AreaMetric(key="quality_issues", area="quality", name=_("Data quality issues"),
                   name_en="Data quality issues", unit=COUNT, compute=metrics.quality_issues,
                   definition=_("Problems found on the period's cases: uncategorised, not attributed to an enterprise, invalid phone, likely duplicate."),
                   synonyms=("数据质量问题", "数据问题", "问题数据"), higher_is_better=False),
    ):  # fmt: skip
        register_area_metric(metric)
