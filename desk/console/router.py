"""The staff console: server-rendered screens (Jinja2 templates + htmx), one module per
screen in desk/console/pages; their data comes from the api/ services, in-process."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from api.core.errors import NotFound
from desk.console.pages import (
    case_list,
    cases,
    conversation,
    events,
    faq,
    inbox,
    mediation,
    signin,
)

STATIC = Path(__file__).parent / "static"
MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
# A fixed list read at import: no path from the URL reaches the file system.
ASSETS = {
    path.name: (MEDIA_TYPES[path.suffix], path.read_bytes())
    for path in sorted(STATIC.iterdir())
    if path.suffix in MEDIA_TYPES
}

assets = APIRouter(prefix="/console/static")


@assets.get("/{name}")
async def console_asset(name: str) -> Response:
    """The console's stylesheet and script."""
    if name not in ASSETS:
        raise NotFound("no such console file")
    media_type, body = ASSETS[name]
    headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type=media_type, headers=headers)


router = APIRouter(include_in_schema=False, tags=["staff console"])
for screen in (signin, inbox, conversation, events, case_list, cases, mediation, faq):
    router.include_router(screen.router)
router.include_router(assets)
