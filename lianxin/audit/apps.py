from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lianxin.audit"
    label = "audit"
    verbose_name = _("Journal")

    def ready(self) -> None:
        # The backup manifest records the journal's chain ends; a restore must verify (core's hook).
        from lianxin.audit.selectors import journal_breaks, journal_ends
        from lianxin.core.backup import BackupCheck, register_backup_check

        register_backup_check(
            BackupCheck(name="journal", snapshot=journal_ends, verify=journal_breaks)
        )
