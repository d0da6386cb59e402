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
        # The person's named cases on the member registry's person page (members.hooks).
        from lianxin.intake.panels import PERSON_PANELS
        from lianxin.members.hooks import register_person_panel

        for person_panel in PERSON_PANELS:
            register_person_panel(person_panel)
