"""The activities API's shapes: public activity fields; sign-ups with their persons masked."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from lianxin.activities.states import Kind
from lianxin.core.api import Code, PageMeta


class ActivityListQuery(Schema):
    org: Code | None = Field(None, description="An org code: its subtree's activities.")
    kind: Kind | None = None
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


class OrgRef(Schema):
    code: str
    name: str


class ActivityOut(Schema):
    """An activity's public fields (no persons)."""

    id: int
    kind: str
    title: str
    description: str
    org: OrgRef
    place: str
    capacity: int
    places_left: int
    waiting: int
    has_waiting_list: bool
    members_only: bool
    employment_forms: list[str] = Field(description="Employment forms admitted; empty: any.")
    signup_opens: datetime
    signup_closes: datetime
    starts_on: date
    ends_on: date
    credit_hours: Decimal | None


class ActivityPage(PageMeta):
    items: list[ActivityOut]


class SignUpIn(Schema):
    person_id: int | None = Field(
        None, ge=1, le=2**63 - 1,
        description="A person of a union you handle; leave out to sign up yourself.",
    )  # fmt: skip


class SignUpOut(Schema):
    """One sign-up; the person's name masked (张*)."""

    id: int
    activity_id: int
    person_id: int
    name: str
    employment_form: str
    state: str
    waiting_position: int | None = Field(description="1 = next to move up; null unless waiting.")
    attended: int = Field(0, description="Sessions attended.")
    created_at: datetime


class SignUpPage(PageMeta):
    items: list[SignUpOut]


class RosterQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=100)


class FiguresQuery(Schema):
    org: Code
    start: date
    end: date


class KindFigures(Schema):
    activities: int
    signups: int
    waiting: int
    attendances: int
    persons: int


class FiguresOut(Schema):
    org: str
    start: date
    end: date
    activities: int
    signups: int
    waiting: int
    attendances: int = Field(description="人次: one per person present at a session.")
    persons: int = Field(description="Distinct persons served.")
    by_kind: dict[str, KindFigures]
