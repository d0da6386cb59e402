"""The welfare API: one router per area, joined under /api/welfare/."""

from ninja import Router

router = Router(tags=["welfare"])
