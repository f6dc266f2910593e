"""Serve one request in-process before the worker takes real ones. FastAPI builds every
route's state (dependencies, body and response fields of ~170 routes) on the first request
a process serves: 0.2–1 s of CPU, which a restarted worker's first webhooks — acks a
platform is waiting for — would otherwise pay."""

from starlette.types import ASGIApp, Message

WARM_UP_PATH = "/healthz"


async def warm_up(app: ASGIApp) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": WARM_UP_PATH,
        "raw_path": WARM_UP_PATH.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 0),
        "server": ("localhost", 0),
        "state": {},
    }
    statuses: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)
    if statuses != [200]:
        raise RuntimeError(f"warm-up request {WARM_UP_PATH} answered {statuses}")
