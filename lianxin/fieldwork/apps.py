from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "lianxin.fieldwork"
    label = "fieldwork"
    verbose_name = _("Days in the field")
    default_auto_field = "django.db.models.BigAutoField"
