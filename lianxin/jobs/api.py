"""The jobs API, mounted at /api/jobs."""

from ninja import Router

router = Router(tags=["jobs"])
