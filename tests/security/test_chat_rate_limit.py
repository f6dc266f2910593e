"""Web-chat rate limits: per citizen and per address, a polite 429 in the citizen's language."""

import uuid

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.requests import HTTPConnection

from api.core.config import Settings
from api.core.config_groups import ChatRateSettings
from api.privacy.tracker import tracker_of
from api.staff.throttle import MemoryCounter, RedisCounter
from bot.channels.web.limits import ChatRateLimiter, chat_limiter_of, use_chat_limiter
from desk.app import create_app

TIGHT = ChatRateSettings(per_citizen=2, per_address=3)


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://desk.test")


async def _send(client: httpx.AsyncClient, text: str) -> httpx.Response:
    body = {"client_message_id": uuid.uuid4().hex[:16], "text": text}
    return await client.post("/chat/messages", json=body)


async def test_a_citizen_over_the_limit_gets_a_polite_429_in_their_language(
    app: FastAPI,
) -> None:
    use_chat_limiter(app, ChatRateLimiter(MemoryCounter(), TIGHT))
    async with _client(app) as client:
        await client.get("/")
        assert (await _send(client, "你好")).status_code == 200
        assert (await _send(client, "你好")).status_code == 200
        chinese = await _send(client, "還在嗎")
        english = await _send(client, "hello?")
    assert chinese.status_code == 429
    assert int(chinese.headers["Retry-After"]) >= 1
    assert "請稍候" in chinese.json()["message"]
    assert english.json()["message"].startswith("That is a lot of messages")


async def test_one_citizens_flood_leaves_another_citizen_alone_until_the_address_limit(
    app: FastAPI,
) -> None:
    use_chat_limiter(app, ChatRateLimiter(MemoryCounter(), TIGHT))
    async with _client(app) as flooder, _client(app) as neighbour:
        await flooder.get("/")
        await neighbour.get("/")
        codes = [(await _send(flooder, "spam")).status_code for _ in range(4)]
        assert codes == [200, 200, 429, 429]
        assert (await _send(neighbour, "hi")).status_code == 200
        # Same address (the test transport's): the address's limit of 3 is reached now.
        assert (await _send(neighbour, "hi again")).status_code == 429


async def test_counts_in_redis_are_shared_by_every_limiter() -> None:
    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        await redis.ping()
    except (RedisError, OSError):
        await redis.aclose()
        pytest.skip("Redis not reachable")
    prefix = f"test:chat-rate:{uuid.uuid4().hex}:"
    first = ChatRateLimiter(RedisCounter(redis, prefix=prefix), TIGHT)
    second = ChatRateLimiter(RedisCounter(redis, prefix=prefix), TIGHT)
    try:
        assert await first.admit(citizen="a", address="10.0.0.1") is None
        assert await second.admit(citizen="a", address="10.0.0.1") is None
        wait = await first.admit(citizen="a", address="10.0.0.1")
        assert wait is not None and 1 <= wait <= TIGHT.citizen_window_seconds
    finally:
        keys = [key async for key in redis.scan_iter(prefix + "*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()


async def test_an_app_that_has_not_started_says_so_instead_of_making_a_limiter(
    settings: Settings,
) -> None:
    app = create_app(settings)  # its lifespan has not run: nothing set up yet
    with pytest.raises(RuntimeError, match="rate limiter is not set up"):
        await chat_limiter_of(HTTPConnection({"type": "http", "app": app}))
    with pytest.raises(RuntimeError, match="tracker store is not set up"):
        tracker_of(app)
