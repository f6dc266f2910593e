"""What every console screen shares: templates in the staff member's language, the
security headers, and `ConsoleStaff` — the signed-in staff member from the session cookie,
with the CSRF token checked on every call that changes something."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.core.deps import SessionDep
from api.core.errors import DeskError
from api.core.schemas import as_utc
from api.staff.deps import SignedIn, require, sign_in_from
from api.staff.policy import Permission
from api.staff.security import COOKIE_NAME, CSRF_HEADER
from desk.console.texts import text
from textkit.categories import CATEGORIES, category_label
from textkit.language import EN, ZH

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
LANGUAGE_COOKIE = "console_lang"
# Personal data after sign-in: no framing, no inline script, no caching.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Vary": "HX-Request",
}


def language_of(request: Request) -> str:
    return EN if request.cookies.get(LANGUAGE_COOKIE) == EN else ZH


@dataclass
class Screen:
    """What every template gets as `page`: the language, its words, who is signed in."""

    request: Request
    who: SignedIn | None = None
    lang: str = field(init=False)

    def __post_init__(self) -> None:
        self.lang = language_of(self.request)

    def t(self, key: str, **values: Any) -> str:
        words = text(key, self.lang)
        return words.format(**values) if values else words

    def category(self, key: str | None) -> str:
        """A complaint category's name in the console's language (the key if unknown)."""
        return category_label(key, self.lang) if key in CATEGORIES else (key or "")

    def local_time(self, moment: datetime | None) -> str:
        """MM/DD HH:MM in the office's time zone (stored times are UTC)."""
        if moment is None:
            return ""
        zone = ZoneInfo(self.request.app.state.settings.timezone)
        return as_utc(moment).astimezone(zone).strftime("%m/%d %H:%M")

    @property
    def html_lang(self) -> str:
        return "en" if self.lang == EN else "zh-Hant-TW"

    @property
    def csrf_header(self) -> str:
        """`hx-headers` for <body>: htmx sends the CSRF token with every request."""
        token = self.who.session.csrf_token if self.who else ""
        return json.dumps({CSRF_HEADER: token})


def render(
    screen: Screen, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    response = TEMPLATES.TemplateResponse(
        screen.request, template, {"page": screen, **(context or {})}, status_code=status_code
    )
    response.headers.update(HEADERS)
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


async def optional_sign_in(request: Request, db: SessionDep) -> SignedIn | None:
    """The cookie's live session, or None (the caller shows the sign-in form)."""
    token = request.cookies.get(COOKIE_NAME)
    try:
        return await sign_in_from(db, request, token=token, by_cookie=True)
    except DeskError:
        return None


async def console_staff(request: Request, db: SessionDep) -> SignedIn:
    """A signed-in staff member who may work conversations; htmx is sent to sign-in."""
    token = request.cookies.get(COOKIE_NAME)
    try:
        who = await sign_in_from(db, request, token=token, by_cookie=True)
        require(who.staff, Permission.CONVERSATIONS)
    except DeskError as exc:
        headers = {"HX-Redirect": "/console"} if exc.status_code == 401 else {}
        raise HTTPException(exc.status_code, exc.message, headers=headers) from exc
    return who


MaybeSignedIn = Annotated[SignedIn | None, Depends(optional_sign_in)]
ConsoleStaff = Annotated[SignedIn, Depends(console_staff)]
