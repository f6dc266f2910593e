"""Per-citizen order: in one process (queues) and across desk workers (Redis turns, against
the local Redis server; two SerialQueues stand for two worker processes)."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.gateway.ordering import RedisTurns, SerialQueues

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
    except Exception:
        pytest.skip("Redis not reachable on 127.0.0.1:6379")
    yield client
    await client.aclose()


@pytest.fixture
def prefix() -> str:
    return f"desk-test:{uuid.uuid4().hex}:"


def turns(redis: Redis, prefix: str, **options: float) -> RedisTurns:
    return RedisTurns(Redis.from_url(REDIS_URL), prefix=prefix, **options)


async def test_one_citizens_jobs_never_overlap_and_keep_order_across_workers(
    redis: Redis, prefix: str
) -> None:
    lines = [turns(redis, prefix), turns(redis, prefix)]
    workers = [SerialQueues(lines[0]), SerialQueues(lines[1])]
    running: list[int] = []
    finished: list[int] = []

    def job(n: int):  # type: ignore[no-untyped-def]
        async def run() -> None:
            running.append(n)
            assert len(running) == 1, f"jobs {running} overlap"
            await asyncio.sleep(0.01)
            running.remove(n)
            finished.append(n)

        return run

    for n in range(12):  # alternate between the two "processes", as a load balancer would
        workers[n % 2].submit("line:U1", job(n))
        await lines[n % 2].settled()  # the next message arrives after this one was stored
    for worker in workers:
        await worker.close()
    assert finished == list(range(12))
    assert await redis.keys(prefix + "*") == []  # nothing left held


async def test_other_citizens_do_not_wait(redis: Redis, prefix: str) -> None:
    queues = SerialQueues(turns(redis, prefix))
    release = asyncio.Event()
    done: list[str] = []

    async def slow() -> None:
        await release.wait()
        done.append("slow")

    async def quick() -> None:
        done.append("quick")
        release.set()

    queues.submit("line:A", slow)
    queues.submit("line:B", quick)
    await asyncio.wait_for(queues.close(), 5)
    assert done == ["quick", "slow"]


async def test_a_turn_left_by_a_dead_worker_is_skipped_after_the_grace(
    redis: Redis, prefix: str
) -> None:
    stuck = turns(redis, prefix, grace=0.3)
    queue_key = stuck._list_key("line:U1")
    await redis.rpush(queue_key, "ticket-of-a-killed-process")
    ran: list[str] = []

    async def job() -> None:
        ran.append("ran")

    queues = SerialQueues(stuck)
    queues.submit("line:U1", job)
    await asyncio.wait_for(queues.close(), 5)
    assert ran == ["ran"]
    assert await redis.exists(queue_key) == 0


async def test_redis_restarted_mid_wait_leaves_nothing_held(redis: Redis, prefix: str) -> None:
    waiting = turns(redis, prefix, grace=60)
    queue_key = waiting._list_key("line:U1")
    await redis.rpush(queue_key, "held-by-another-worker")
    await redis.set(queue_key + ":held", "held-by-another-worker")
    ran = asyncio.Event()

    async def job() -> None:
        ran.set()

    queues = SerialQueues(waiting)
    queues.submit("line:U1", job)
    await asyncio.sleep(0.2)
    assert not ran.is_set()  # a live holder: it waits
    await redis.delete(queue_key, queue_key + ":held")  # what a Redis restart does
    await asyncio.wait_for(queues.close(), 5)
    assert ran.is_set()
    assert await redis.keys(prefix + "*") == []


async def test_redis_down_runs_jobs_in_process_order() -> None:
    down = RedisTurns(Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2))
    queues = SerialQueues(down)
    done: list[int] = []
    for n in range(3):

        async def job(n: int = n) -> None:
            done.append(n)

        queues.submit("line:U1", job)
    await asyncio.wait_for(queues.close(), 10)
    assert done == [0, 1, 2]
