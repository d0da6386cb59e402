from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "lianxin.stations"
    label = "stations"
    verbose_name = _("Stations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A QR link's `?site=<code>` names a station: the ledger asks us what it stands for.
        from lianxin.cases.hooks import register_site_resolver
        from lianxin.stations.selectors import site_for

        register_site_resolver(site_for)
