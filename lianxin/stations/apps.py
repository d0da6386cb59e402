from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "lianxin.stations"
    label = "stations"
    verbose_name = _("Stations")
    default_auto_field = "django.db.models.BigAutoField"
