"""The activities API, mounted at /api/activities."""

from ninja import Router

router = Router(tags=["activities"])
