from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "lianxin.cases"
    label = "cases"
    verbose_name = _("Case ledger")

    def ready(self):
        from lianxin.audit.journalled import register_journalled_state

        # verify_journal checks each case's status against the state its last event left it in
        register_journalled_state("cases.case", "status")
