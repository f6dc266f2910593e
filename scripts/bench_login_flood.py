"""Benchmark a web-chat turn alone and during a flood of wrong staff logins.

    .venv/bin/python scripts/bench_login_flood.py [-n 40] [--rasa-url URL] [--unthrottled]

Starts the desk app (uvicorn, its own process, SQLite at head) with a staff account, and a
fake Rasa (echo, in this process) unless --rasa-url names a running one. A citizen's web
chat turn (POST /chat/messages: store, ask Rasa, store the answer) is timed n times one after
another, first alone, then while 20 clients send wrong passwords in parallel without pause.
Prints p50 / p95 / max per phase and how the flood was answered (401 hashed, 429 throttled).

The throttle refuses an address after 50 failures without hashing; --unthrottled raises both
limits in the desk process so every attempt runs argon2 (the worst case the two-slot
limiter must absorb). Results are recorded in docs/benchmarks.md.
"""

import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.stack import free_port  # noqa: E402

FLOOD_CLIENTS = 20
# Run inside the desk process: optionally lift the login limits, then serve the app.
LAUNCHER = """
import sys, uvicorn
import api.staff.throttle as throttle
if sys.argv[2] == "unthrottled":
    throttle.ACCOUNT_LIMIT = throttle.Limit(10**9, 900)
    throttle.ADDRESS_LIMIT = throttle.Limit(10**9, 900)
uvicorn.run("desk.app:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]),
            log_level="warning")
"""
# The fake Rasa in a process of its own, so the flood's clients do not slow its answers.
FAKE_RASA = """
import sys, uvicorn
from tests.fakes.rasa import FakeRasa
uvicorn.run(FakeRasa().app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def make_staff(database_url: str) -> str:
    """Migrate the database and add one agent; returns the e-mail the flood aims at."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from api.core.time import utcnow
    from api.staff.models import Staff, StaffRole
    from api.staff.security import hash_password
    from tests.fixtures.database import migrate

    migrate(database_url)
    email = f"flood-{secrets.token_hex(3)}@desk.test"
    engine = create_engine(database_url.replace("+aiosqlite", ""))
    with Session(engine) as session:
        staff = Staff(
            email=email,
            display_name="Bench agent",
            role=StaffRole.AGENT,
            password_hash=hash_password(secrets.token_urlsafe(18)),
            created_at=utcnow(),
        )
        session.add(staff)
        session.commit()
    engine.dispose()
    return email


@contextmanager
def served(
    code: str, *args: str, env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[str]:
    """Run `code` (a uvicorn launcher taking the port first) in its own process."""
    port = free_port()
    output = log.open("ab") if log else None
    command = [sys.executable, "-c", code, str(port), *args]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if output:
            output.close()


def desk_env(database_url: str, rasa_url: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")} | {
        "DATABASE_URL": database_url,
        "SERVICE_TOKEN": secrets.token_urlsafe(24),
        "SESSION_SECRET": secrets.token_urlsafe(24),
        "RASA_URL": rasa_url,
        "CHAT_RATE_PER_CITIZEN": "100000",
        "CHAT_RATE_PER_ADDRESS": "100000",
    }


Turn = tuple[float, float, int]  # (started, seconds, HTTP status) on the perf_counter clock


async def chat_turns(client: httpx.AsyncClient, n: int, tag: str) -> list[Turn]:
    """n web-chat turns one after another (a failed turn is kept with its status)."""
    turns = []
    for i in range(n):
        text = f"健身房倒閉要怎麼退費？ {tag} {i}"
        body = {"client_message_id": f"bench-{tag}-{i:04d}", "text": text}
        started = time.perf_counter()
        try:
            status = (await client.post("/chat/messages", json=body)).status_code
        except httpx.HTTPError:
            status = 0  # the connection failed
        turns.append((started, time.perf_counter() - started, status))
    return turns


@dataclass
class Flood:
    """What the flood got back, and when the last password was actually hashed (a 401)."""

    outcomes: Counter[int] = field(default_factory=Counter)
    last_hashed: float = 0.0


async def flood(url: str, email: str, stop: asyncio.Event, seen: Flood, control: bool) -> None:
    """FLOOD_CLIENTS clients sending wrong passwords (or, as a control, GET /healthz) back to
    back until `stop`."""

    async def one(client: httpx.AsyncClient) -> None:
        while not stop.is_set():
            try:
                if control:
                    response = await client.get("/healthz")
                else:
                    wrong = {"email": email, "password": secrets.token_urlsafe(12)}
                    response = await client.post("/api/auth/login", json=wrong)
            except httpx.HTTPError:
                seen.outcomes[0] += 1  # the connection failed
                continue
            seen.outcomes[response.status_code] += 1
            if response.status_code == 401:
                seen.last_hashed = time.perf_counter()

    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        await asyncio.gather(*(one(client) for _ in range(FLOOD_CLIENTS)))


def summary(name: str, turns: list[Turn]) -> str:
    if not turns:
        return f"{name:<34} (no turns)"
    ms = sorted(took * 1000 for _, took, _ in turns)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    p50 = statistics.median(ms)
    failed = sum(status != 200 for _, _, status in turns)
    return (
        f"{name:<34} n {len(ms):3d}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {ms[-1]:7.1f} ms"
        f"  failed {failed}"
    )


async def measure(url: str, email: str, n: int, control: bool) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=60) as citizen:
        await citizen.get("/")  # the signed web-chat cookie
        await chat_turns(citizen, 5, "warm")
        alone = await chat_turns(citizen, n, "alone")
        stop, seen = asyncio.Event(), Flood()
        flooding = asyncio.create_task(flood(url, email, stop, seen, control))
        await asyncio.sleep(0.1)  # the flood is under way
        during = await chat_turns(citizen, n, "flood")
        stop.set()
        await flooding
    print(summary("chat turn, alone", alone))
    print(summary("chat turn, during the flood", during))
    if not control:
        hashing = [t for t in during if t[0] <= seen.last_hashed]
        print(summary("  … while passwords were hashed", hashing))
        print(summary("  … once every login was a 429", [t for t in during if t not in hashing]))
    what = "GET /healthz" if control else "wrong logins"
    print(f"flood: {FLOOD_CLIENTS} parallel clients, {what}: {dict(sorted(seen.outcomes.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=40, help="chat turns per phase")
    parser.add_argument("--rasa-url", help="a running Rasa server (default: a fake echo Rasa)")
    parser.add_argument("--unthrottled", action="store_true", help="hash every wrong login")
    parser.add_argument("--control", action="store_true", help="flood GET /healthz instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        database_url = f"sqlite+aiosqlite:///{Path(workdir) / 'desk.db'}"
        email = make_staff(database_url)
        rasa = nullcontext(args.rasa_url) if args.rasa_url else served(FAKE_RASA)
        with rasa as rasa_url:
            mode = "unthrottled" if args.unthrottled else "throttled"
            env = desk_env(database_url, rasa_url)
            log = Path(workdir) / "desk.log"
            with served(LAUNCHER, mode, env=env, log=log) as url:
                print(f"desk {url}, rasa {'real' if args.rasa_url else 'fake'}, {mode}")
                asyncio.run(measure(url, email, args.n, args.control))
            locked = log.read_text(errors="replace").count("database is locked")
            print(f"desk log: {locked} 'database is locked' errors")


if __name__ == "__main__":
    main()
