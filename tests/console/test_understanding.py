"""What the bot understood of each citizen turn: read back from Rasa's tracker store (the
turn's `user` event) after the answer, stored on the inbound message; two misunderstood
turns in a row put the conversation in the inbox while the bot still holds it."""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.conversations import inbox
from api.conversations import service as conversations
from api.conversations.office_hours import office_hours
from api.core.time import utcnow
from bot.gateway.flow import MessageFlow
from bot.gateway.rasa_client import RasaClient
from bot.gateway.understanding import TrackerReader, latest_understanding
from bot.messages import Channel, InboundMessage
from tests.fakes.server import serve

EVENTS = (
    "CREATE TABLE events (id {key} PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
    "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
    "action_name VARCHAR(255), data TEXT)"
)


@dataclass
class TrackerStore:
    """Rasa's SQLTrackerStore `events` table, on SQLite or PostgreSQL: its URL as operators
    give it, and how to write one row (Rasa's own code is not in this environment)."""

    url: str

    def add(self, sender: str, type_name: str, data: dict[str, Any]) -> None:
        row = (sender, type_name, 1.0, json.dumps(data, ensure_ascii=False))
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as db:
                db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) "
                           "VALUES (?,?,?,?)", row)  # fmt: skip
            return
        with psycopg.connect(self.url, autocommit=True) as db:
            db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) "
                       "VALUES (%s,%s,%s,%s)", row)  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def tracker_store(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str
) -> Iterator[TrackerStore]:
    if request.param == "sqlite":
        path = tmp_path / "rasa-tracker.db"
        with sqlite3.connect(path) as db:
            db.execute(EVENTS.format(key="INTEGER"))
        yield TrackerStore(f"sqlite:///{path}")
        return
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as db:
        db.execute("DROP TABLE IF EXISTS events")
        db.execute(EVENTS.format(key="SERIAL"))
    yield TrackerStore(plain)
    with psycopg.connect(plain, autocommit=True) as db:
        db.execute("DROP TABLE events")


@dataclass
class TrackerRasa:
    """Rasa's REST channel, saving each turn's `user` event in the tracker store before it
    answers, as Rasa does: "???" is not understood."""

    store: TrackerStore

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/webhooks/rest/webhook", self._webhook, methods=["POST"])])

    async def _webhook(self, request: Request) -> Response:
        body = await request.json()
        sender, text = body["sender"], body["message"]
        intent = "nlu_fallback" if text == "???" else "file_complaint"
        entities = [] if text == "???" else [{"entity": "business", "value": "健身房"}]
        parse = {"text": text, "intent": {"name": intent, "confidence": 0.91},
                 "entities": entities}  # fmt: skip
        self.store.add(sender, "user", {"event": "user", "text": text, "parse_data": parse})
        self.store.add(sender, "bot", {"event": "bot", "text": "ok"})
        return JSONResponse([{"recipient_id": sender, "text": "ok"}])


@pytest.fixture
def tracker_rasa(tracker_store: TrackerStore) -> Iterator[tuple[TrackerRasa, str]]:
    fake = TrackerRasa(tracker_store)
    with serve(fake.app()) as url:
        yield fake, url


def test_the_latest_message_is_read_only_when_it_is_this_turn() -> None:
    latest: dict[str, Any] = {"text": "hi", "intent": {"name": "greet"}}
    assert latest_understanding(latest, "hi") == {
        "intent": "greet",
        "confidence": 0.0,
        "entities": {},
    }
    assert latest_understanding(latest, "another turn") is None
    assert latest_understanding({}, "hi") is None


async def test_understanding_is_stored_and_two_misses_put_it_in_the_inbox(
    sessionmaker: async_sessionmaker[AsyncSession], tracker_rasa: tuple[TrackerRasa, str]
) -> None:
    fake, url = tracker_rasa
    rasa = RasaClient(url, timeout=5)
    reader = TrackerReader(fake.store.url)
    flow = MessageFlow(sessionmaker, rasa, understanding=reader)

    def turn(n: int, text: str) -> InboundMessage:
        return InboundMessage(Channel.WEB, "citizen-1", f"u-{n}", text, "zh-TW")

    await flow.handle(turn(1, "我要申訴健身房"))
    await flow.handle(turn(2, "???"))
    hours = office_hours("Asia/Taipei")
    async with sessionmaker() as session:
        waiting = await inbox.entries(
            session, view=inbox.InboxView.ALL, staff_id=0, hours=hours, now=utcnow()
        )
        assert waiting == []
    await flow.handle(turn(3, "???"))
    async with sessionmaker() as session:
        [entry] = await inbox.entries(
            session, view=inbox.InboxView.ALL, staff_id=0, hours=hours, now=utcnow()
        )
        assert entry.reason == inbox.WaitingReason.BOT_FAILED
        thread = await conversations.messages_after(session, entry.conversation)
        first = thread[0].payload["understood"]
        assert first == {"intent": "file_complaint", "confidence": 0.91,
                         "entities": {"business": "健身房"}}  # fmt: skip
    await flow.handle(turn(4, "我要申訴"))  # understood again: out of the inbox
    async with sessionmaker() as session:
        assert (
            await inbox.entries(
                session, view=inbox.InboxView.ALL, staff_id=0, hours=hours, now=utcnow()
            )
            == []
        )
    await reader.aclose()
    await rasa.aclose()


async def test_a_store_rasa_has_not_created_yet_holds_nothing_and_is_not_created(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rasa-tracker.db"
    reader = TrackerReader(f"sqlite:///{path}")
    assert await reader.understood(sender_id="web:x", text="hi") is None
    assert not path.exists()
    await reader.aclose()


async def test_a_message_rasa_reverted_or_forgot_is_not_the_latest(
    tracker_store: TrackerStore,
) -> None:
    """A custom action that failed makes Rasa revert the user message (`rewind`): the turn
    did not happen (the desk then tells the citizen it will answer later)."""

    def user(text: str) -> dict[str, Any]:
        parse = {"text": text, "intent": {"name": "greet", "confidence": 0.9}, "entities": []}
        return {"event": "user", "text": text, "parse_data": parse}

    tracker_store.add("web:c", "user", user("earlier"))
    tracker_store.add("web:c", "user", user("confirm"))
    tracker_store.add("web:c", "rewind", {"event": "rewind"})
    reader = TrackerReader(tracker_store.url)
    assert await reader.understood(sender_id="web:c", text="confirm") is None
    earlier = await reader.understood(sender_id="web:c", text="earlier")
    assert earlier is not None and earlier["intent"] == "greet"
    tracker_store.add("web:c", "restart", {"event": "restart"})
    assert await reader.understood(sender_id="web:c", text="earlier") is None
    await reader.aclose()
