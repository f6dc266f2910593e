"""Benchmark the LINE gateway: N signed webhooks fired concurrently at a desk app wired to
a local fake LINE platform and a running Rasa; compared with the same messages sent
straight to Rasa's REST channel.

    .venv/bin/python scripts/bench_webhooks.py --rasa-url http://127.0.0.1:5005 -n 200
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alembic import command
from alembic.config import Config

from api.core.config import Settings
from desk.app import create_app
from tests.channels.conftest import line_body, sign, text_event
from tests.fakes.line_platform import FakeLine
from tests.fakes.server import serve

SECRET, TOKEN = "bench-secret", "bench-token"
TEXT = "健身房倒閉要怎麼退費？"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def fire(
    desk: str, line: FakeLine, n: int, *, first: int = 0
) -> tuple[list[float], list[float]]:
    """Fire n signed webhooks from n distinct citizens at once (numbered from `first`)."""
    tokens = [line.issue_reply_token() for _ in range(n)]
    acks: list[float] = []
    started: dict[str, float] = {}
    async with httpx.AsyncClient(timeout=60) as client:

        async def one(i: int) -> None:
            user, event_id = f"Ubench{first + i:026d}", f"b{first + i}"
            body = line_body(text_event(user, TEXT, event_id=event_id, token=tokens[i]))
            started[tokens[i]] = t0 = time.perf_counter()
            await client.post(
                f"{desk}/webhooks/line",
                content=body,
                headers={"X-Line-Signature": sign(body, SECRET)},
            )
            acks.append(time.perf_counter() - t0)

        await asyncio.gather(*(one(i) for i in range(n)))
    arrived: dict[str, float] = {}
    while len(arrived) < n:
        for reply in line.replies():
            if reply.reply_token in started:
                arrived.setdefault(reply.reply_token, time.perf_counter())
        await asyncio.sleep(0.01)
    return acks, [arrived[t] - started[t] for t in tokens]


async def direct(rasa: str, n: int) -> list[float]:
    async with httpx.AsyncClient(timeout=60) as client:

        async def one(i: int) -> float:
            t0 = time.perf_counter()
            sender = f"line:Ubenchdirect{i:020d}"
            body = {"sender": sender, "message": TEXT, "metadata": {"language": "zh-TW"}}
            await client.post(f"{rasa}/webhooks/rest/webhook", json=body)
            return time.perf_counter() - t0

        return list(await asyncio.gather(*(one(i) for i in range(n))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument(
        "--database-url", help="an empty database to migrate (default: a temporary SQLite file)"
    )
    args = parser.parse_args()
    db = (
        Settings(database_url=args.database_url).database_url
        if args.database_url
        else (f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db")
    )
    config = Config("alembic.ini")
    config.attributes["database_url"] = db
    command.upgrade(config, "head")
    line = FakeLine(access_token=TOKEN)
    with serve(line.app()) as line_url:
        settings = Settings(
            database_url=db,
            rasa_url=args.rasa_url,
            line_channel_secret=SECRET,
            line_channel_access_token=TOKEN,
            line_api_base_url=line_url,
            line_data_api_base_url=line_url,
            delivery_poll_seconds=0,
        )
        with serve(create_app(settings), lifespan="on") as desk_url:
            # Warm-up (not measured): first-use costs such as statement compilation.
            asyncio.run(fire(desk_url, line, 5, first=10_000))
            acks, replies = asyncio.run(fire(desk_url, line, args.n))
    rasa = asyncio.run(direct(args.rasa_url, args.n))
    print(
        f"n={args.n} webhook ack "
        f"p50={percentile(acks, 0.5):.0f}ms p99={percentile(acks, 0.99):.0f}ms"
    )
    print(
        f"gateway reply p50={percentile(replies, 0.5):.0f}ms p95={percentile(replies, 0.95):.0f}ms"
    )
    print(f"rasa direct p50={percentile(rasa, 0.5):.0f}ms p95={percentile(rasa, 0.95):.0f}ms")
    print(f"ratio p50={statistics.median(replies) / statistics.median(rasa):.2f}")


if __name__ == "__main__":
    main()
