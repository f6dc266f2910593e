"""Everything the help centre mounts, as one router for desk/app.py."""

from fastapi import APIRouter

from desk.help import assets, pages

router = APIRouter()
router.include_router(pages.router)
router.include_router(assets.router)
