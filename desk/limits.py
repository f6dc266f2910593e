"""Request body limits, enforced before a body is read whole (pure ASGI middleware).

A declared `Content-Length` over the route family's limit is refused with 413 before the
app runs; a chunked body is counted as it streams and refused as soon as the count passes
the limit (the app then sees a disconnect and its own answer is dropped). uvicorn stops
reading the socket while the app is not asking for more, so memory stays flat.
"""

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.config_groups import BodyLimits


def limit_for_path(limits: BodyLimits, path: str) -> int:
    """The limit for a request path (the family is decided by the path alone)."""
    if path.startswith("/webhooks/"):
        return limits.webhooks
    if path.startswith("/chat/"):
        return limits.chat
    if path.endswith("/login"):
        return limits.login
    if "/evidence" in path or path.startswith("/uploads"):
        return limits.uploads
    return limits.default


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "error": "payload_too_large",
            "message": f"the request body is over {limit} bytes",
            "detail": {"limit": limit},
        }
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for_path(self.limits, scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        await self.app(scope, *_Counted(receive, send, limit).channels())


class _Counted:
    """One request's receive/send pair that counts body bytes and answers 413 itself."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive = receive
        self._send = send
        self._limit = limit
        self._received = 0
        self._started = False
        self._refused = False
        self._answered = False

    def channels(self) -> tuple[Receive, Send]:
        return self.receive, self.send

    async def receive(self) -> Message:
        if self._refused:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                await self._refuse()
                return {"type": "http.disconnect"}
        return message

    async def _refuse(self) -> None:
        self._refused = True
        if not self._started:  # an app that answered before reading keeps its answer
            self._answered = True
            await _refuse(self._send, self._limit)

    async def send(self, message: Message) -> None:
        if self._answered:
            return  # the 413 is already the answer; whatever the app says after is dropped
        if message["type"] == "http.response.start":
            self._started = True
        await self._send(message)


def install_body_limits(app: Any, limits: BodyLimits) -> None:
    """Register outermost-but-one (inside Starlette's error middleware)."""
    app.add_middleware(BodyLimitMiddleware, limits=limits)
