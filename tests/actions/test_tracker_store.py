"""The tracker store the Rasa servers run with (rasa_runtime/tracker_store.py), through
Rasa's own factory and FailSafeTrackerStore wrapper, on a real SQLite file and a real
PostgreSQL database: both endpoint files load it; a conversation's history survives the
database closing every connection; a database that stays away fails the turn instead of
starting the conversation again from nothing."""

import asyncio
import shutil
import uuid
from collections.abc import Awaitable, Iterator
from pathlib import Path

import psycopg2
import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from rasa_runtime.tracker_store import DeskTrackerStore, TrackerStoreUnavailable
from tests.actions.production_endpoints import ROOT, read_production_endpoints

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
SENDER = "line:Utrackerstore0001"


@pytest.fixture
def pg_database() -> Iterator[str]:
    name = f"rasa_store_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield name
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def production_store(monkeypatch: pytest.MonkeyPatch, database: str) -> TrackerStore:
    endpoints = read_production_endpoints(monkeypatch, database=database)
    return TrackerStore.create(endpoints.tracker_store, Domain.empty())


def sqlite_store(monkeypatch: pytest.MonkeyPatch, path: Path) -> TrackerStore:
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:1/webhook")
    monkeypatch.setenv("RASA_TRACKER_DB", str(path))
    endpoints = read_endpoints_from_path(ROOT / "endpoints.yml")
    return TrackerStore.create(endpoints.tracker_store, Domain.empty())


def a_turn(text: str) -> list[object]:
    return [UserUttered(text, {"name": "greet"}), ActionExecuted("utter_greet")]


async def say(store: TrackerStore, text: str) -> DialogueStateTracker:
    """What Rasa's processor does for a turn: get the tracker, add the turn, save."""
    tracker = await store.get_or_create_tracker(SENDER)
    if not tracker.events:
        tracker.update(SessionStarted())
    for event in a_turn(text):
        tracker.update(event)  # type: ignore[arg-type]
    await store.save(tracker)
    return tracker


def user_texts(tracker: DialogueStateTracker | None) -> list[str | None]:
    assert tracker is not None
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_both_endpoint_files_give_rasa_the_desk_tracker_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pg_database: str
) -> None:
    # Rasa falls back to a tracker store in memory when the class cannot be imported.
    for store in (
        sqlite_store(monkeypatch, tmp_path / "rasa.db"),
        production_store(monkeypatch, pg_database),
    ):
        assert isinstance(store, DeskTrackerStore)
        store.engine.dispose()


def test_history_survives_postgresql_closing_every_connection(
    monkeypatch: pytest.MonkeyPatch, pg_database: str
) -> None:
    store = FailSafeTrackerStore(production_store(monkeypatch, pg_database))

    async def conversation() -> list[str | None]:
        await say(store, "first")
        _close_every_connection(pg_database)  # what a PostgreSQL restart does to the pool
        await say(store, "second")
        return user_texts(await store.retrieve(SENDER))

    assert asyncio.run(conversation()) == ["first", "second"]


def test_a_database_that_stays_away_fails_the_turn_instead_of_forgetting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "tracker"
    folder.mkdir()
    inner = sqlite_store(monkeypatch, folder / "rasa.db")
    assert isinstance(inner, DeskTrackerStore)
    inner.retry_seconds = 0.6
    store = FailSafeTrackerStore(inner)
    asyncio.run(say(store, "first"))
    shutil.rmtree(folder)  # the database file cannot be opened any more

    tracker = DialogueStateTracker.from_events(SENDER, [SessionStarted(), *a_turn("x")])  # type: ignore[list-item]
    assert isinstance(
        asyncio.run(failure(store.get_or_create_tracker(SENDER))), TrackerStoreUnavailable
    )
    assert isinstance(asyncio.run(failure(store.save(tracker))), TrackerStoreUnavailable)


async def failure(operation: Awaitable[object]) -> BaseException | None:
    """The exception `operation` raises (caught inside the loop: asyncio.run would turn a
    CancelledError into a cancelled run)."""
    try:
        await operation
    except BaseException as error:  # TrackerStoreUnavailable is a CancelledError
        return error
    return None


def test_a_failure_is_logged_without_the_sender_or_what_they_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inner = sqlite_store(monkeypatch, tmp_path / "rasa.db")
    assert isinstance(inner, DeskTrackerStore)
    inner.retry_seconds = 0.6
    statement = "SELECT * FROM events WHERE sender_id = ? AND data LIKE ?"
    closed = OperationalError(statement, (SENDER, "王小明 0935-246-813"), Exception("closed"))

    async def broken(*_: object) -> None:
        raise closed

    monkeypatch.setattr(SQLTrackerStore, "retrieve", broken)
    failed = asyncio.run(failure(FailSafeTrackerStore(inner).retrieve(SENDER)))
    assert isinstance(failed, TrackerStoreUnavailable)
    assert "tracker store read failed" in caplog.text
    assert SENDER not in caplog.text and "0935" not in caplog.text and "王小明" not in caplog.text


def _close_every_connection(database: str) -> None:
    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    admin.cursor().execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        (database,),
    )
    admin.close()
