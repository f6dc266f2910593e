"""Webhooks in a burst share the intake's commits (bot/gateway/intake.py) and keep every
guarantee: each event stored once before its ack, answered once, one citizen's events in
order; and a database that cannot be reached is a 503 with Retry-After (the platform
sends the event again), not a 500."""

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conversations.models import Direction, Message
from api.core.config import Settings
from api.core.db import create_engine, create_sessionmaker
from bot.gateway.intake import Intake
from bot.gateway.runtime import gateway_of
from tests.channels.conftest import line_body, sign, telegram_text, text_event, with_telegram
from tests.fakes.line_platform import FakeLine
from tests.fakes.rasa import FakeRasa
from tests.fakes.telegram_api import FakeTelegram
from tests.fixtures.channels import TELEGRAM_SECRET

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/none"


@pytest.fixture
def settings(settings: Settings, fake_telegram: tuple[FakeTelegram, str]) -> Settings:
    return with_telegram(settings, fake_telegram[1])


async def post_line(client: httpx.AsyncClient, body: bytes) -> httpx.Response:
    headers = {"Content-Type": "application/json", "X-Line-Signature": sign(body)}
    return await client.post("/webhooks/line", content=body, headers=headers)


async def inbound(sessions: async_sessionmaker[AsyncSession]) -> list[Message]:
    async with sessions() as session:
        query = select(Message).where(Message.direction == Direction.INBOUND)
        return list((await session.execute(query.order_by(Message.id))).scalars())


@pytest.fixture
def database_down(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """The intake writes to a PostgreSQL nobody listens on (a stopped database) until the
    test undoes `monkeypatch`."""
    engine = create_engine(UNREACHABLE)
    monkeypatch.setattr(gateway_of(app).flow, "_intake", Intake(create_sessionmaker(engine)))


async def test_a_burst_with_redeliveries_stores_and_answers_each_event_once_in_order(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    line, _ = fake_line
    bodies = [
        line_body(text_event(f"Ub{n}", f"hi {n}", event_id=f"b{n}", token=line.issue_reply_token()))
        for n in range(20)
    ]
    # One citizen's three messages in one webhook, as LINE batches them.
    steps = [f"step {n}" for n in range(3)]
    tokens = [line.issue_reply_token() for _ in steps]
    events = [
        text_event("Useq", s, event_id=s, token=t) for s, t in zip(steps, tokens, strict=True)
    ]
    bodies.append(line_body(*events))
    redelivered = bodies[:5] * 2  # each sent three times at once

    responses = await asyncio.gather(*(post_line(client, b) for b in bodies + redelivered))
    await gateway_of(app).queues.idle()

    assert [r.status_code for r in responses] == [200] * len(responses)
    stored = await inbound(sessionmaker)
    assert sorted(m.event_id or "" for m in stored) == sorted([f"b{n}" for n in range(20)] + steps)
    assert [m.text for m in stored if m.event_id in steps] == steps, "ids follow the body's order"
    replied = [r.reply_token for r in line.replies()]
    assert len(replied) == 23 and len(set(replied)) == 23, "one answer per event"
    sequence = [r["message"] for r in fake_rasa[0].received if r["sender"] == "line:Useq"]
    assert sequence == steps, "one citizen's turns in order"


async def test_line_gets_503_with_retry_after_while_the_database_is_down_then_redelivers(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    sessionmaker: async_sessionmaker[AsyncSession],
    database_down: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    line, _ = fake_line
    body = line_body(text_event("Udown", "hello", event_id="down1", token=line.issue_reply_token()))
    refused = await post_line(client, body)
    assert refused.status_code == 503
    assert int(refused.headers["Retry-After"]) > 0
    assert await inbound(sessionmaker) == []

    monkeypatch.undo()  # the database is back: LINE sends the event again
    assert (await post_line(client, body)).status_code == 200
    assert (await post_line(client, body)).status_code == 200
    await gateway_of(app).queues.idle()
    assert [m.event_id for m in await inbound(sessionmaker)] == ["down1"]
    assert [r.messages[0]["text"] for r in line.replies()] == ["echo: hello"]


async def test_telegram_gets_503_while_the_database_is_down_then_redelivers(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_telegram: tuple[FakeTelegram, str],
    sessionmaker: async_sessionmaker[AsyncSession],
    database_down: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    update = telegram_text(77, 4242, "hello")
    refused = await client.post("/webhooks/telegram", json=update, headers=headers)
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0

    monkeypatch.undo()
    assert (
        await client.post("/webhooks/telegram", json=update, headers=headers)
    ).status_code == 200
    await gateway_of(app).queues.idle()
    async with sessionmaker() as session:
        count = (await session.execute(select(func.count()).select_from(Message))).scalar_one()
    assert count == 2  # the update and its one answer
    assert [m["text"] for m in fake_telegram[0].sent()] == ["echo: hello"]


async def test_the_web_chat_is_told_in_both_languages_to_send_again_while_the_database_is_down(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    database_down: None,
) -> None:
    """The same handler answers every channel route: the web chat's page shows its message."""
    await client.get("/")
    sent = await client.post(
        "/chat/messages", json={"client_message_id": "down-web-1", "text": "你好"}
    )
    assert sent.status_code == 503, sent.text
    message = sent.json()["message"]
    assert "請稍後再送一次" in message and "send it again" in message
    assert await inbound(sessionmaker) == []
