"""The staff handoff console: one static page; its data comes only from the staff API."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from api.core.errors import NotFound

router = APIRouter(prefix="/console", tags=["handoff console"], include_in_schema=False)
STATIC = Path(__file__).parent / "static"
PAGE = (STATIC / "console.html").read_text(encoding="utf-8")
ASSETS = {
    "console.css": ("text/css; charset=utf-8", (STATIC / "console.css").read_bytes()),
    "console.js": ("text/javascript; charset=utf-8", (STATIC / "console.js").read_bytes()),
}
# The page shows personal data after sign-in: no framing, no inline script, no caching.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@router.get("", response_class=HTMLResponse)
async def console_page() -> HTMLResponse:
    """The console shell: it holds no data; the script signs in and fetches the rest."""
    return HTMLResponse(PAGE, headers=HEADERS)


@router.get("/static/{name}")
async def console_asset(name: str) -> Response:
    """The console's stylesheet and script (a fixed list: nothing else is served)."""
    if name not in ASSETS:
        raise NotFound("no such console file")
    media_type, body = ASSETS[name]
    return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})
