"""A duplicate flag's life: open until staff link the case as a repeat or dismiss the flag."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    LINKED = "linked", _("Linked as duplicate")
    DISMISSED = "dismissed", _("Dismissed")


class FlagAction(StrEnum):
    LINK = "link"
    DISMISS = "dismiss"


FLAG_ACTION_LABELS = {FlagAction.LINK: _("Link as duplicate"), FlagAction.DISMISS: _("Dismiss")}

FLAG_WORKFLOW = Workflow(
    name="insights",
    table={
        FlagStatus.OPEN: {
            FlagAction.LINK: FlagStatus.LINKED,
            FlagAction.DISMISS: FlagStatus.DISMISSED,
        },
        FlagStatus.LINKED: {},
        FlagStatus.DISMISSED: {},
    },
    refusal=_("“%(action)s” is not possible: this flag is “%(status)s” already."),
    action_labels=FLAG_ACTION_LABELS,
    status_label=choices_label(FlagStatus),
)
