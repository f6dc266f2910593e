"""Run each sender's jobs one after another, in arrival order, in the background.

One in-process queue per key; different citizens run concurrently. With several desk
workers (production) a message of one citizen may land in either process, so each job
also waits for its turn in a Redis list per citizen (`RedisTurns`, when REDIS_URL is set):
a ticket is taken as the job is submitted (right after the message was stored) and tickets
are served first come, first served across processes. (Two messages of one citizen stored
by two workers within the same few milliseconds may swap; a person typing cannot.)
A holder that died is skipped after a grace period; a lost Redis (down, restarted) never
blocks a job — it runs with the in-process order only, and nothing stays held."""

import asyncio
import hashlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]
# A place in a citizen's cross-process line, taken when the job is submitted: the ticket,
# or None when Redis could not be reached.
Reservation = asyncio.Task[str | None]


class Turns(Protocol):
    def reserve(self, key: str) -> Reservation:
        """Take a place in this key's line now (submit order = line order)."""
        ...

    def turn(self, key: str, reservation: Reservation) -> AbstractAsyncContextManager[None]:
        """Wait for the reserved place to come first and hold it while the job runs."""
        ...

    async def aclose(self) -> None: ...


# Jobs (Rasa turns) running at once in one process. Each mostly waits for Rasa, so a few
# keep Rasa busy; the bound keeps a burst's turns from crowding the event loop that also
# acknowledges webhooks (a queued job costs nothing until its slot comes).
MAX_RUNNING = 8


