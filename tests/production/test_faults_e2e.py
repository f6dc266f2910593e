"""Faults against the production configuration (two desk workers, two Rasa servers on one
PostgreSQL tracker store and a Redis lock store, the action server, all supervised):
nothing lost, nothing answered twice, the citizen told politely while waiting."""

import asyncio
import time
from collections.abc import Callable

import httpx
import pytest
import redis

from bot.gateway.replies import TEXTS
from scripts.stack import Stack
from tests.channels.conftest import line_body, sign, text_event
from tests.fakes.line_platform import FakeLine, Sent
from tests.fixtures.channels import ChannelFakes
from tests.production.conftest import PrivateRedis

pytestmark = [pytest.mark.e2e, pytest.mark.production]
RECEIVED_NOTE = TEXTS["received_later"].zh


class Citizens:
    """LINE users of one test, their reply tokens and what the fake platform got for them."""

    def __init__(self, line: FakeLine, prefix: str, count: int) -> None:
        self.line = line
        self.users = [f"U{prefix}{i:04d}".ljust(33, "0") for i in range(count)]
        self._owners: dict[str, str] = {}  # reply token → user

    def reply_token(self, user: str) -> str:
        token = self.line.issue_reply_token()
        self._owners[token] = user
        return token

    def deliveries(self, user: str) -> list[Sent]:
        return [
            s for s in self.line.sent
            if (s.kind == "push" and s.to == user)
            or (s.kind == "reply" and self._owners.get(s.reply_token or "") == user)
        ]  # fmt: skip

    def answers(self, user: str) -> list[Sent]:
        """Deliveries other than the "received, we will answer" note."""
        return [s for s in self.deliveries(user) if not _is_note(s)]

    def notes(self, user: str) -> list[Sent]:
        return [s for s in self.deliveries(user) if _is_note(s)]


def _is_note(sent: Sent) -> bool:
    return any(RECEIVED_NOTE in str(m.get("text", "")) for m in sent.messages)


async def send(stack: Stack, citizens: Citizens, users: list[str], text: str, tag: str) -> None:
    """One signed webhook per user, all at once; each must be acknowledged."""
    async with httpx.AsyncClient(timeout=30) as client:

        async def post(user: str) -> int:
            token = citizens.reply_token(user)
            event = text_event(user, text, event_id=f"{tag}-{user}", token=token)
            body = line_body(event)
            headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
            response = await client.post(f"{stack.desk_url}/webhooks/line", content=body,
                                         headers=headers)  # fmt: skip
            return response.status_code

        codes = await asyncio.gather(*(post(user) for user in users))
    assert set(codes) == {200}


async def wait_for(predicate: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.25)


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
