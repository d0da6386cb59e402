"""REST endpoints of the proposals app, mounted on the project's API."""

from ninja import Router

router = Router(tags=["proposals"])
