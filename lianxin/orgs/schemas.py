"""The shapes of orgs in the REST API."""

from ninja import Field, Schema

from lianxin.core.api import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, Code, Line, PageMeta
from lianxin.orgs.models import OrgKind


class OrgOut(Schema):
    code: str
    name: str
    short_name: str
    kind: OrgKind
    partner_type: str | None = Field(
        description="A partner agency's type code (court, hrss, community, …; the admin adds "
        "types); null for a union.",
        examples=["hrss"],
    )
    parent: str | None = Field(description="The parent org's code; null at the top.")
    region: str
    depth: int = Field(description="0 at the top of the tree.")


class OrgPage(PageMeta):
    items: list[OrgOut]


class OrgListQuery(Schema):
    kind: OrgKind | None = None
    q: Line | None = Field(None, description="Part of the name or short name, or the exact code.")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


__all__ = ["Code", "OrgListQuery", "OrgOut", "OrgPage"]
