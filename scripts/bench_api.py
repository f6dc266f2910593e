"""Benchmark the desk API in-process (ASGI, real database): booking and FAQ-search latency.

    .venv/bin/python scripts/bench_api.py                       # temporary SQLite file
    .venv/bin/python scripts/bench_api.py --database-url postgresql://postgres@127.0.0.1:5432/x

The database must be empty or absent; it is migrated to head. Prints p50/p95 for:
sequential bookings (one per case, each into its own slot), a burst of concurrent
bookings on slots of capacity 5, and FAQ searches in zh-TW and English.
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alembic import command
from alembic.config import Config

from api.core.config import PROJECT_ROOT, Settings
from api.core.db import create_engine, create_sessionmaker, session_scope
from api.core.time import utcnow
from api.faq import service as faq
from api.faq.seed_data import FAQ_SEED
from api.mediation.models import MediationSlot
from api.staff.models import Staff, StaffRole
from api.staff.security import hash_password
from desk.app import create_app

TOKEN = "bench-service-token"
PASSWORD = "bench password 123456"
QUERIES = (
    "網購七天內可以退貨嗎", "健身房倒閉怎麼退費", "禮券過期還能用嗎", "調解要花錢嗎",
    "can I return goods bought online", "gym membership refund", "gift card expired",
    "is mediation free",
)  # fmt: skip
INTAKE = {
    "business_name": "示範商店（benchmark）",
    "category": "ecommerce",
    "description": "benchmark case",
    "contact_name": "示範測試者",
    "contact_phone": "0900000000",
}


def report(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"{name:<40} n={len(ms):<5} p50={statistics.median(ms):7.1f} ms  p95={p95:7.1f} ms")


async def timed(call: Callable[[], Awaitable[httpx.Response]], expect: int) -> float:
    started = time.perf_counter()
    response = await call()
    assert response.status_code == expect, response.text
    return time.perf_counter() - started


async def prepare(url: str, slots: list[int]) -> None:
    """Staff, FAQ and slots straight into the database (setup, not measured)."""
    engine = create_engine(url)
    async with session_scope(create_sessionmaker(engine)) as session:
        session.add(
            Staff(
                email="bench@desk.example",
                display_name="Bench",
                role=StaffRole.OFFICER,
                password_hash=hash_password(PASSWORD),
                created_at=utcnow(),
            )
        )
        await faq.seed_missing(session, entries=FAQ_SEED)
        start = utcnow().replace(microsecond=0) + timedelta(days=2)
        for index, capacity in enumerate(slots):
            at = start + timedelta(minutes=index)
            session.add(
                MediationSlot(
                    starts_at=at,
                    ends_at=at + timedelta(hours=1),
                    location="Bench room",
                    mediator="Bench",
                    capacity=capacity,
                    booked_count=0,
                    created_at=utcnow(),
                )
            )
    await engine.dispose()


async def cases_in_mediation(client: httpx.AsyncClient, n: int, staff: dict[str, str]) -> list[str]:
    numbers = []
    for i in range(n):
        bot = {"Authorization": f"Bearer {TOKEN}", "X-Desk-Sender": f"web:bench{i}"}
        number = (await client.post("/api/bot/cases", json=INTAKE, headers=bot)).json()["number"]
        for target in ("forwarded", "business_replied", "mediation_requested"):
            await client.post(
                f"/api/cases/{number}/transitions", json={"to_status": target}, headers=staff
            )
        numbers.append(number)
    return numbers


def book(
    client: httpx.AsyncClient, i: int, number: str, slot_id: int
) -> Callable[[], Awaitable[httpx.Response]]:
    bot = {"Authorization": f"Bearer {TOKEN}", "X-Desk-Sender": f"web:bench{i}"}
    body = {"case_number": number, "slot_id": slot_id}
    return lambda: client.post("/api/bot/mediation/bookings", json=body, headers=bot)


def search(client: httpx.AsyncClient, query: str) -> Callable[[], Awaitable[httpx.Response]]:
    bot = {"Authorization": f"Bearer {TOKEN}", "X-Desk-Sender": "web:reader"}
    return lambda: client.get("/api/bot/faq", params={"q": query}, headers=bot)


async def run(url: str, n: int, searches: int) -> None:
    burst = n // 2
    await prepare(url, [1] * (n - burst) + [5] * (burst // 5 + 1))
    app = create_app(Settings(database_url=url, service_token=TOKEN, session_secret="bench"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            login = await client.post(
                "/api/auth/login", json={"email": "bench@desk.example", "password": PASSWORD}
            )
            staff = {"Authorization": f"Bearer {login.json()['access_token']}"}
            numbers = await cases_in_mediation(client, n, staff)
            sequential = [
                await timed(book(client, i, numbers[i], i + 1), 201) for i in range(n - burst)
            ]
            report("booking, sequential", sequential)
            calls = [
                timed(book(client, i, numbers[i], n - burst + 1 + (i - n + burst) // 5), 201)
                for i in range(n - burst, n)
            ]
            report(f"booking, {burst} concurrent", list(await asyncio.gather(*calls)))
            found = [
                await timed(search(client, QUERIES[i % len(QUERIES)]), 200) for i in range(searches)
            ]
            report("FAQ search (zh-TW + en queries)", found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="empty database (default: temporary SQLite)")
    parser.add_argument("-n", type=int, default=200, help="cases to book (half sequential)")
    parser.add_argument("--searches", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = Settings(database_url=args.database_url or f"sqlite:///{tmp}/bench.db").database_url
        config = Config(str(PROJECT_ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        print(f"database: {url.split('://')[0]}, cases: {args.n}")
        asyncio.run(run(url, args.n, args.searches))


if __name__ == "__main__":
    main()
