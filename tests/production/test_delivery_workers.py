"""Several desk workers may each run the delivery worker: every claim is one guarded UPDATE
(RECEIVED/PENDING → PROCESSING, QUEUED → SENDING), so two workers over one queue answer
each waiting message once and send each queued message once. Two apps on one database
stand for two desk processes (separate engines, gateways and workers)."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conversations import lifecycle
from api.conversations import service as conversations
from api.conversations.intake import NewInbound, store_batch
from api.conversations.models import Direction, Message, MessageStatus
from api.core.config import Settings
from bot.gateway.runtime import gateway_of
from desk.app import create_app
from tests.fakes.line_platform import FakeLine
from tests.fakes.rasa import FakeRasa

CITIZENS = 15


@pytest.fixture
async def second_app(settings: Settings, app: FastAPI) -> AsyncIterator[FastAPI]:
    other = create_app(settings)
    async with other.router.lifespan_context(other):
        yield other


async def _backlog(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Each citizen: one message that waited for Rasa and two answers waiting to be pushed."""
    async with sessions() as session:
        events = [
            NewInbound("line", f"U{n:032d}", f"ev{n}", f"question {n}", "en")
            for n in range(CITIZENS)
        ]
        for n, stored in enumerate(await store_batch(session, events)):
            assert stored is not None
            conversation = await conversations.get(session, stored.conversation_id)
            await lifecycle.set_status(session, [stored.message_id], MessageStatus.PENDING)
            for part in ("a", "b"):
                conversations.add_outbound(
                    session, conversation=conversation, channel="line", text=f"queued {n}{part}",
                    language="en",
                )  # fmt: skip
        await session.commit()


async def test_two_delivery_workers_send_every_message_exactly_once(
    app: FastAPI,
    second_app: FastAPI,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _backlog(sessionmaker)
    workers = [gateway_of(app).delivery_worker, gateway_of(second_app).delivery_worker]
    for _ in range(3):  # a few rounds, both workers at once each time
        await asyncio.gather(
            *(w.retry_pending() for w in workers),
            *(w.push_queued(grace=timedelta(0)) for w in workers),
        )
    sent = Counter(fake_line[0].texts())
    expected = [f"queued {n}{p}" for n in range(CITIZENS) for p in "ab"]
    expected += [f"echo: question {n}" for n in range(CITIZENS)]
    assert {text: sent[text] for text in expected} == dict.fromkeys(expected, 1)
    asked = Counter(body["message"] for body in fake_rasa[0].received)
    assert set(asked.values()) == {1} and len(asked) == CITIZENS
    async with sessionmaker() as session:
        statuses = (await session.execute(select(Message.direction, Message.status))).all()
    assert Counter(statuses) == {
        (Direction.INBOUND, MessageStatus.PROCESSED): CITIZENS,
        (Direction.OUTBOUND, MessageStatus.SENT): 3 * CITIZENS,
    }
