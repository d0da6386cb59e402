"""The API's shapes for the 学分银行."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from lianxin.core.api import PageMeta


class CreditsQuery(Schema):
    person: int = Field(..., ge=1, description="The person's id (members: `person_id`).")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


class CreditLineOut(Schema):
    id: int
    kind: str = Field(
        description="course_completed, certificate, contest_result, proposal_adopted …"
    )
    source: str = Field(description="What earned it, e.g. `proposals.proposal:12:34`.")
    credits: Decimal
    on: date
    description: str


class CreditsOut(PageMeta):
    """A person's balance (the sum of all their lines) and one page of the lines, newest first."""

    person_id: int
    balance: Decimal
    items: list[CreditLineOut]
