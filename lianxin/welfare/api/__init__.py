"""The welfare API: one router per area, joined under /api/welfare/."""

from ninja import Router

from lianxin.welfare.api.figures import router as figures_router
from lianxin.welfare.api.hardship import router as hardship_router
from lianxin.welfare.api.mutual_aid import router as mutual_aid_router
from lianxin.welfare.api.warmth import router as warmth_router

router = Router(tags=["welfare"])
router.add_router("", figures_router)
router.add_router("/hardship", hardship_router)
router.add_router("/warmth", warmth_router)
router.add_router("/mutual_aid", mutual_aid_router)
