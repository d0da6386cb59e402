from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for `make demo`. Nothing here runs unless `manage.py load_demo` is called."""

    name = "lianxin.demo"
    label = "demo"
    verbose_name = _("Demo data")
