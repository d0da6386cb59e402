"""The jobs API's shapes: a post's public fields only, an application without the person's data."""

from datetime import date, datetime

from ninja import Field, Schema

from lianxin.core.api import Code, Line, PageMeta, Text
from lianxin.jobs.states import PostKind
from lianxin.members.schemas import RateOut


class OrgRef(Schema):
    code: str
    name: str


class PostListQuery(Schema):
    org: Code | None = Field(None, description="An org code: posts of its subtree (any org).")
    kind: PostKind | None = None
    place: Line | None = Field(None, description="Part of the place of work, e.g. 山阳区.")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


class PostOut(Schema):
    """A post as the public reads it: contact through the union, never the employer's phone."""

    id: int
    title: str
    kind: str
    enterprise: OrgRef
    org: OrgRef = Field(description="The union the post is published through.")
    wage_min: int
    wage_max: int
    wage_unit: str = Field(description="month, day or hour (yuan per unit).")
    place: str
    requirements: str
    headcount: int
    site: str = Field(description="The 工会驿站 code of a 零工 short job, or empty.")
    starts_on: date | None
    ends_on: date | None
    contact: str = Field(description="How to reach the union about the post.")
    state: str
    posted_at: datetime


class PostPage(PageMeta):
    items: list[PostOut]


class ApplicationIn(Schema):
    session_id: int | None = Field(None, ge=1, le=2**31 - 1, description="The 带岗直播 session.")
    note: Text = Field("", max_length=500)


class ApplicationOut(Schema):
    id: int
    post_id: int
    session_id: int | None
    state: str
    applied_at: datetime
    actions: list[str] = Field(description="The moves you may make on it now.")


class FiguresQuery(Schema):
    org: Code
    start: date | None = Field(None, description="First day (default: 1 January this year).")
    end: date | None = Field(None, description="Last day, included (default: today).")


class FiguresOut(Schema):
    org: str
    start: date
    end: date
    posts: int
    posts_open: int
    posts_filled: int
    applications: int
    passed_on: int
    hires: int
    hire_rate: RateOut
    sessions: int
    viewers: int
    session_applications: int
