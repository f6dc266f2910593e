"""Web-chat rate limits per citizen (cookie identity) and per client address.

The counts live in the login throttle's store (api/staff/throttle.py): in memory for the
embedded default, in Redis when `REDIS_URL` is set so every desk worker sees the same
counts. A refused message is not counted: a citizen who waits gets through again."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from redis.asyncio import Redis
from starlette.requests import HTTPConnection

from api.core.config_groups import ChatRateSettings
from api.staff.throttle import FailureCounter, Limit, MemoryCounter, RedisCounter
from textkit.bilingual import Bilingual

SLOW_DOWN = Bilingual(
    "訊息有點多，請稍候 {seconds} 秒再傳送，我們會逐一回覆。",
    "That is a lot of messages at once. Please wait {seconds} s before sending more;"
    " we answer every one.",
)


class ChatRateLimiter:
    """Admit a message while both the citizen's and the address's counts are under limit."""

    def __init__(self, counter: FailureCounter, settings: ChatRateSettings) -> None:
        self.counter = counter
        self._citizen = Limit(settings.per_citizen, settings.citizen_window_seconds)
        self._address = Limit(settings.per_address, settings.address_window_seconds)

    def _keys(self, citizen: str, address: str) -> list[tuple[str, Limit]]:
        return [(f"citizen:{citizen}", self._citizen), (f"address:{address}", self._address)]

    async def admit(self, *, citizen: str, address: str) -> int | None:
        """None when the message may go on (and it is counted); else seconds to wait."""
        keys = self._keys(citizen, address)
        waits = [await self.counter.retry_after(key, limit) for key, limit in keys]
        wait = max((w for w in waits if w), default=None)
        if wait is None:
            for key, limit in keys:
                await self.counter.record_failure(key, limit)
        return wait


def make_limiter(redis_url: str | None, settings: ChatRateSettings) -> ChatRateLimiter:
    counter: FailureCounter
    if redis_url:
        counter = RedisCounter(Redis.from_url(redis_url), prefix="desk:chat-rate:")
    else:
        counter = MemoryCounter()
    return ChatRateLimiter(counter, settings)


def use_chat_limiter(app: FastAPI, limiter: ChatRateLimiter) -> None:
    """Keep the app's one limiter (desk/app.py as the app starts; tests with tighter limits)."""
    app.state.chat_limiter = limiter


async def chat_limiter_of(connection: HTTPConnection) -> ChatRateLimiter:
    """The running app's limiter, for a request (a FastAPI dependency)."""
    limiter = getattr(connection.app.state, "chat_limiter", None)
    if not isinstance(limiter, ChatRateLimiter):
        raise RuntimeError(
            "the web chat's rate limiter is not set up: start the app's lifespan first "
            "(desk/app.py calls use_chat_limiter)"
        )
    return limiter


def too_many(wait: int, language: str) -> JSONResponse:
    """429 for the API; the chat page shows `message`, polite and in the citizen's language."""
    body = {
        "error": "too_many_requests",
        "message": SLOW_DOWN.format(seconds=wait).pick(language),
        "detail": {"retry_after": wait},
    }
    return JSONResponse(status_code=429, content=body, headers={"Retry-After": str(wait)})


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
