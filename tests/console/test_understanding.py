"""What the bot understood of each citizen turn: read back from Rasa's tracker after the
answer, stored on the inbound message; two misunderstood turns in a row put the
conversation in the inbox while the bot still holds it."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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

TOKEN = "rasa-test-token"


@dataclass
class TrackerRasa:
    """Rasa's REST channel and its tracker endpoint: "???" is not understood."""

    last: dict[str, str] = field(default_factory=dict)
    tracker_reads: list[str] = field(default_factory=list)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/webhooks/rest/webhook", self._webhook, methods=["POST"]),
                Route("/conversations/{sender}/tracker", self._tracker, methods=["GET"]),
            ]
        )

    async def _webhook(self, request: Request) -> Response:
        body = await request.json()
        self.last[body["sender"]] = body["message"]
        return JSONResponse([{"recipient_id": body["sender"], "text": "ok"}])

    async def _tracker(self, request: Request) -> Response:
        if request.query_params.get("token") != TOKEN:
            return JSONResponse({"message": "unauthorized"}, status_code=401)
        sender = request.path_params["sender"]
        self.tracker_reads.append(sender)
        text = self.last.get(sender, "")
        intent = "nlu_fallback" if text == "???" else "file_complaint"
        entities = [] if text == "???" else [{"entity": "business", "value": "健身房"}]
        if request.query_params.get("include_events") != "NONE":
            return JSONResponse({"message": "the desk asks for no events"}, status_code=400)
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 0.91},
            "entities": entities,
        }
        return JSONResponse({"sender_id": sender, "latest_message": latest, "events": None})


@pytest.fixture
def tracker_rasa() -> Iterator[tuple[TrackerRasa, str]]:
    fake = TrackerRasa()
    with serve(fake.app()) as url:
        yield fake, url


def test_the_latest_message_is_read_only_when_it_is_this_turn() -> None:
    tracker: dict[str, Any] = {"latest_message": {"text": "hi", "intent": {"name": "greet"}}}
    assert latest_understanding(tracker, "hi") == {
        "intent": "greet",
        "confidence": 0.0,
        "entities": {},
    }
    assert latest_understanding(tracker, "another turn") is None
    assert latest_understanding({"latest_message": {}}, "hi") is None


async def test_understanding_is_stored_and_two_misses_put_it_in_the_inbox(
    sessionmaker: async_sessionmaker[AsyncSession], tracker_rasa: tuple[TrackerRasa, str]
) -> None:
    fake, url = tracker_rasa
    rasa = RasaClient(url, timeout=5)
    reader = TrackerReader(url, token=TOKEN)
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
    assert fake.tracker_reads == ["web:citizen-1"] * 4
    await reader.aclose()
    await rasa.aclose()
