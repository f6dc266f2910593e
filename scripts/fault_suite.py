"""Fault suite and scale-out figures against the production configuration on this machine
(`make fault-suite`; results in docs/benchmarks.md). Starts what `make run-production`
starts — on databases of its own (created, then dropped), a local fake LINE platform and
the Redis on REDIS_URL — then, each with N citizens at once:

1. every LINE event delivered 3× concurrently, then again marked isRedelivery → one answer;
2. one Rasa server killed during a burst → every citizen answered exactly once, told
   politely meanwhile when their turn had to wait;
3. Rasa throughput, one server vs two (the same burst sent straight to the REST channel),
   with the machine's CPU utilisation during each;
4. webhook ack p50/p99 of a burst, on PostgreSQL, while Rasa is saturated.

    .venv/bin/python -m scripts.fault_suite -n 50

The faults short enough for CI are tests instead: Rasa killed and Redis restarted
(tests/production/test_faults_e2e.py); PostgreSQL restarted, the action server down, 100
bookings of one seat and the log scan (tests/production/private_postgres/, on a PostgreSQL
cluster of their own, since restarting the shared one would break other suites).
"""

import argparse
import asyncio
import secrets
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

from api.core.signing import METADATA_KEY, sign_sender
from bot.gateway.replies import TEXTS
from scripts import train
from scripts.production import production_config
from scripts.seed import seed_faq
from scripts.stack import Stack, free_port
from scripts.supervisor import Backoff
from tests.channels.conftest import line_body, sign, text_event
from tests.fakes.line_platform import FakeLine
from tests.fakes.server import serve
from tests.fixtures.channels import LINE_SECRET, LINE_TOKEN
from tests.fixtures.database import PG_ADMIN_DSN, migrate

TEXT = "健身房倒閉要怎麼退費？"
NOTE = TEXTS["received_later"].zh


@contextmanager
def databases() -> Iterator[tuple[str, str]]:
    names = [f"fault_desk_{uuid.uuid4().hex[:8]}", f"fault_rasa_{uuid.uuid4().hex[:8]}"]
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].split("://", 1)[1]
    try:
        desk = f"postgresql+psycopg://{base}/{names[0]}"
        migrate(desk)
        # The turns ask an FAQ question: the answer the action server fetches must exist.
        asyncio.run(seed_faq(desk))
        yield desk, f"postgresql://{base}/{names[1]}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Line:
    """The fake LINE platform, seen per citizen."""

    def __init__(self, fake: FakeLine) -> None:
        self.fake = fake
        self.owner: dict[str, str] = {}  # reply token → user

    def answers(self, user: str) -> list[list[str]]:
        batches = [
            [str(m.get("text", "")) for m in s.messages]
            for s in self.fake.sent
            if (s.kind == "push" and s.to == user)
            or (s.kind == "reply" and self.owner.get(s.reply_token or "") == user)
        ]
        return batches

    def counts(self, users: list[str]) -> tuple[int, int]:
        """(answers other than the polite note, notes) over all users."""
        batches = [b for u in users for b in self.answers(u)]
        notes = sum(1 for b in batches if any(NOTE in t for t in b))
        return len(batches) - notes, notes


async def post(client: httpx.AsyncClient, desk: str, body: bytes) -> float:
    started = time.perf_counter()
    response = await client.post(
        f"{desk}/webhooks/line", content=body, headers={"X-Line-Signature": sign(body)}
    )
    assert response.status_code == 200, response.text
    return time.perf_counter() - started


def event(line: Line, user: str, event_id: str, *, redelivery: bool = False) -> bytes:
    token = line.fake.issue_reply_token()
    line.owner[token] = user
    payload = text_event(user, TEXT, event_id=event_id, token=token)
    payload["deliveryContext"] = {"isRedelivery": redelivery}
    return line_body(payload)


async def wait_answered(line: Line, users: list[str], limit: float = 300) -> float:
    started = time.monotonic()
    while not all(any(not _note(b) for b in line.answers(u)) for u in users):
        if time.monotonic() - started > limit:
            raise TimeoutError("not every citizen was answered")
        await asyncio.sleep(0.1)
    await asyncio.sleep(3)  # a duplicate would arrive within the worker's next rounds
    return time.monotonic() - started


def _note(batch: list[str]) -> bool:
    return any(NOTE in text for text in batch)


async def redeliveries(stack: Stack, line: Line, n: int) -> str:
    users = [f"Uredeliver{i:023d}" for i in range(n)]
    async with httpx.AsyncClient(timeout=60) as client:
        bodies = [event(line, u, f"redeliver-{u}") for u in users]
        await asyncio.gather(*(post(client, stack.desk_url, b) for b in bodies for _ in range(3)))
        again = [event(line, u, f"redeliver-{u}", redelivery=True) for u in users]
        await asyncio.gather(*(post(client, stack.desk_url, b) for b in again))
    await wait_answered(line, users)
    answers, _ = line.counts(users)
    return f"| {n} events × 3 concurrent + 1 isRedelivery | {answers} answers for {n} citizens |"


