"""The welfare API: one router per area, joined under /api/welfare/."""

from ninja import Router

router = Router(tags=["welfare"])

from lianxin.welfare.api.warmth import router as warmth_router  # noqa: E402

router.add_router("/warmth", warmth_router)

from lianxin.welfare.api.mutual_aid import router as mutual_aid_router  # noqa: E402

router.add_router("/mutual_aid", mutual_aid_router)

from lianxin.welfare.api.hardship import router as hardship_router  # noqa: E402

router.add_router("/hardship", hardship_router)

from lianxin.welfare.api.figures import router as figures_router  # noqa: E402

router.add_router("", figures_router)
