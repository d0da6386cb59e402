"""送温暖 campaigns: the campaign's and the recipient's states, actions and the only moves.

A campaign: `draft → open → closed`. A recipient (a person listed by a union of the campaign):
`listed → delivered`, or `withdrawn`. The same person listed a second time in the same campaign (by
another level: the district and the enterprise) is born `flagged`: a duplicate awaiting the
federation's decision, never delivered while flagged. The decision keeps it (`keep`: it becomes
`listed`, allowed only once the other listing is withdrawn) or confirms it a duplicate
(`confirm_duplicate`: withdrawn), so a person never counts twice.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CampaignAction(StrEnum):
    OPEN = "open"
    CLOSE = "close"


CAMPAIGN_ACTION_LABELS = {
    CampaignAction.OPEN: _("Open the campaign"),
    CampaignAction.CLOSE: _("Close the campaign"),
}

CAMPAIGN_TRANSITIONS: dict[str, dict[CampaignAction, str]] = {
    CampaignState.DRAFT: {CampaignAction.OPEN: CampaignState.OPEN},
    CampaignState.OPEN: {CampaignAction.CLOSE: CampaignState.CLOSED},
    CampaignState.CLOSED: {},
}

CAMPAIGN_WORKFLOW = Workflow(
    name="warmth_campaign",
    table=CAMPAIGN_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the campaign is “%(status)s”."),
    action_labels=CAMPAIGN_ACTION_LABELS,
    status_label=choices_label(CampaignState),
)


class RecipientState(models.TextChoices):
    FLAGGED = "flagged", _("Duplicate: awaiting a decision")
    LISTED = "listed", _("Listed")
    DELIVERED = "delivered", _("Handed over")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RecipientAction(StrEnum):
    DELIVER = "deliver"
    WITHDRAW = "withdraw"
    KEEP = "keep"
    CONFIRM_DUPLICATE = "confirm_duplicate"


RECIPIENT_ACTION_LABELS = {
    RecipientAction.DELIVER: _("Record the delivery"),
    RecipientAction.WITHDRAW: _("Withdraw"),
    RecipientAction.KEEP: _("Keep this listing"),
    RecipientAction.CONFIRM_DUPLICATE: _("Withdraw as a duplicate"),
}

R, RA = RecipientState, RecipientAction

RECIPIENT_TRANSITIONS: dict[str, dict[RecipientAction, str]] = {
    R.FLAGGED: {RA.KEEP: R.LISTED, RA.CONFIRM_DUPLICATE: R.WITHDRAWN},
    R.LISTED: {RA.DELIVER: R.DELIVERED, RA.WITHDRAW: R.WITHDRAWN},
    R.DELIVERED: {},
    R.WITHDRAWN: {},
}

RECIPIENT_WORKFLOW = Workflow(
    name="warmth_recipient",
    table=RECIPIENT_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the recipient is “%(status)s”."),
    action_labels=RECIPIENT_ACTION_LABELS,
    status_label=choices_label(RecipientState),
)

# A listing that stands (counts against the person's one listing per campaign).
LIVE_STATES = frozenset({R.LISTED, R.DELIVERED})
# The decisions on a flagged duplicate: federation staff only.
DECISIONS = frozenset({RA.KEEP, RA.CONFIRM_DUPLICATE})


class Reason(models.TextChoices):
    HARDSHIP = "hardship", _("Worker in hardship")
    MODEL_WORKER = "model_worker", _("Model worker")
    GIG = "gig", _("New-form worker")
    FRONTLINE = "frontline", _("Frontline worker")
    OTHER = "other", _("Other")


class DeliveryKind(models.TextChoices):
    CASH = "cash", _("Cash")
    GOODS = "goods", _("Goods")


EVENT_LABELS = {
    "campaign_created": _("Campaign created"),
    "campaign_opened": _("Campaign opened"),
    "campaign_closed": _("Campaign closed"),
    "recipient_listed": _("Recipient listed"),
    "recipient_flagged": _("Listed twice: flagged as a duplicate"),
    "delivered": _("Delivery recorded"),
    "withdrawn": _("Recipient withdrawn"),
    "duplicate_kept": _("Duplicate flag cleared: listing kept"),
    "duplicate_confirmed": _("Duplicate confirmed: listing withdrawn"),
}
