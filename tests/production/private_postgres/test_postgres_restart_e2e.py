"""PostgreSQL (the desk database and Rasa's tracker store) stopped and started again while
citizens write: the desk app and Rasa go on without a restart, every message is answered
exactly once — those acknowledged before the outage, and those LINE had to redeliver
because the desk could not store them while the database was down — and a conversation
keeps its history across the restart (Rasa's first read after it met a closed connection
and started the conversation again from nothing before `rasa_runtime/tracker_store.py`).
And Rasa's tracker store alone unreachable (its database refusing connections, the desk's
fine): a citizen mid-conversation is told the message will be answered, is not answered
from an empty history, and gets one answer once the store is back."""

import asyncio
import json

import psycopg
import pytest
from sqlalchemy import create_engine, text

from scripts.stack import Stack
from tests.fixtures.channels import ChannelFakes
from tests.production.line_citizens import Citizens, post_events, send, wait_for
from tests.production.private_postgres.cluster import PrivatePostgres

pytestmark = [pytest.mark.e2e, pytest.mark.production]
PROCESSES = ("desk", "rasa", "rasa-2", "actions")


async def redeliver_until_stored(
    stack: Stack, citizens: Citizens, codes: dict[str, int], text_: str, tag: str
) -> int:
    """What LINE does for an event the desk did not acknowledge: send it again (same
    event id, `isRedelivery`) until it is. Returns how many had to be redelivered."""
    waiting = [user for user, code in codes.items() if code != 200]
    redelivered = len(waiting)
    for _ in range(20):
        if not waiting:
            return redelivered
        await asyncio.sleep(1)
        again = await post_events(stack, citizens, waiting, text_, tag, redelivery=True)
        waiting = [user for user, code in again.items() if code != 200]
    raise AssertionError(f"still not acknowledged after the restart: {waiting}")


def stored_inbound(stack: Stack, users: list[str]) -> dict[str, int]:
    """Inbound messages stored per citizen."""
    engine = create_engine(stack.config.sync_database_url)
    with engine.connect() as db:
        rows = db.execute(
            text(
                "SELECT citizens.channel_user_id, count(*) FROM messages "
                "JOIN conversations ON conversations.id = messages.conversation_id "
                "JOIN citizens ON citizens.id = conversations.citizen_id "
                "WHERE messages.direction = 'in' AND citizens.channel_user_id = ANY(:users) "
                "GROUP BY citizens.channel_user_id"
            ),
            {"users": users},
        ).all()
    engine.dispose()
    return {str(user): int(count) for user, count in rows}


async def test_postgresql_restarted_during_a_burst_loses_and_repeats_nothing(
    private_stack: Stack, private_postgres: PrivatePostgres, channel_fakes: ChannelFakes
) -> None:
    stack = private_stack
    citizens = Citizens(channel_fakes.line, "pgrestart", 30)
    before, during, after = citizens.users[:10], citizens.users[10:20], citizens.users[20:]
    restarts = {name: stack.supervisor.child(name).restarts for name in PROCESSES}

    acked = await post_events(stack, citizens, before, "你好", "pg")
    assert set(acked.values()) == {200}, acked
    await asyncio.to_thread(private_postgres.stop)  # their turns are in flight
    refused = await post_events(stack, citizens, during, "你好", "pg")
    await asyncio.to_thread(private_postgres.start)
    redelivered = await redeliver_until_stored(stack, citizens, refused, "你好", "pg")
    resumed = await post_events(stack, citizens, after, "你好", "pg")
    assert set(resumed.values()) == {200}, resumed

    await wait_for(
        lambda: all(citizens.answers(u) for u in citizens.users), 180, "every citizen's answer"
    )
    await asyncio.sleep(3)  # a second answer would arrive within the worker's next rounds
    answers = {u: len(citizens.answers(u)) for u in citizens.users}
    assert answers == dict.fromkeys(citizens.users, 1), answers
    assert stored_inbound(stack, citizens.users) == dict.fromkeys(citizens.users, 1)
    assert redelivered > 0, "the database was down: some webhook should have been refused"
    assert {name: stack.supervisor.child(name).restarts for name in PROCESSES} == restarts


def said_to_rasa(stack: Stack, users: list[str]) -> dict[str, list[str]]:
    """What each citizen said, in order, as Rasa's tracker store holds it."""
    url = stack.config.extra_env["RASA_TRACKER_DB_URL"]
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as db:
        rows = db.execute(
            text(
                "SELECT sender_id, data FROM events WHERE type_name = 'user' "
                "AND sender_id = ANY(:senders) ORDER BY id"
            ),
            {"senders": [f"line:{user}" for user in users]},
        ).all()
    engine.dispose()
    said: dict[str, list[str]] = {user: [] for user in users}
    for sender, data in rows:
        said[sender.removeprefix("line:")].append(json.loads(data)["text"])
    return said


async def test_a_conversation_keeps_its_history_across_a_postgresql_restart(
    private_stack: Stack, private_postgres: PrivatePostgres, channel_fakes: ChannelFakes
) -> None:
    stack = private_stack
    citizens = Citizens(channel_fakes.line, "pghistory", 6)  # both Rasa servers get some
    await send(stack, citizens, citizens.users, "你好", "history-1")
    await wait_for(
        lambda: all(citizens.answers(u) for u in citizens.users), 120, "the first answers"
    )
    await asyncio.to_thread(private_postgres.stop)  # idle: every pooled connection dies
    await asyncio.to_thread(private_postgres.start)

    codes = await post_events(stack, citizens, citizens.users, "我想申訴", "history-2")
    await redeliver_until_stored(stack, citizens, codes, "我想申訴", "history-2")
    await wait_for(
        lambda: all(len(citizens.answers(u)) == 2 for u in citizens.users),
        120,
        "the second answers",
    )
    expected = {user: ["你好", "我想申訴"] for user in citizens.users}
    assert said_to_rasa(stack, citizens.users) == expected


def tracker_connections(postgres: PrivatePostgres, stack: Stack, *, allowed: bool) -> None:
    """Open or close Rasa's tracker database to new connections (closing ends open ones)."""
    name = stack.config.extra_env["RASA_TRACKER_DB_URL"].rsplit("/", 1)[1]
    with psycopg.connect(postgres.admin_dsn, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


async def test_a_turn_waits_for_an_unreachable_tracker_store_instead_of_forgetting(
    private_stack: Stack, private_postgres: PrivatePostgres, channel_fakes: ChannelFakes
) -> None:
    stack = private_stack
    citizens = Citizens(channel_fakes.line, "trackerdown", 4)
    users = citizens.users
    await send(stack, citizens, users, "你好", "down-1")
    await wait_for(lambda: all(citizens.answers(u) for u in users), 120, "the first answers")

    tracker_connections(private_postgres, stack, allowed=False)
    try:
        await send(stack, citizens, users, "我想申訴", "down-2")
        await wait_for(lambda: all(citizens.notes(u) for u in users), 90, "the waiting notes")
        assert {u: len(citizens.answers(u)) for u in users} == dict.fromkeys(users, 1)
    finally:
        tracker_connections(private_postgres, stack, allowed=True)

    await wait_for(
        lambda: all(len(citizens.answers(u)) == 2 for u in users), 120, "the second answers"
    )
    await asyncio.sleep(3)  # a third answer would arrive within the worker's next rounds
    assert {u: len(citizens.answers(u)) for u in users} == dict.fromkeys(users, 2)
    assert {u: len(citizens.notes(u)) for u in users} == dict.fromkeys(users, 1)
    assert said_to_rasa(stack, users) == {user: ["你好", "我想申訴"] for user in users}
