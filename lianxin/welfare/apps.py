from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "lianxin.welfare"
    label = "welfare"
    verbose_name = _("Welfare")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each area registers its hooks (journalled states, ledger panels, supervision steps) here.
        from lianxin.audit.journalled import register_journalled_state

        register_journalled_state("welfare.campaign", "state")  # warmth
        register_journalled_state("welfare.recipient", "state")  # warmth
        self._ready_hardship()
        self._ready_mutual_aid()
        self._ready_areas()

    def _ready_hardship(self) -> None:
        """Hardship files: journalled states, the visits' 督办 step in the supervision run, its notice."""
        from lianxin.audit.journalled import register_journalled_state
        from lianxin.cases.hooks import register_supervision_step
        from lianxin.core.notifications import register_kind
        from lianxin.welfare.services import hardship_supervision

        register_journalled_state("welfare.hardshipfile", "state")
        register_journalled_state("welfare.aidpayment", "state")
        register_supervision_step(hardship_supervision.supervise_hardship_visits)
        register_kind(hardship_supervision.NOTICE_KIND, _("Hardship file visit overdue"))

    def _ready_mutual_aid(self) -> None:
        """Mutual-aid claims: their journalled state, and the 互助理赔 panel on the case page."""
        from lianxin.audit.journalled import register_journalled_state
        from lianxin.cases.hooks import register_panel
        from lianxin.welfare.views.mutual_aid_panel import PANEL

        register_journalled_state("welfare.claim", "status")
        register_panel(PANEL)

    def _ready_areas(self) -> None:
        """The three welfare areas and their figures, for the cockpit (core.areas)."""
        from lianxin.core.areas import COUNT, YUAN, Area, register_area
        from lianxin.welfare.metrics import areas as m

        for key, name, name_en, order, headline, words in (
            ("hardship", _("Hardship aid"), "Hardship aid", 130, "hardship_files_open",
             ("困难帮扶", "帮扶", "困难职工", "解困脱困", "困难职工帮扶")),
            ("warmth", _("Send warmth"), "Send warmth", 140, "warmth_recipients",
             ("送温暖", "两节送温暖", "慰问", "走访慰问")),
            ("mutual_aid", _("Mutual aid"), "Mutual aid", 150, "mutual_aid_enrolled",
             ("互助保障", "职工互助保障", "互助", "理赔", "互助保险")),
        ):  # fmt: skip
            register_area(Area(key=key, name=name, name_en=name_en, order=order,
                               headline=headline, synonyms=words))  # fmt: skip
        _metric("hardship_files_open", "hardship", _("Hardship files open"), "Hardship files open",
                COUNT, ("困难职工档案", "在档困难职工", "困难职工人数", "帮扶对象"),
                _("Hardship files opened by the period's end and open now (applied, registered or "
                  "under review)."), m.hardship_files_open)  # fmt: skip
        _metric("aid_paid", "hardship", _("Aid paid"), "Aid paid", YUAN,
                ("帮扶金额", "帮扶资金", "发放帮扶金", "救助金额"),
                _("Hardship aid paid in the period (yuan)."), m.aid_paid)  # fmt: skip
        _metric("warmth_recipients", "warmth", _("Warmth recipients"), "Warmth recipients", COUNT,
                ("送温暖人次", "慰问人次", "送温暖人数", "慰问了多少人"),
                _("Warmth deliveries in the period, each person counted once per campaign."),
                m.warmth_recipients)  # fmt: skip
        _metric("mutual_aid_enrolled", "mutual_aid", _("Mutual-aid enrolments"),
                "Mutual-aid enrolments", COUNT, ("参保人数", "互助保障参保", "参加互助保障", "入保人数"),
                _("Enrolments in the scope's mutual-aid plans dated in the period."),
                m.mutual_aid_enrolled)  # fmt: skip
        _metric("claims_paid", "mutual_aid", _("Claims paid"), "Claims paid", COUNT,
                ("互助理赔件数", "赔付件数", "已赔付", "互助金赔付"),
                _("Mutual-aid claims paid in the period."), m.claims_paid)  # fmt: skip


def _metric(
    key: str, area: str, name: Any, name_en: str, unit: str, synonyms: tuple[str, ...],
    definition: Any, compute: Any,
) -> None:  # fmt: skip
    from lianxin.core.areas import AreaMetric, register_area_metric

    register_area_metric(AreaMetric(key=key, area=area, name=name, name_en=name_en, unit=unit,
                                    definition=definition, compute=compute, synonyms=synonyms))  # fmt: skip
