"""Group commit of inbound events (bot/gateway/intake.py over api/conversations/intake.py):
concurrent callers share one transaction, and each gets what storing its event alone, in
arrival order, would have given — on SQLite and PostgreSQL."""

import asyncio
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.citizens.models import Citizen
from api.conversations.intake import NewInbound, StoredInbound
from api.conversations.models import Conversation, Message, MessageStatus
from api.core.config import Settings
from api.core.db import create_engine, create_sessionmaker
from bot.gateway.intake import Intake, StoreUnavailable
from desk.app import create_app


def text(user: str, event_id: str | None, body: str, language: str | None = None) -> NewInbound:
    return NewInbound("line", user, event_id, body, language, claim=True)


def count_commits(engine: AsyncEngine) -> list[int]:
    commits = [0]

    def committed(_conn: Any) -> None:
        commits[0] += 1

    event.listen(engine.sync_engine, "commit", committed)
    return commits


async def inbound(sessions: async_sessionmaker[AsyncSession]) -> list[Message]:
    async with sessions() as session:
        return list((await session.execute(select(Message).order_by(Message.id))).scalars())


async def hold_for_staff(
    sessions: async_sessionmaker[AsyncSession], user: str, *, bot_until_taken: bool = False
) -> None:
    async with sessions() as session:
        citizen = Citizen(channel="line", channel_user_id=user)
        session.add(citizen)
        await session.flush()
        session.add(
            Conversation(
                citizen_id=citizen.id, handoff_active=True, bot_until_taken=bot_until_taken
            )
        )
        await session.commit()


async def test_a_burst_is_stored_in_few_commits_once_each_in_arrival_order(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    intake = Intake(sessionmaker)
    assert await intake.store(text("Uold", "seen", "stored before")) is not None
    commits = count_commits(engine)
    events = [text(f"U{n}", f"e{n}", f"hello {n}") for n in range(30)]
    # One citizen's several events, interleaved with the others'.
    events[3:3] = [text("Umany", f"m{n}", f"part {n}") for n in range(5)]
    # Redeliveries: twice in this burst, and one stored by an earlier commit.
    events += [text("U1", "e1", "hello 1"), text("U1", "e1", "hello 1")]
    events.append(text("Uold", "seen", "stored before"))

    results = await asyncio.gather(*(intake.store(e) for e in events))

    assert commits[0] <= 3, "a burst shares transactions (the first event goes alone)"
    assert [r is None for r in results] == [False] * 35 + [True] * 3
    stored = [m for m in await inbound(sessionmaker) if m.event_id != "seen"]
    assert sorted(m.event_id or "" for m in stored) == sorted(e.event_id or "" for e in events[:35])
    many = [m for m in stored if m.event_id and m.event_id.startswith("m")]
    assert [m.text for m in many] == [f"part {n}" for n in range(5)], "ids follow arrival"
    assert {m.status for m in stored} == {MessageStatus.PROCESSING}
    assert len({r.conversation_id for r in results[3:8] if r}) == 1
    by_id = {r.message_id: r for r in results if r}
    assert all(by_id[m.id].claimed and by_id[m.id].sender_id.startswith("line:U") for m in stored)


async def test_languages_follow_each_citizens_events_in_order(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    intake = Intake(sessionmaker)
    events = [
        text("Unew", "l1", "a"),  # no language signal yet: the default
        text("Unew", "l2", "hello", "en"),
        text("Unew", "l3", "b"),  # keeps the citizen's latest, from the event before
        text("Uzh", "l4", "你好", "zh-TW"),
    ]
    results = await asyncio.gather(*(intake.store(e) for e in events))
    assert [r.language for r in results if r] == ["zh-TW", "en", "en", "zh-TW"]
    async with sessionmaker() as session:
        rows = (await session.execute(select(Citizen.channel_user_id, Citizen.language))).all()
    assert dict(rows) == {"Unew": "en", "Uzh": "zh-TW"}


async def test_a_conversation_staff_hold_gets_its_message_for_staff_unclaimed(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await hold_for_staff(sessionmaker, "Uheld")
    # Staff were asked for in the middle of a form: the bot answers until one takes it.
    await hold_for_staff(sessionmaker, "Uform", bot_until_taken=True)
    intake = Intake(sessionmaker)
    events = [text("Uheld", "h1", "help"), text("Uform", "h2", "x"), text("Ufree", "h3", "y")]
    held, form, free = await asyncio.gather(*(intake.store(e) for e in events))
    assert held and form and free
    assert (held.held_for_staff, held.claimed) == (True, False)
    assert (form.held_for_staff, form.claimed) == (False, True)
    assert (free.held_for_staff, free.claimed) == (False, True)
    statuses = {m.event_id: m.status for m in await inbound(sessionmaker)}
    assert statuses == {
        "h1": MessageStatus.FOR_STAFF,
        "h2": MessageStatus.PROCESSING,
        "h3": MessageStatus.PROCESSING,
    }


async def test_events_without_an_id_are_never_duplicates_and_keep_their_place(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    intake = Intake(sessionmaker)
    events = [
        NewInbound("web", "c1", None, "one", "en"),
        NewInbound("web", "c1", "w2", "two", "en"),
        NewInbound("web", "c1", None, "three", "en"),
        NewInbound("web", "c1", None, "three", "en"),
    ]
    results = await asyncio.gather(*(intake.store(e) for e in events))
    assert all(r is not None and not r.claimed for r in results)
    assert [m.text for m in await inbound(sessionmaker)] == ["one", "two", "three", "three"]
    assert {m.status for m in await inbound(sessionmaker)} == {MessageStatus.RECEIVED}


async def test_a_bad_event_fails_only_its_own_caller(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    intake = Intake(sessionmaker)
    bad = NewInbound("line", "Ubad", "bad", None, None)  # type: ignore[arg-type]  # NOT NULL
    events = [text("Ua", "g1", "fine"), bad, text("Ub", "g2", "fine too")]
    results = await asyncio.gather(*(intake.store(e) for e in events), return_exceptions=True)
    assert isinstance(results[1], IntegrityError)
    assert all(isinstance(r, StoredInbound) for r in (results[0], results[2]))
    assert [m.event_id for m in await inbound(sessionmaker)] == ["g1", "g2"]


async def test_an_unreachable_database_is_reported_as_such_to_every_caller() -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    intake = Intake(create_sessionmaker(engine))
    events = [text(f"U{n}", f"x{n}", "hi") for n in range(3)]
    results = await asyncio.gather(*(intake.store(e) for e in events), return_exceptions=True)
    await engine.dispose()
    assert [type(r) for r in results] == [StoreUnavailable] * 3


async def test_the_desk_apps_pool_is_as_wide_as_configured(postgres_url: str) -> None:
    """DATABASE_POOL_SIZE / DATABASE_MAX_OVERFLOW reach the engine the desk app serves with."""
    settings = Settings(
        database_url=postgres_url,
        service_token="test-service-token-0123456789",
        session_secret="test-session-secret-0123456789",
        database_pool_size=7,
        database_max_overflow=2,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        pool = app.state.engine.pool
        assert (pool.size(), pool._max_overflow) == (7, 2)
