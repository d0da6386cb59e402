"""REST endpoints of the insights app, mounted on the project's API."""

from ninja import Router

router = Router(tags=["insights"])
