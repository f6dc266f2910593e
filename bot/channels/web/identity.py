"""The web citizen's identity: a random id in a signed, HttpOnly cookie."""

import secrets

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "desk_web"
MAX_AGE = 60 * 60 * 24 * 180


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="web-chat-identity")


def read(request: Request, secret: str) -> str | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        value = _serializer(secret).loads(raw)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def issue(response: Response, secret: str, *, secure: bool) -> str:
    web_id = secrets.token_urlsafe(16)
    response.set_cookie(
        COOKIE,
        _serializer(secret).dumps(web_id),
        max_age=MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return web_id
