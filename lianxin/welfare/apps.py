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
        pass

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