class SerialQueues:
    def __init__(
        self,
        turns: Turns | None = None,
        *,
        max_running: int = MAX_RUNNING,
        acks_first: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._queues: dict[str, asyncio.Queue[tuple[Job, Reservation | None]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._turns = turns
        self._running = asyncio.Semaphore(max_running)
        # Awaited before each job: returns once this process's webhooks are acked
        # (bot/gateway/ackfirst.py).
        self._acks_first = acks_first

    def submit(self, key: str, job: Job) -> None:
        reservation = self._turns.reserve(key) if self._turns is not None else None
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = asyncio.Queue()
            task = asyncio.create_task(self._drain(key, queue))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        queue.put_nowait((job, reservation))

    async def _drain(self, key: str, queue: asyncio.Queue[tuple[Job, Reservation | None]]) -> None:
        while not queue.empty():
            job, reservation = queue.get_nowait()
            try:
                if self._turns is None or reservation is None:
                    await self._run(job)
                else:
                    async with self._turns.turn(key, reservation):
                        await self._run(job)
            except Exception:
                # The message is stored: the delivery worker picks up what failed here.
                log.exception("background job failed")
        # No await between the empty check and the removal: no job can slip in between.
        del self._queues[key]

    async def _run(self, job: Job) -> None:
        # A slot is taken only once the cross-process turn is ours: a job holding a slot
        # never waits for another process, so slots cannot deadlock across processes.
        if self._acks_first is not None:
            await self._acks_first()
        async with self._running:
            await job()

    async def idle(self) -> None:
        """Wait until every submitted job has run (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        await self.idle()
        if self._turns is not None:
            await self._turns.aclose()


# Each step of a turn is one script, so one round trip to Redis (it runs atomically there):
# a turn costs three round trips, two of them before the job — the citizen waits for those.
_PUSH = """
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
"""
# 1: ours (or the line is gone: Redis restarted) — marked as held; 0: our ticket is gone from
# a line that exists — do not wait for nothing; otherwise the head ticket we wait behind.
_TAKE_IF_FIRST = """
local head = redis.call('LINDEX', KEYS[1], 0)
if head == false or head == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  return 1
end
if redis.call('LPOS', KEYS[1], ARGV[1]) == false then return 0 end
return head
"""
_LEAVE = """
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('LREM', KEYS[1], 1, ARGV[1])
"""


class RedisTurns:
    """First come, first served per key across processes: a Redis list of tickets."""

    def __init__(
        self,
        redis: Redis,
        *,
        poll: float = 0.02,
        grace: float = 30.0,
        hold: float = 120.0,
        prefix: str = "desk:turns:",
    ) -> None:
        self._redis = redis
        self._poll = poll
        # A head ticket not marked as held for this long belongs to a dead process.
        self._grace = grace
        # How long a running job's mark lasts (far beyond the Rasa timeout and one send).
        self._hold_ms = int(hold * 1000)
        self._prefix = prefix
        self._reserving: dict[str, Reservation] = {}
        self._push = redis.register_script(_PUSH)
        self._take_if_first = redis.register_script(_TAKE_IF_FIRST)
        self._leave_script = redis.register_script(_LEAVE)

    @classmethod
    def from_url(cls, url: str) -> "RedisTurns":
        redis = Redis.from_url(
            url, socket_timeout=2, socket_connect_timeout=2, decode_responses=True
        )
        return cls(redis)

    def _list_key(self, key: str) -> str:
        # Hashed: no platform user id in Redis. In braces: the line and its mark share a
        # cluster slot, as a script's keys must.
        return self._prefix + "{" + hashlib.sha256(key.encode()).hexdigest()[:32] + "}"

    def reserve(self, key: str) -> Reservation:
        # One key's tickets are pushed one after another, so they keep the submit order.
        previous = self._reserving.get(key)
        reservation = asyncio.create_task(self._push_ticket(self._list_key(key), previous))
        self._reserving[key] = reservation
        reservation.add_done_callback(lambda done: self._forget(key, done))
        return reservation

    def _forget(self, key: str, done: Reservation) -> None:
        if self._reserving.get(key) is done:
            del self._reserving[key]

    async def _push_ticket(self, queue: str, previous: Reservation | None) -> str | None:
        if previous is not None:
            await asyncio.gather(previous, return_exceptions=True)
        ticket = uuid.uuid4().hex
        try:
            await self._push(keys=[queue], args=[ticket, self._hold_ms * 5])
        except RedisError as exc:
            log.warning("redis unavailable, per-sender order kept in this process only: %s", exc)
            return None
        return ticket

    @asynccontextmanager
    async def turn(self, key: str, reservation: Reservation) -> AsyncIterator[None]:
        queue, ticket = self._list_key(key), await reservation
        if ticket is None:
            yield
            return
        try:
            await self._wait_for_head(queue, ticket)
        except RedisError as exc:
            log.warning("redis unavailable, per-sender order kept in this process only: %s", exc)
        try:
            yield
        finally:
            await self._leave(queue, ticket)

    async def _wait_for_head(self, queue: str, ticket: str) -> None:
        """Until our ticket is first (then marked as held by us) or gone."""
        seen: tuple[str, float] | None = None  # the head and since when
        keys = [queue, queue + ":held"]
        while True:
            answer = await self._take_if_first(keys=keys, args=[ticket, self._hold_ms])
            if answer in (0, 1):
                return
            head = str(_text(answer))
            now = time.monotonic()
            if seen is None or seen[0] != head:
                seen = (head, now)
            elif now - seen[1] > self._grace and await self._abandoned(queue, head):
                log.warning("skipping a per-sender turn left by a stopped process")
                await self._redis.lrem(queue, 1, head)
            await asyncio.sleep(self._poll)

    async def _abandoned(self, queue: str, head: str) -> bool:
        held = _text(await self._redis.get(queue + ":held"))
        return held != head

    async def _leave(self, queue: str, ticket: str) -> None:
        try:
            # The mark first (in the script): once the ticket is gone the next may set its own.
            await self._leave_script(keys=[queue, queue + ":held"], args=[ticket])
        except RedisError as exc:
            log.warning("redis unavailable, per-sender turn left to expire: %s", exc)

    async def settled(self) -> None:
        """Every ticket asked for so far is in Redis (or given up)."""
        await asyncio.gather(*self._reserving.values(), return_exceptions=True)

    async def aclose(self) -> None:
        await self.settled()
        await self._redis.aclose()


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
