"""REST endpoints of the contests app, mounted on the project's API."""

from ninja import Router

router = Router(tags=["contests"])
