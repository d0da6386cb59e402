"""The stations API, mounted at /api/stations."""

from ninja import Router

router = Router(tags=["stations"])
