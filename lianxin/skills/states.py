"""The words of the 学分银行: certificate levels and the kinds of achievement that earn credits.

Pure tables, no database. The kinds are the ones `lianxin.members.hooks.Achievement.kind` carries.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateLevel(models.TextChoices):
    """国家职业资格 / 职业技能等级: the five levels, lowest first."""

    PRIMARY = "primary", _("Primary (初级工)")
    INTERMEDIATE = "intermediate", _("Intermediate (中级工)")
    SENIOR = "senior", _("Senior (高级工)")
    TECHNICIAN = "technician", _("Technician (技师)")
    SENIOR_TECHNICIAN = "senior_technician", _("Senior technician (高级技师)")


class AchievementKind(models.TextChoices):
    COURSE_COMPLETED = "course_completed", _("Course completed")
    CERTIFICATE = "certificate", _("Skill certificate")
    CONTEST_RESULT = "contest_result", _("Contest result")
    PROPOSAL_ADOPTED = "proposal_adopted", _("Proposal adopted")
