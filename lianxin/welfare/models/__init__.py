"""The welfare models, one module per area; Django finds them through these imports."""

from lianxin.welfare.models.hardship import (  # noqa: F401
    AidPayment,
    HardshipFile,
    HouseholdMember,
    Visit,
)
from lianxin.welfare.models.mutual_aid import BenefitRule, Claim, Enrolment, Plan  # noqa: F401
from lianxin.welfare.models.warmth import Campaign, Delivery, Recipient  # noqa: F401
