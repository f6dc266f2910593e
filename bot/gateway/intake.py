"""Group commit for inbound events: every webhook must store its event before it acks, and
under a burst one transaction per event (about eight statements and a durable commit each,
on a pool narrower than the burst) made the ack slow. Concurrent callers queue their event
and wait; one task stores everything queued so far in ONE transaction
(api/conversations/intake.py) and answers each caller, then takes what queued meanwhile.
A lone event is stored at once (no waiting for company); under load batches grow by
themselves to what arrives during one commit."""

import asyncio
import logging

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conversations.intake import NewInbound, StoredInbound, store_batch
from api.core.db import is_disconnect, session_scope

log = logging.getLogger(__name__)
# Events per transaction: bounds the statement size (SQLite's parameter limit) and the time
# a batch holds the database's write lock.
BATCH_LIMIT = 100
# A platform that gets 503 sends the event again (LINE with redelivery on, Telegram always).
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_MESSAGE = (
    "系統暫時無法接收訊息，請稍後再送一次。 / We cannot take messages right now; please send it"
    " again in a moment."
)

_Waiting = tuple[NewInbound, "asyncio.Future[StoredInbound | None]"]


class StoreUnavailable(Exception):
    """The database could not be reached: the event was not stored (or its commit may have
    gone through: a redelivery is then a duplicate, and the claim is handed back by the
    delivery worker's stale sweep)."""


async def retry_later(request: Request, exc: Exception) -> JSONResponse:
    """Every channel route's answer when its event could not be stored (an exception handler,
    bot/gateway/mount.py): 503, so LINE and Telegram deliver the event again; the web chat's
    page shows the citizen the message (both languages: it does not know which yet)."""
    log.warning("%s: event not stored, asked to send it again: %s", request.url.path, exc)
    return JSONResponse(
        status_code=503,
        content={"error": "unavailable", "message": UNAVAILABLE_MESSAGE},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class Intake:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], *, limit: int = BATCH_LIMIT
    ) -> None:
        self._sessions = sessionmaker
        self._limit = limit
        self._waiting: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None

    async def store(self, event: NewInbound) -> StoredInbound | None:
        """Store (committed) before returning; None for a redelivery. Events of one caller
        after another keep their order: the queue is first come, first stored."""
        future: asyncio.Future[StoredInbound | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((event, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._waiting:
            batch = self._waiting[: self._limit]
            del self._waiting[: self._limit]
            try:
                await self._store(batch)
            except BaseException:
                # Cancelled (shutdown): nobody is left to store what waits.
                for _, future in batch + self._waiting:
                    future.cancel()
                self._waiting.clear()
                raise

    async def _store(self, batch: list[_Waiting]) -> None:
        """One transaction for the batch. An error that is not a lost database fails the
        events alone, each in its own transaction, so one bad event fails only its caller."""
        try:
            results = await self._commit([event for event, _ in batch])
        except Exception as exc:
            if len(batch) == 1 or is_disconnect(exc):
                _fail(batch, exc)
                return
            log.warning(
                "batch of %d failed (%s), storing one by one", len(batch), type(exc).__name__
            )
            for waiting in batch:
                await self._store([waiting])
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():  # its caller gave up (a client that hung up)
                future.set_result(result)

    async def _commit(self, events: list[NewInbound]) -> list[StoredInbound | None]:
        async with session_scope(self._sessions) as session:
            return await store_batch(session, events)


def _fail(batch: list[_Waiting], exc: Exception) -> None:
    for _, future in batch:
        if future.done():
            continue
        if is_disconnect(exc):
            unavailable = StoreUnavailable(f"database unreachable: {type(exc).__name__}")
            unavailable.__cause__ = exc
            future.set_exception(unavailable)
        else:
            future.set_exception(exc)
