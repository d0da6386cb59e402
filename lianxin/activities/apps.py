from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "lianxin.activities"
    label = "activities"
    verbose_name = _("Activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lianxin.audit.journalled import register_journalled_state

        register_journalled_state("activities.signup", "state")
