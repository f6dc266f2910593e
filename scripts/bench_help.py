"""Benchmark the help centre's HTML in-process (ASGI, real database, seeded FAQ).

    .venv/bin/python scripts/bench_help.py [-n 300] [--database-url URL]

The database must be empty or absent; it is migrated to head and the FAQ seeded. Each
page is requested n times one after another (after a warm-up) and p50/p95/max of the
whole response (routing, queries, search, Jinja2 rendering) are printed; results are
recorded in docs/benchmarks.md. No network: the httpx ASGI transport calls the app.
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

from api.core.config import PROJECT_ROOT, Settings
from api.core.db import create_engine, create_sessionmaker, session_scope
from api.faq import service as faq
from api.faq.seed_data import FAQ_SEED
from desk.app import create_app

PAGES = {
    "home": "/help",
    "section": "/help/sections/disputes",
    "answer (zh-TW)": "/help/topics/gym_cancellation",
    "answer (en)": "/help/topics/cooling_off?lang=en",
    "search zh-TW": "/help/search?q=健身房倒閉可以退費嗎",
    "search en (typo)": "/help/search?q=coolng+off+perod&lang=en",
    "search as you type": "/help/search?q=禮券過期",
    "contact": "/help/contact",
    "privacy": "/help/privacy?lang=en",
}
AS_YOU_TYPE = {"HX-Request": "true"}
WARM_UP = 20


def report(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(
        f"{name:<22} n={len(ms):<5} p50={statistics.median(ms):6.1f} ms  "
        f"p95={p95:6.1f} ms  max={ms[-1]:6.1f} ms"
    )


def migrate(url: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    command.upgrade(config, "head")


async def seed(url: str) -> None:
    engine = create_engine(url)
    async with session_scope(create_sessionmaker(engine)) as session:
        await faq.seed_missing(session, entries=FAQ_SEED)
    await engine.dispose()


async def measure(client: httpx.AsyncClient, name: str, path: str, n: int) -> list[float]:
    headers = AS_YOU_TYPE if name == "search as you type" else {}
    for _ in range(WARM_UP):
        (await client.get(path, headers=headers)).raise_for_status()
    seconds = []
    for _ in range(n):
        started = time.perf_counter()
        response = await client.get(path, headers=headers)
        seconds.append(time.perf_counter() - started)
        response.raise_for_status()
    return seconds


async def run(url: str, n: int) -> None:
    await seed(url)
    settings = Settings(database_url=url, service_token="bench-token", session_secret="bench")
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name, path in PAGES.items():
                report(name, await measure(client, name, path, n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="requests per page")
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = Settings(database_url=args.database_url or f"sqlite:///{tmp}/bench.db").database_url
        migrate(url)
        asyncio.run(run(url, args.n))


if __name__ == "__main__":
    main()
