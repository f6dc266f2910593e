"""The sign-in flow shared by the API and the console: throttle, verify, open a session."""

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import Settings
from api.core.errors import Unauthorized
from api.staff import service, sessions
from api.staff.models import Staff
from api.staff.security import COOKIE_NAME
from api.staff.throttle import LoginThrottle, make_throttle


class LoginThrottled(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins, retry after {retry_after} s")
        self.retry_after = retry_after


def _redis_url(settings: Settings) -> str | None:
    url: object = settings.redis_url
    # Tolerates the URL being a plain string or a pydantic SecretStr.
    reveal = getattr(url, "get_secret_value", None)
    value = reveal() if callable(reveal) else url
    return str(value) if value else None


async def login_throttle(request: Request) -> LoginThrottle:
    """One throttle per app, made on first use (in memory, or Redis when configured)."""
    throttle: LoginThrottle | None = getattr(request.app.state, "login_throttle", None)
    if throttle is None:
        throttle = make_throttle(_redis_url(request.app.state.settings))
        request.app.state.login_throttle = throttle
    return throttle


ThrottleDep = Annotated[LoginThrottle, Depends(login_throttle)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def log_in(
    db: AsyncSession, throttle: LoginThrottle, *, email: str, password: str, address: str
) -> tuple[Staff, sessions.OpenedSession]:
    """Refused without hashing while throttled; a failure counts for account and address."""
    wait = await throttle.retry_after(email=email, address=address)
    if wait:
        raise LoginThrottled(wait)
    try:
        staff = await service.authenticate(db, email=email, password=password)
    except Unauthorized:
        await throttle.failed(email=email, address=address)
        raise
    await throttle.succeeded(email=email)
    opened = sessions.open_session(db, staff)
    await db.flush()
    return staff, opened


def set_session_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(sessions.MAX_AGE.total_seconds()),
        httponly=True,
        secure=secure,
        samesite="strict",
        path="/",
    )


def throttled_response(exc: LoginThrottled) -> JSONResponse:
    body = {"error": "too_many_requests", "message": str(exc)}
    headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse(status_code=429, content=body, headers=headers)
