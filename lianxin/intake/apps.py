from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
