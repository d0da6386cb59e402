from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "lianxin.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from lianxin.cases.hooks import register_case_registered_hook
        from lianxin.insights.services import flag_registered_cases

        # Every channel that registers a case (pages, API, intake, import) gets its flags here.
        register_case_registered_hook(flag_registered_cases)
