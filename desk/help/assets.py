"""Files the help pages load: their stylesheet, and the vendored front-end libraries in
desk/static/vendor (htmx). A fixed list read at import: no path from the URL reaches
the file system, and nothing is fetched from outside the desk app."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from api.core.errors import NotFound

router = APIRouter(include_in_schema=False)
HELP_STATIC = Path(__file__).parent / "static"
VENDOR = Path(__file__).parents[1] / "static" / "vendor"
MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
# Vendored names carry their version, so a browser may keep them; our CSS changes freely.
VENDOR_CACHE = "public, max-age=31536000, immutable"
HELP_CACHE = "public, max-age=300"


def _files(folder: Path) -> dict[str, tuple[str, bytes]]:
    return {
        path.name: (MEDIA_TYPES[path.suffix], path.read_bytes())
        for path in sorted(folder.iterdir())
        if path.suffix in MEDIA_TYPES
    }


VENDOR_FILES = _files(VENDOR)
HELP_FILES = _files(HELP_STATIC)


def _serve(files: dict[str, tuple[str, bytes]], name: str, cache: str) -> Response:
    if name not in files:
        raise NotFound("no such file")
    media_type, body = files[name]
    headers = {"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type=media_type, headers=headers)


@router.get("/static/vendor/{name}")
async def vendor_file(name: str) -> Response:
    """A vendored library (desk/static/vendor/README.md says where each comes from)."""
    return _serve(VENDOR_FILES, name, VENDOR_CACHE)


@router.get("/help/static/{name}")
async def help_file(name: str) -> Response:
    """The help centre's stylesheet."""
    return _serve(HELP_FILES, name, HELP_CACHE)
