from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "lianxin.skills"
    label = "skills"
    verbose_name = _("Skills")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The 学分银行 listens to the achievements contests, proposals and activities report
        # (members.hooks); they never import this app.
        from lianxin.members.hooks import register_achievement_receiver, register_person_panel
        from lianxin.skills.panels import PERSON_PANELS
        from lianxin.skills.services import receive_achievement

        register_achievement_receiver(receive_achievement)
        for panel in PERSON_PANELS:
            register_person_panel(panel)
