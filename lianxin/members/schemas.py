"""The API's shapes for members: input checked by pydantic, output always masked."""

from datetime import date

from ninja import Field, Schema

from lianxin.core.api import Code, Line, PageMeta, Text
from lianxin.members.states import EmploymentForm, Gender, State


class MemberListQuery(Schema):
    org: Code | None = Field(None, description="An org code in your scope (its subtree).")
    state: State | None = None
    employment_form: EmploymentForm | None = None
    q: Line | None = Field(
        None, description="An exact full name, phone number, ID number or card number."
    )
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


class OrgRef(Schema):
    code: str
    name: str


class MemberOut(Schema):
    """One membership with its person, masked (name 张*, phone 138****5678, ID 410***********1234)."""

    id: int
    person_id: int
    name: str
    gender: str
    birth_year: int | None
    phone: str
    id_number: str
    employment_form: str
    platform_or_employer: str
    org: OrgRef
    state: str
    channel: str
    applied_at: str
    joined_on: date | None
    ended_on: date | None
    card_number: str | None
    actions: list[str] = Field(description="The moves you may make on it now.")


class MemberPage(PageMeta):
    items: list[MemberOut]


class RateOut(Schema):
    numerator: int
    denominator: int
    value: float | None
    percent: float | None


class FiguresQuery(Schema):
    org: Code
    on: date | None = Field(None, description="The date (default today).")


class FiguresOut(Schema):
    org: str
    on: date
    members: int
    workforce: int
    membership_rate: RateOut
    gig_members: int
    gig_workforce: int
    gig_membership_rate: RateOut


class ApplicationIn(Schema):
    org: Code
    name: Line
    id_number: Line
    phone: Line = ""
    gender: Gender | None = None
    employment_form: EmploymentForm = EmploymentForm.EMPLOYEE
    platform_or_employer: Line = ""


class RegistrationIn(ApplicationIn):
    joined_on: date | None = None


class ReasonIn(Schema):
    reason: Text


class LeaveIn(Schema):
    reason: Text = ""


class TransferIn(Schema):
    to_org: Code