async def rasa_killed(stack: Stack, line: Line, n: int) -> str:
    users = [f"Ukilled{i:026d}" for i in range(n)]
    async with httpx.AsyncClient(timeout=60) as client:
        first = [post(client, stack.desk_url, event(line, u, f"k-{u}")) for u in users[: n // 2]]
        sending = asyncio.gather(*first)
        await asyncio.sleep(0.5)
        stack.kill("rasa")
        rest = [post(client, stack.desk_url, event(line, u, f"k-{u}")) for u in users[n // 2 :]]
        await asyncio.gather(sending, *rest)
    took = await wait_answered(line, users)
    answers, notes = line.counts(users)
    exact = all(sum(not _note(b) for b in line.answers(u)) == 1 for u in users)
    await asyncio.to_thread(stack.wait_ready, 300, ["rasa"])
    return (
        f"| one Rasa server killed mid-burst of {n} | {answers} answers, each citizen exactly "
        f"once: {exact}; {notes} polite notes; all answered {took:.1f} s after the burst |"
    )


def cpu_busy() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


async def rasa_throughput(urls: list[str], n: int, tag: str, key: bytes) -> tuple[float, float]:
    """n turns of n senders spread over `urls`: turns per second and CPU utilisation. Each
    sender signed with the gateway's key, as the gateway does, or the FAQ action's call to
    the desk API is refused and the turn measured is not a real one."""
    busy0, total0 = cpu_busy()
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=120) as client:

        async def one(i: int) -> None:
            sender = f"web:{tag}{i}"
            metadata = {METADATA_KEY: sign_sender(key, sender), "language": "zh-TW"}
            body = {"sender": sender, "message": TEXT, "metadata": metadata}
            response = await client.post(f"{urls[i % len(urls)]}/webhooks/rest/webhook", json=body)
            response.raise_for_status()

        await asyncio.gather(*(one(i) for i in range(n)))
    took = time.perf_counter() - started
    busy1, total1 = cpu_busy()
    return n / took, (busy1 - busy0) / max(1, total1 - total0)


async def ack_under_load(stack: Stack, line: Line, n: int) -> str:
    users = [f"Uack{i:029d}" for i in range(n)]
    async with httpx.AsyncClient(timeout=60) as client:
        acks = sorted(
            await asyncio.gather(
                *(post(client, stack.desk_url, event(line, u, f"a-{u}")) for u in users)
            )
        )
    await wait_answered(line, users)
    p50, p99 = acks[len(acks) // 2] * 1000, acks[min(len(acks) - 1, int(0.99 * len(acks)))] * 1000
    return f"| webhook ack, burst of {n}, PostgreSQL | p50 {p50:.0f} ms, p99 {p99:.0f} ms |"


async def scenarios(stack: Stack, line: Line, n: int) -> list[str]:
    rows = [await redeliveries(stack, line, min(n, 20))]
    rows.append(await ack_under_load(stack, line, n))
    rows.append(await rasa_killed(stack, line, n))
    urls, key = stack.config.rasa_urls, stack.config.sender_signing_key.encode()
    await rasa_throughput(urls, 10, "warm", key)
    one, one_cpu = await rasa_throughput(urls[:1], n, "one", key)
    two, two_cpu = await rasa_throughput(urls, n, "two", key)
    rows.append(
        f"| Rasa throughput, {n} turns at once | one server {one:.1f} turns/s (CPU {one_cpu:.0%}); "
        f"two servers {two:.1f} turns/s (CPU {two_cpu:.0%}); ratio {two / one:.2f} |"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="citizens per burst")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    fake = FakeLine(access_token=LINE_TOKEN)
    keys = {k: secrets.token_urlsafe(24) for k in
            ("SERVICE_TOKEN", "SESSION_SECRET", "RASA_TOKEN", "SENDER_SIGNING_KEY")}  # fmt: skip
    with serve(fake.app()) as line_url, databases() as (desk_db, tracker_db):
        channel = {"LINE_CHANNEL_SECRET": LINE_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
                   "LINE_API_BASE_URL": line_url, "LINE_DATA_API_BASE_URL": line_url,
                   "DELIVERY_POLL_SECONDS": "0.5"}  # fmt: skip
        lock_prefix = "fault" + uuid.uuid4().hex[:6]
        env = {"DATABASE_URL": desk_db, "RASA_TRACKER_DB_URL": tracker_db,
               "REDIS_URL": args.redis_url, "RASA_LOCK_PREFIX": lock_prefix}  # fmt: skip
        config = production_config(
            train.model_path(), keys, env, log_dir=Path(tempfile.mkdtemp()) / "logs",
            desk_port=free_port(), rasa_ports=(free_port(), free_port()),
            actions_port=free_port(), extra_env=channel,
        )  # fmt: skip
        config.backoff = Backoff(first=0.5, cap=5)
        stack = Stack(config)
        stack.start()
        try:
            stack.wait_ready(timeout=420)
            print(f"production configuration up; logs in {config.log_dir}", flush=True)
            rows = asyncio.run(scenarios(stack, Line(fake), args.n))
        finally:
            stack.stop()
    print("| scenario | result |\n| --- | --- |\n" + "\n".join(rows))


if __name__ == "__main__":
    main()
