from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "lianxin.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from lianxin.cases.hooks import register_case_registered_hook, register_supervision_step
        from lianxin.insights.services import flag_registered_cases, keep_hotline_choices
        from lianxin.insights.tasks import queue_stale_topics

        # Every channel that registers a case (pages, API, intake, import) gets its flags here.
        register_case_registered_hook(flag_registered_cases)
        # ... and the hotline operators' category choices are kept for `manage.py retrain`.
        register_case_registered_hook(keep_hotline_choices)
        # Topics are clustered in a task the 督办 runs queue when a scope's snapshot has aged.
        register_supervision_step(queue_stale_topics)
