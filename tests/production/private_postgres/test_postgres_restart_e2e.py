"""PostgreSQL (the desk database and Rasa's tracker store) stopped and started again while
citizens write: the desk app and Rasa go on without a restart, every message is answered
exactly once — those acknowledged before the outage, and those LINE had to redeliver
because the desk could not store them while the database was down."""

import asyncio

import pytest
from sqlalchemy import create_engine, text

from scripts.stack import Stack
from tests.fixtures.channels import ChannelFakes
from tests.production.line_citizens import Citizens, post_events, wait_for
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
