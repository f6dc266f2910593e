"""Body limits hold before the body is read whole: a declared length is refused at once,
a streamed body as soon as its count passes the route family's limit."""

from collections.abc import AsyncIterator

import httpx
from starlette.types import Message, Receive, Scope, Send

from api.core.config_groups import MIB, BodyLimits
from desk.limits import BodyLimitMiddleware, limit_for_path

LIMITS = BodyLimits(webhooks=1000, chat=500, login=100, uploads=5000, default=200)


def _scope(path: str, headers: list[tuple[bytes, bytes]]) -> Scope:
    return {"type": "http", "method": "POST", "path": path, "headers": headers}


class Reader:
    """An app that reads the whole body, the way a route does."""

    def __init__(self) -> None:
        self.called = False
        self.body = b""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _run(
    path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]
) -> tuple[Reader, list[Message], int]:
    app = Reader()
    sent: list[Message] = []
    pulled = 0

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        body = chunks[pulled - 1]
        return {"type": "http.request", "body": body, "more_body": pulled < len(chunks)}

    async def send(message: Message) -> None:
        sent.append(message)

    await BodyLimitMiddleware(app, LIMITS)(_scope(path, headers), receive, send)
    return app, sent, pulled


def test_each_route_family_has_its_limit() -> None:
    assert limit_for_path(LIMITS, "/webhooks/line") == 1000
    assert limit_for_path(LIMITS, "/chat/messages") == 500
    assert limit_for_path(LIMITS, "/api/auth/login") == 100
    assert limit_for_path(LIMITS, "/console/login") == 100
    assert limit_for_path(LIMITS, "/api/cases/KHH-2026-000001/evidence") == 5000
    assert limit_for_path(LIMITS, "/api/faq/entries") == 200
    assert BodyLimits().default == 1 * MIB


async def test_a_declared_length_over_the_limit_is_refused_before_the_app_runs() -> None:
    app, sent, pulled = await _run("/chat/messages", [b"x"], [(b"content-length", b"52428800")])
    assert not app.called
    assert pulled == 0
    assert sent[0]["status"] == 413


async def test_a_streamed_body_is_refused_as_soon_as_the_count_passes_the_limit() -> None:
    chunks = [b"x" * 100] * 1000  # 100 kB announced by nobody (chunked)
    app, sent, pulled = await _run("/chat/messages", chunks, [])
    assert pulled == 6  # 600 bytes > 500: nothing more is read
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [413]
    assert len(app.body) == 500


async def test_a_body_within_the_limit_reaches_the_app() -> None:
    app, sent, _ = await _run("/webhooks/line", [b"x" * 400, b"y" * 400], [])
    assert app.body == b"x" * 400 + b"y" * 400
    assert sent[0]["status"] == 200


async def test_the_desk_refuses_a_large_chat_message_with_the_error_envelope(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    response = await client.post(
        "/chat/messages", content=b"{" + b" " * (BodyLimits().chat + 1) + b"}"
    )
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


async def test_the_desk_refuses_a_chunked_login_body(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b" " * 1024

    response = await client.post(
        "/api/auth/login", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
