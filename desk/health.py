"""Health endpoints: liveness, readiness (can this worker take and store a message?) and a
report naming every part that is down (database, Redis, each Rasa server, action server).

Rasa or the action server being down does not make the desk unready: it still stores each
message and tells the citizen it will answer; the backlog is answered after the restart."""

import asyncio
from collections.abc import Coroutine
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core.config import Settings

router = APIRouter(tags=["ops"])
TIMEOUT = 2.0
PartsReport = dict[str, str]
# Each check returns None when its part is up, else why not (or raises).
Checks = dict[str, Coroutine[Any, Any, str | None]]
_DOWN = {"description": "A part is down; `parts` names it", "content": {"application/json": {}}}


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness for the launcher and process managers: the process answers."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: _DOWN})
async def readyz(request: Request) -> JSONResponse:
    """Readiness for a load balancer: the database (and Redis when configured) answer."""
    settings: Settings = request.app.state.settings
    checks: Checks = {"database": _database(request.app.state.engine)}
    if settings.redis_url:
        checks["redis"] = _redis(settings.redis_url)
    return _report(await _run(checks))


@router.get("/health", responses={503: _DOWN})
async def health(request: Request) -> JSONResponse:
    """Every part the desk depends on, each `up` or `down: why`; 503 when one is down."""
    settings: Settings = request.app.state.settings
    checks: Checks = {"database": _database(request.app.state.engine)}
    if settings.redis_url:
        checks["redis"] = _redis(settings.redis_url)
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        for url in settings.rasa_servers:
            checks[f"rasa {url}"] = _http(client, url.rstrip("/") + "/")
        if settings.actions_url:
            checks["action server"] = _http(client, settings.actions_url.rstrip("/") + "/health")
        return _report(await _run(checks))


async def _run(checks: Checks) -> PartsReport:
    names = list(checks)
    outcomes = await asyncio.gather(*checks.values(), return_exceptions=True)
    return {
        name: "up" if outcome is None else f"down: {_why(outcome)}"
        for name, outcome in zip(names, outcomes, strict=True)
    }


def _why(outcome: object) -> str:
    if isinstance(outcome, BaseException):
        return str(outcome).splitlines()[0][:200] if str(outcome) else type(outcome).__name__
    return str(outcome)


def _report(parts: PartsReport) -> JSONResponse:
    healthy = all(state == "up" for state in parts.values())
    body = {"status": "ok" if healthy else "degraded", "parts": parts}
    return JSONResponse(body, status_code=200 if healthy else 503)


async def _database(engine: AsyncEngine) -> str | None:
    async with asyncio.timeout(TIMEOUT), engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    return None


async def _redis(url: str) -> str | None:
    redis = Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
    try:
        await redis.ping()
    finally:
        await redis.aclose()
    return None


async def _http(client: httpx.AsyncClient, url: str) -> str | None:
    """None when the server answers 200, else why not."""
    try:
        response = await client.get(url)
    except httpx.HTTPError as exc:
        return type(exc).__name__
    return None if response.status_code == 200 else f"HTTP {response.status_code}"
