"""Benchmark the abuse limits against a real desk process (uvicorn, SQLite, a fake Rasa).

    .venv/bin/python -m scripts.bench_limits [--flood 200] [--turns 20]

1. Body limits: the desk's RSS before and after one 50 MB POST with a declared length,
   eight at once, and one 50 MB chunked POST; how long until the 413 arrives.
2. Chat flood: citizen B's reply latency alone, then while citizen A (another address,
   given by X-Forwarded-For to uvicorn's proxy headers) floods the chat; how many of A's
   messages were answered and how many refused with 429.
Status 0 means the connection was reset before the client read the 413 (the desk closes
while the client is still sending). Results are recorded in docs/benchmarks.md. The fake
Rasa answers at once, so latencies are the desk's own work.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.rasa import FakeRasa
from tests.fakes.server import free_port, serve
from tests.fixtures.database import migrate

FIFTY_MB = 50 * 1024 * 1024
CHUNK = 1024 * 1024


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def start_desk(tmp: Path, rasa_url: str, port: int) -> subprocess.Popen[bytes]:
    url = f"sqlite+aiosqlite:///{tmp / 'desk.db'}"
    await asyncio.to_thread(migrate, url)  # Alembic runs its own event loop
    env = os.environ | {
        "DATABASE_URL": url,
        "SESSION_SECRET": "bench-session-secret-0123456789",
        "SERVICE_TOKEN": "bench-service-token-0123456789",
        "RASA_URL": rasa_url,
        "EVIDENCE_DIR": str(tmp / "evidence"),
    }
    command = [sys.executable, "-m", "uvicorn", "desk.app:create_app", "--factory"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    command += ["--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"]
    return subprocess.Popen(command, env=env)  # noqa: ASYNC220 (started once, returns at once)


async def wait_ready(base: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(200):
            try:
                if (await client.get(f"{base}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the desk did not start")


async def big_post(port: int, *, chunked: bool) -> tuple[int, float]:
    """Send up to 50 MB; the status line the desk answered and seconds until it came."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {FIFTY_MB}"
    head = f"POST /chat/messages HTTP/1.1\r\nHost: desk\r\n{length}\r\n"
    writer.write((head + "Content-Type: application/json\r\n\r\n").encode())
    started = time.perf_counter()
    answer = asyncio.ensure_future(reader.readline())
    sent = 0
    try:
        while sent < FIFTY_MB and not answer.done():
            body = b"x" * CHUNK
            writer.write(b"%x\r\n%s\r\n" % (CHUNK, body) if chunked else body)
            await writer.drain()
            sent += CHUNK
    except ConnectionError:
        pass  # the desk closed the connection after its 413
    try:
        status = await asyncio.wait_for(answer, 30)
    except ConnectionResetError:
        status = b""  # the close overtook the 413 on the wire (the client was still sending)
    elapsed = time.perf_counter() - started
    writer.close()
    return int(status.split()[1]) if status else 0, elapsed


async def body_limits(pid: int, port: int) -> None:
    print(f"desk RSS at rest: {rss_mb(pid):.0f} MB")
    status, seconds = await big_post(port, chunked=False)
    print(
        f"one 50 MB POST (Content-Length): {status} in {seconds * 1000:.0f} ms, "
        f"RSS {rss_mb(pid):.0f} MB"
    )
    results = await asyncio.gather(*(big_post(port, chunked=False) for _ in range(8)))
    print(
        f"eight at once: {sorted({s for s, _ in results})}, "
        f"slowest {max(t for _, t in results) * 1000:.0f} ms, RSS {rss_mb(pid):.0f} MB"
    )
    status, seconds = await big_post(port, chunked=True)
    print(f"one 50 MB chunked POST: {status} in {seconds * 1000:.0f} ms, RSS {rss_mb(pid):.0f} MB")


async def open_chat(base: str, address: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, headers={"X-Forwarded-For": address}, timeout=30)
    (await client.get("/")).raise_for_status()
    return client


async def say(client: httpx.AsyncClient, text: str) -> tuple[int, float]:
    started = time.perf_counter()
    body = {"client_message_id": uuid.uuid4().hex[:20], "text": text}
    response = await client.post("/chat/messages", json=body)
    return response.status_code, time.perf_counter() - started


async def citizen_b(client: httpx.AsyncClient, turns: int) -> list[float]:
    seconds = []
    for n in range(turns):
        status, elapsed = await say(client, f"question {n}")
        assert status == 200, status
        seconds.append(elapsed)
        await asyncio.sleep(0.05)
    return seconds


async def flood(client: httpx.AsyncClient, count: int) -> list[int]:
    gate = asyncio.Semaphore(20)

    async def one(n: int) -> int:
        async with gate:
            return (await say(client, f"spam {n}"))[0]

    return list(await asyncio.gather(*(one(n) for n in range(count))))


def summary(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return f"p50 {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms"


async def chat_flood(base: str, count: int, turns: int) -> None:
    alone_client = await open_chat(base, "10.0.0.2")
    print(f"citizen B alone: {summary(await citizen_b(alone_client, turns))}")
    flooder, neighbour = await open_chat(base, "10.0.0.1"), await open_chat(base, "10.0.0.3")
    codes, seconds = await asyncio.gather(flood(flooder, count), citizen_b(neighbour, turns))
    print(f"citizen B during A's flood of {count}: {summary(seconds)}")
    print(f"A's flood: {codes.count(200)} answered, {codes.count(429)} refused with 429")
    for client in (alone_client, flooder, neighbour):
        await client.aclose()


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp, serve(FakeRasa().app()) as rasa_url:
        port = free_port()
        desk = await start_desk(Path(tmp), rasa_url, port)
        try:
            base = f"http://127.0.0.1:{port}"
            await wait_ready(base)
            await body_limits(desk.pid, port)
            await chat_flood(base, args.flood, args.turns)
        finally:
            desk.terminate()
            desk.wait(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", type=int, default=200, help="messages citizen A sends")
    parser.add_argument("--turns", type=int, default=20, help="messages citizen B sends")
    asyncio.run(run(parser.parse_args()))
