from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "lianxin.members"
    label = "members"
    verbose_name = _("Members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lianxin.audit.journalled import register_journalled_state

        # verify_journal checks a membership's state against its last move.
        register_journalled_state("members.membership", "state")
