"""The tracker store the Rasa servers run with: Rasa's SQLTrackerStore, made to survive a
database restart and never to answer a citizen from an empty history.

Rasa wraps every tracker store in a FailSafeTrackerStore, which turns a failed read into
"no tracker" (the conversation starts again from nothing, mid-complaint or not) and a failed
write into a copy in memory (the turn is missing from the history the next turn reads).
Here instead:
* pooled connections are checked before use, so the first turn after PostgreSQL restarted
  does not meet a connection the restart closed;
* a database error is retried for a few seconds (a restart, a failover);
* a database that stays unreachable fails the turn. TrackerStoreUnavailable derives from
  asyncio.CancelledError, the one exception FailSafeTrackerStore lets through; Rasa's REST
  channel then answers with the messages it has (none, if the read failed), which the desk
  treats as a failed turn: the message stays stored, the citizen is told it will be
  answered, and the turn is retried."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import InterfaceError, OperationalError

logger = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_SECONDS = 5.0
RETRY_PAUSE_SECONDS = 0.5
CONNECT_TIMEOUT_SECONDS = 3
# Connection refused, closed under a query, "database is locked": worth another try.
TRANSIENT = (OperationalError, InterfaceError)


class TrackerStoreUnavailable(asyncio.CancelledError):
    """The tracker store's database did not answer in time: the turn fails instead of
    running on an empty (read) or forgotten (write) history."""


class DeskTrackerStore(SQLTrackerStore):
    """SQLTrackerStore (same tables, same settings) with checked connections, retries and
    a turn that fails rather than forgets. `retry_seconds` may be set in endpoints.yml."""

    def __init__(self, *args: Any, retry_seconds: float = RETRY_SECONDS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_seconds = float(retry_seconds)
        url = self.engine.url
        self.engine.dispose()
        # hide_parameters: an error's text then names no sender id and no citizen's words
        # (Rasa logs the errors it catches).
        self.engine = sa.create_engine(
            url, pool_pre_ping=True, hide_parameters=True, **_engine_options(url)
        )
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._persistently("read", lambda: SQLTrackerStore.retrieve(self, sender_id))

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        read = SQLTrackerStore.retrieve_full_tracker
        return await self._persistently("read", lambda: read(self, sender_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Saving again after a failure stores only the events the database lacks (Rasa
        # counts what it holds), so a retry cannot store an event twice.
        await self._persistently("write", lambda: SQLTrackerStore.save(self, tracker))

    async def _persistently(self, what: str, operation: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                return await operation()
            except TRANSIENT as error:
                reason = _reason(error)
                if time.monotonic() >= deadline:
                    logger.error("tracker store %s failed, the turn fails: %s", what, reason)
                    raise TrackerStoreUnavailable(f"tracker store {what} failed") from error
                logger.warning("tracker store %s failed, trying again: %s", what, reason)
                await asyncio.sleep(RETRY_PAUSE_SECONDS)


def _reason(error: Exception) -> str:
    """The database driver's own first line (no SQL, no parameters)."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}"


def _engine_options(url: sa.engine.URL) -> dict[str, Any]:
    """Rasa's own engine options, and a bound on connecting to an unreachable server
    (Rasa talks to its database from the event loop, so a hung connect stops every turn)."""
    options = create_engine_kwargs(url)
    if url.get_backend_name() == "postgresql":
        connect_args = {
            **options.get("connect_args", {}),
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        }
        options["connect_args"] = connect_args
    return options
