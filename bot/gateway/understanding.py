"""What the bot understood of a citizen's turn, read back after Rasa answered.

Rasa's REST channel answers with texts only; the intent, its confidence and the entities
are in the turn's `user` event, which Rasa saved in its tracker store before it answered.
The desk reads that one row from the store's `events` table (indexed by sender) instead of
asking Rasa's HTTP API for the tracker: that request made Rasa load and replay the whole
conversation once per turn, on the processes every citizen waits for (Rasa's CPU per turn
at ten citizens: 110 ms with it against 100 ms for the same turns sent direct; equal
without it — docs/benchmarks.md, "Measured with a lean client").
Best effort: a failed read costs the console a detail, never the citizen an answer."""

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import text as sql
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from api.core.config import Settings

log = logging.getLogger(__name__)
# Seconds to wait for the store's connection (a read that cannot start is skipped).
CONNECT_TIMEOUT = 3
# The newest user messages and what undoes them: Rasa reverts a user message it could not
# handle (a custom action failed: `rewind`) and a restart forgets them, but the events table
# keeps every row — the tracker's latest message is what is left after replaying these.
RECENT_USER_EVENTS = sql(
    "SELECT type_name, data FROM events WHERE sender_id = :sender "
    "AND type_name IN ('user', 'rewind', 'restart') ORDER BY id DESC LIMIT 20"
)


def latest_understanding(latest: dict[str, Any], text: str) -> dict[str, Any] | None:
    """{intent, confidence, entities} of the latest user message's parse, if it is `text`."""
    if (latest.get("text") or "") != text:
        return None  # another turn got in between: do not pin its meaning on this message
    intent = latest.get("intent") or {}
    entities = {
        str(e.get("entity")): str(e.get("value"))
        for e in latest.get("entities") or []
        if e.get("entity")
    }
    return {
        "intent": str(intent.get("name") or ""),
        "confidence": round(float(intent.get("confidence") or 0.0), 3),
        "entities": entities,
    }


def _async_url(url: str) -> str:
    """The tracker store's URL (as operators give it, synchronous driver) for asyncio. A
    SQLite store is opened read-write but never created: one Rasa has not made yet holds
    nothing, and the file is Rasa's to create."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite+aiosqlite:///file:{parsed.database}?mode=rw&uri=true"
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


class TrackerReader:
    """Reads the latest user event of a conversation from Rasa's tracker store."""

    def __init__(self, tracker_db_url: str) -> None:
        parsed = make_url(tracker_db_url)
        # A SQLite store is looked for until Rasa has made it (a failed open of a missing
        # file leaves aiosqlite's thread behind); a server store is always there.
        self._missing_file = parsed.database if parsed.get_backend_name() == "sqlite" else None
        if self._missing_file:
            options: dict[str, Any] = {"connect_args": {"timeout": CONNECT_TIMEOUT}}
        else:
            options = {"connect_args": {"connect_timeout": CONNECT_TIMEOUT},
                       "pool_size": 2, "max_overflow": 3}  # fmt: skip
        self._engine: AsyncEngine = create_async_engine(
            _async_url(tracker_db_url), hide_parameters=True, **options
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> "TrackerReader":
        return cls(settings.privacy.rasa_tracker_db_url)

    async def understood(self, *, sender_id: str, text: str) -> dict[str, Any] | None:
        if self._missing_file:
            if not await asyncio.to_thread(Path(self._missing_file).exists):
                return None
            self._missing_file = None
        try:
            async with self._engine.connect() as connection:
                result = await connection.execute(RECENT_USER_EVENTS, {"sender": sender_id})
                rows = [(str(kind), data) for kind, data in result.all()]
        except SQLAlchemyError as exc:
            log.info("tracker read failed: %s", type(exc).__name__)
            return None
        event = _latest_user_event(rows)
        parse = event.get("parse_data") or {}
        return latest_understanding({**parse, "text": event.get("text")}, text)

    async def aclose(self) -> None:
        await self._engine.dispose()


def _latest_user_event(newest_first: list[tuple[str, object]]) -> dict[str, Any]:
    """The user event still in force ({} if none): each `rewind` cancels the user message
    before it, a `restart` everything before it."""
    reverted = 0
    for kind, data in newest_first:
        if kind == "restart":
            return {}
        if kind == "rewind":
            reverted += 1
        elif reverted:
            reverted -= 1
        else:
            return _json(data)
    return {}


def _json(raw: object) -> dict[str, Any]:
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
