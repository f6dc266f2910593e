"""Sign-in screen: an ordinary form (works before any script loads), the same throttled
flow as the API; sign-out and the language switch."""

import math
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.core.deps import SessionDep, SettingsDep
from api.core.errors import Forbidden, Unauthorized
from api.staff import sessions
from api.staff.login import LoginThrottled, ThrottleDep, client_address, log_in, set_session_cookie
from api.staff.security import COOKIE_NAME
from desk.console.web import LANGUAGE_COOKIE, Screen, render
from textkit.language import EN, ZH

router = APIRouter(prefix="/console")


def sign_in_screen(
    request: Request, *, error: str = "", email: str = "", status_code: int = 200
) -> Response:
    """The form; after a refusal it keeps the e-mail typed, so only the password is retyped."""
    return render(Screen(request), "signin.html", {"error": error, "email": email}, status_code)


def _same_origin(request: Request) -> None:
    """Another site must not sign a browser in (login CSRF): browsers send Origin on POST."""
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.headers.get("Host"):
        raise Forbidden("cross-site sign-in refused")


@router.post("/login")
async def sign_in(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    """Anyone: the sign-in form; a session cookie and the inbox on success."""
    _same_origin(request)
    screen = Screen(request)
    try:
        _, opened = await log_in(
            db, throttle, email=email, password=password, address=client_address(request)
        )
    except LoginThrottled as exc:
        error = screen.t("throttled", minutes=math.ceil(exc.retry_after / 60))
        response = sign_in_screen(request, error=error, email=email, status_code=429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except Unauthorized:
        error = screen.t("wrong_password")
        return sign_in_screen(request, error=error, email=email, status_code=401)
    redirect = RedirectResponse("/console", status_code=303)
    set_session_cookie(redirect, opened.token, secure=settings.secure_cookies)
    return redirect


@router.post("/logout")
async def sign_out(request: Request, db: SessionDep) -> Response:
    """Anyone: end the session on the server and go back to the sign-in form."""
    await sessions.end(db, request.cookies.get(COOKIE_NAME))
    response = Response(status_code=204, headers={"HX-Redirect": "/console"})
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


@router.get("/lang/{language}")
async def switch_language(language: str) -> Response:
    """Anyone: show the console in zh-TW or English (a preference cookie, nothing else)."""
    response = RedirectResponse("/console", status_code=303)
    chosen = EN if language == EN else ZH
    response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 86400, samesite="strict")
    return response
