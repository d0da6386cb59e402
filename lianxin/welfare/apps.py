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
        self._ready_mutual_aid()
        pass

    def _ready_mutual_aid(self) -> None:
        """Mutual-aid claims: their journalled state, and the 互助理赔 panel on the case page."""
        from lianxin.audit.journalled import register_journalled_state
        from lianxin.cases.hooks import register_panel
        from lianxin.welfare.views.mutual_aid_panel import PANEL

        register_journalled_state("welfare.claim", "status")
        register_panel(PANEL)
