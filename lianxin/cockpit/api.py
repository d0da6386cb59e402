"""REST endpoints of the cockpit app, mounted on the project's API."""

from ninja import Router

router = Router(tags=["cockpit"])
