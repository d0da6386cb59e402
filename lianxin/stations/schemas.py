"""The stations API's input and output shapes."""

from datetime import date

from ninja import Field, Schema


class StationListQuery(Schema):
    near: str | None = Field(
        None, description="`<lat>,<lon>` in degrees (WGS-84): nearest first, with distances."
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000, description="Rows to skip (the list by code only).")


class StationOut(Schema):
    code: str
    name: str
    address: str
    district: str
    latitude: float
    longitude: float
    distance_m: int | None = Field(description="Metres from `near`, rounded; null without `near`.")
    open_now: bool = Field(description="Open at this moment by its hours (Beijing time).")
    closed: bool = Field(description="Closed for good (then `open_now` is false).")
    facilities: list[str]
    url: str


class FiguresQuery(Schema):
    start: date | None = Field(None, description="First day (default: 29 days before `end`).")
    end: date | None = Field(None, description="Last day, included (default: today).")


class FiguresOut(Schema):
    station: str
    start: date
    end: date
    days_logged: int
    visitors: int
    meals_heated: int
    charges: int
    legal_consultations: int
    legal_resolved: int
    legal_referred: int
    job_referrals: int
    cases_raised: int
    duty_days: int
