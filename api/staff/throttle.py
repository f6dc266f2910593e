"""Failed-login throttling per account and per address, in fixed windows.

In memory for the embedded default (one process); Redis when `redis_url` is set, so
every desk worker sees the same counts."""

import math
import time
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis


@dataclass(frozen=True)
class Limit:
    failures: int
    window_seconds: int


# An account is a guessing target; an address may be a whole office behind one NAT.
ACCOUNT_LIMIT = Limit(failures=10, window_seconds=15 * 60)
ADDRESS_LIMIT = Limit(failures=50, window_seconds=15 * 60)


class FailureCounter(Protocol):
    async def retry_after(self, key: str, limit: Limit) -> int | None:
        """Seconds until `key` may try again, or None when it may try now."""

    async def record_failure(self, key: str, limit: Limit) -> None: ...

    async def reset(self, key: str) -> None: ...


class MemoryCounter:
    """Counts in this process only: right for one embedded desk app."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[int, float]] = {}

    def _live(self, key: str) -> tuple[int, float] | None:
        found = self._windows.get(key)
        if found and found[1] <= time.monotonic():
            del self._windows[key]
            return None
        return found

    async def retry_after(self, key: str, limit: Limit) -> int | None:
        found = self._live(key)
        if found is None or found[0] < limit.failures:
            return None
        return max(1, math.ceil(found[1] - time.monotonic()))

    async def record_failure(self, key: str, limit: Limit) -> None:
        count, ends = self._live(key) or (0, time.monotonic() + limit.window_seconds)
        self._windows[key] = (count + 1, ends)

    async def reset(self, key: str) -> None:
        self._windows.pop(key, None)


class RedisCounter:
    """Counts shared by every worker: INCR on a key that expires with its window."""

    def __init__(self, redis: Redis, prefix: str = "desk:login-failures:") -> None:
        self._redis = redis
        self._prefix = prefix

    async def retry_after(self, key: str, limit: Limit) -> int | None:
        name = self._prefix + key
        count = await self._redis.get(name)
        if count is None or int(count) < limit.failures:
            return None
        ttl = int(await self._redis.ttl(name))
        return ttl if ttl > 0 else 1

    async def record_failure(self, key: str, limit: Limit) -> None:
        name = self._prefix + key
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, limit.window_seconds, nx=True)
            await pipe.execute()

    async def reset(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)


class LoginThrottle:
    """Both limits over one counter store; a login is refused while either is reached."""

    def __init__(self, counter: FailureCounter) -> None:
        self.counter = counter

    @staticmethod
    def _keys(email: str, address: str) -> list[tuple[str, Limit]]:
        return [
            (f"account:{email.strip().lower()}", ACCOUNT_LIMIT),
            (f"address:{address}", ADDRESS_LIMIT),
        ]

    async def retry_after(self, *, email: str, address: str) -> int | None:
        waits = [await self.counter.retry_after(k, lim) for k, lim in self._keys(email, address)]
        return max((w for w in waits if w), default=None)

    async def failed(self, *, email: str, address: str) -> None:
        for key, limit in self._keys(email, address):
            await self.counter.record_failure(key, limit)

    async def succeeded(self, *, email: str) -> None:
        await self.counter.reset(f"account:{email.strip().lower()}")


def make_throttle(redis_url: str | None) -> LoginThrottle:
    if redis_url:
        return LoginThrottle(RedisCounter(Redis.from_url(redis_url)))
    return LoginThrottle(MemoryCounter())
