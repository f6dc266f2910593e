"""Faults against the production configuration (two desk workers, two Rasa servers on one
PostgreSQL tracker store and a Redis lock store, the action server, all supervised):
nothing lost, nothing answered twice, the citizen told politely while waiting."""

import asyncio

import pytest
import redis

from scripts.stack import Stack
from tests.fixtures.channels import ChannelFakes
from tests.production.conftest import PrivateRedis
from tests.production.line_citizens import Citizens, send, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.production]


def wait_restarted(stack: Stack, names: list[str]) -> None:
    for name in names:
        assert (
            stack.supervisor.child(name).restarts >= 1 or not stack.supervisor.child(name).running
        )
    stack.wait_ready(timeout=300, names=names, after_kills=True)


async def test_one_rasa_server_killed_during_a_burst(
    production_stack: Stack, channel_fakes: ChannelFakes
) -> None:
    citizens = Citizens(channel_fakes.line, "kill", 30)
    await send(production_stack, citizens, citizens.users[:15], "你好", "burst1")
    production_stack.kill("rasa")
    await send(production_stack, citizens, citizens.users[15:], "你好", "burst1")
    await wait_for(
        lambda: all(citizens.answers(u) for u in citizens.users), 180, "every citizen's answer"
    )
    await asyncio.sleep(3)  # a second answer would arrive within the worker's next rounds
    assert {u: len(citizens.answers(u)) for u in citizens.users} == dict.fromkeys(citizens.users, 1)
    await asyncio.to_thread(wait_restarted, production_stack, ["rasa"])


async def test_both_rasa_servers_down_the_backlog_is_answered_after_the_restart(
    production_stack: Stack, channel_fakes: ChannelFakes
) -> None:
    citizens = Citizens(channel_fakes.line, "down", 8)
    production_stack.kill("rasa")
    production_stack.kill("rasa-2")
    await send(production_stack, citizens, citizens.users, "你好", "down")
    await wait_for(lambda: all(citizens.notes(u) for u in citizens.users), 30, "the polite notes")
    assert not any(citizens.answers(u) for u in citizens.users)
    await asyncio.to_thread(wait_restarted, production_stack, ["rasa", "rasa-2"])
    await wait_for(
        lambda: all(citizens.answers(u) for u in citizens.users), 120, "the backlog's answers"
    )
    await asyncio.sleep(3)
    for user in citizens.users:
        assert len(citizens.notes(user)) == 1 and len(citizens.answers(user)) == 1


async def test_redis_restarted_during_a_burst_leaves_no_lock_held(
    production_stack: Stack, channel_fakes: ChannelFakes, private_redis: PrivateRedis
) -> None:
    citizens = Citizens(channel_fakes.line, "redis", 10)
    await send(production_stack, citizens, citizens.users, "你好", "redis1")
    private_redis.restart()
    await send(production_stack, citizens, citizens.users, "謝謝", "redis2")
    await wait_for(
        lambda: all(len(citizens.answers(u)) >= 2 for u in citizens.users), 180, "answers"
    )
    await asyncio.sleep(3)
    assert all(len(citizens.answers(u)) == 2 for u in citizens.users)
    for db in (0, 1):  # the desk's turns, Rasa's conversation locks
        keys = redis.Redis(port=private_redis.port, db=db).keys("*")
        assert [k for k in keys if b"turns" in k or b"lock" in k] == [], db
