"""The skills API, mounted at /api/skills."""

from ninja import Router

router = Router(tags=["skills"])
