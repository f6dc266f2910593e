"""Rasa's tracker store, read and pruned through its own engine (never a Rasa import).

Rasa's `SQLTrackerStore` keeps one row per event in `events` (`sender_id`, `type_name`,
`timestamp`, `data` …). The store is a separate database (SQLite file or PostgreSQL) that
only this job and Rasa touch; a store that does not exist yet holds nothing."""

import asyncio
import json
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool
from starlette.requests import HTTPConnection

_MISSING = (OperationalError, ProgrammingError)


class TrackerStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None

    def _connect(self) -> Engine:
        if self._engine is None:
            # Rare work (retention, export): no pool to hold connections between runs.
            self._engine = create_engine(self.url, poolclass=NullPool, hide_parameters=True)
        return self._engine

    def _delete(self, sender_id: str) -> int:
        try:
            with self._connect().begin() as conn:
                found = conn.execute(
                    text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender_id}
                )
                return int(found.rowcount or 0)
        except _MISSING:
            return 0

    def _events(self, sender_id: str) -> list[dict[str, Any]]:
        query = text(
            "SELECT type_name, timestamp, data FROM events WHERE sender_id = :sender ORDER BY id"
        )
        try:
            with self._connect().connect() as conn:
                rows = conn.execute(query, {"sender": sender_id}).all()
        except _MISSING:
            return []
        return [
            {"type": row.type_name, "timestamp": row.timestamp, "data": _json(row.data)}
            for row in rows
        ]

    async def delete_sender(self, sender_id: str) -> int:
        """Remove every event of one conversation in Rasa; how many were removed."""
        return await asyncio.to_thread(self._delete, sender_id)

    async def events_of(self, sender_id: str) -> list[dict[str, Any]]:
        """Every event Rasa holds for one conversation, oldest first."""
        return await asyncio.to_thread(self._events, sender_id)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def use_tracker_store(app: FastAPI, store: TrackerStore) -> None:
    """Keep the app's one tracker-store reader (desk/app.py as the app starts; tests their
    own store)."""
    app.state.rasa_tracker = store


def tracker_of(holder: HTTPConnection | FastAPI) -> TrackerStore:
    """The running app's tracker-store reader, from a request or the app itself."""
    app = holder.app if isinstance(holder, HTTPConnection) else holder
    store = getattr(app.state, "rasa_tracker", None)
    if not isinstance(store, TrackerStore):
        raise RuntimeError(
            "Rasa's tracker store is not set up: start the app's lifespan first "
            "(desk/app.py calls use_tracker_store)"
        )
    return store


def _json(raw: Any) -> Any:
    try:
        return json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return raw
