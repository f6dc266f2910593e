"""The lock store the production Rasa servers run with (rasa_runtime/lock_store.py), built by
Rasa's own factory from endpoints.production.yml, on the real Redis: a dead holder's ticket
blocks its conversation for seconds, a live holder keeps its turn to itself however long it
runs, and a renewal never drops a ticket another server issued."""

import asyncio
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from rasa_runtime.lock_store import TICKET_SECONDS, DeskLockStore
from tests.actions.production_endpoints import ROOT, read_production_endpoints

CONVERSATION = "line:Ulockstore0001"
# A Rasa server's turn, in a process of its own: takes the conversation's lock through the
# production endpoint file and holds it until killed.
HOLD_A_TURN = """
import asyncio, sys
from rasa.core.lock_store import LockStore
from rasa.core.utils import read_endpoints_from_path

async def main():
    store = LockStore.create(read_endpoints_from_path("endpoints.production.yml").lock_store)
    async with store.lock(sys.argv[1]):
        print("holding", flush=True)
        await asyncio.sleep(3600)

asyncio.run(main())
"""


@pytest.fixture
def prefix() -> Iterator[str]:
    """Keys of this test's own (Rasa allows letters and digits only), removed afterwards."""
    name = f"test{uuid.uuid4().hex[:10]}"
    yield name
    client = redis.Redis(host="127.0.0.1", port=6379, db=1)
    for key in client.scan_iter(f"{name}:*"):
        client.delete(key)


def production_lock_store(
    monkeypatch: pytest.MonkeyPatch, prefix: str, ticket_seconds: float | None = None
) -> LockStore:
    """What Rasa builds from endpoints.production.yml (a shorter ticket when given)."""
    config = read_production_endpoints(monkeypatch, lock_prefix=prefix).lock_store
    assert config is not None
    if ticket_seconds is not None:
        config.kwargs["ticket_seconds"] = ticket_seconds
    return LockStore.create(config)


async def time_to_lock(store: LockStore) -> float:
    started = time.monotonic()
    async with store.lock(CONVERSATION, wait_time_in_seconds=0.2):
        return time.monotonic() - started


def test_the_production_endpoints_run_the_desk_lock_store_on_redis(
    monkeypatch: pytest.MonkeyPatch, prefix: str
) -> None:
    store = production_lock_store(monkeypatch, prefix)
    # Rasa falls back to nothing silently only for trackers; a wrong module path here would
    # raise, a wrong type would give Rasa's plain store with its 60 s tickets.
    assert type(store) is DeskLockStore
    assert store.key_prefix.startswith(prefix)


def test_a_killed_holders_ticket_blocks_its_conversation_only_briefly(
    monkeypatch: pytest.MonkeyPatch, prefix: str
) -> None:
    """A Rasa server killed mid-turn (SIGKILL: no cleanup) leaves its ticket behind."""
    read_production_endpoints(monkeypatch, lock_prefix=prefix)  # the server's environment
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_TURN, CONVERSATION],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
    finally:
        holder.kill()
        holder.wait()
    store = production_lock_store(monkeypatch, prefix)
    waited = asyncio.run(time_to_lock(store))
    # The ticket expires TICKET_SECONDS after its last renewal; Rasa's own Redis store
    # (`type: redis`) keeps a ticket for its 60 s lifetime.
    assert waited < TICKET_SECONDS + 5


def test_a_live_holder_keeps_its_turn_beyond_the_ticket_lifetime(
    monkeypatch: pytest.MonkeyPatch, prefix: str
) -> None:
    store = production_lock_store(monkeypatch, prefix, ticket_seconds=0.4)
    other_server = production_lock_store(monkeypatch, prefix, ticket_seconds=0.4)
    events: list[str] = []

    async def long_turn() -> None:
        async with store.lock(CONVERSATION, wait_time_in_seconds=0.05):
            events.append("first starts")
            await asyncio.sleep(1.6)  # four ticket lifetimes
            events.append("first ends")

    async def next_turn() -> None:
        await asyncio.sleep(0.1)
        async with other_server.lock(CONVERSATION, wait_time_in_seconds=0.05):
            events.append("second starts")

    async def both() -> None:
        await asyncio.gather(long_turn(), next_turn())

    asyncio.run(both())
    assert events == ["first starts", "first ends", "second starts"]


def test_a_renewal_changes_only_its_own_ticket(
    monkeypatch: pytest.MonkeyPatch, prefix: str
) -> None:
    store = production_lock_store(monkeypatch, prefix, ticket_seconds=5)
    assert isinstance(store, DeskLockStore)
    mine = store.issue_ticket(CONVERSATION, 5)
    plain = RedisLockStore(host="127.0.0.1", db=1, key_prefix=prefix)
    theirs = plain.issue_ticket(CONVERSATION, 30)  # another server, meanwhile
    before = {t.number: t.expires for t in store.get_lock(CONVERSATION).tickets}  # type: ignore[union-attr]
    assert store.renew(CONVERSATION, mine)
    after = {t.number: t.expires for t in store.get_lock(CONVERSATION).tickets}  # type: ignore[union-attr]
    assert set(after) == {mine, theirs}
    assert after[theirs] == before[theirs]
    assert after[mine] > before[mine]
    store.cleanup(CONVERSATION, mine)
    assert not store.renew(CONVERSATION, mine)


def test_a_custom_ticket_lifetime_comes_from_the_endpoint_file() -> None:
    config = EndpointConfig(url="127.0.0.1", port=6379, db=1, ticket_seconds=3)
    store = DeskLockStore(config)
    assert store.ticket_seconds == 3.0
