"""Serve one request in-process before the worker takes real ones. FastAPI builds every
route's state (dependencies, body and response fields of ~170 routes) on the first request
a process serves: 0.2–1 s of CPU, which a restarted worker's first webhooks — acks a
platform is waiting for — would otherwise pay."""

from starlette.types import ASGIApp, Message, Scope

WARM_UP_PATH = "/healthz"


def http_scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> Scope:
    """An HTTP request's ASGI scope, for calling the app in-process (no server)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), *headers],
        "client": ("127.0.0.1", 0),
        "server": ("localhost", 0),
        "state": {},
    }


async def warm_up(app: ASGIApp) -> None:
    scope = http_scope("GET", WARM_UP_PATH, [])
    statuses: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)
    if statuses != [200]:
        raise RuntimeError(f"warm-up request {WARM_UP_PATH} answered {statuses}")
