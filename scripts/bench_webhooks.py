"""Benchmark the LINE gateway on the production configuration (results: docs/benchmarks.md,
"Channels"). Starts what `make run-production` starts — desk workers on PostgreSQL with
Redis turns, Rasa server(s) on a PostgreSQL tracker store and the Redis lock store, the
action server, all supervised — on databases of its own and a local fake LINE platform,
then measures from this process (the load generator, apart from the desk):

1. reply latency through the LINE webhook (webhook sent → reply arriving at the fake
   LINE API) against the same turns sent straight to Rasa's REST channel (same server
   choice, signed sender), at each concurrency, rounds interleaved so both see one machine;
2. webhook ack latency of a burst, once on a quiet Rasa and once while Rasa is saturated
   by the previous burst's turns; and, just before, the same burst of GET /healthz (the
   floor any request pays on this machine). Bursts are sent by scripts/burst_client.py,
   a lean client in a process of its own (prepared requests on warm connections).

    .venv/bin/python -m scripts.bench_webhooks --concurrency 1 10 50 --burst 50
"""

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import httpx

from api.core.signing import METADATA_KEY, sign_sender
from bot.gateway.rasa_client import server_order
from scripts import cpu_use
from scripts.bench_stack import TimedLine, production_stack
from scripts.fault_suite import rasa_throughput
from scripts.stack import Stack
from tests.channels.conftest import line_body, sign, text_event
from tests.fixtures.channels import LINE_SECRET

TEXT = "健身房倒閉要怎麼退費？"
ROUNDS = {1: 60, 10: 20, 50: 2}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class Bench:
    def __init__(self, stack: Stack, line: TimedLine, signing_key: bytes) -> None:
        self.stack, self.line, self._key = stack, line, signing_key
        self.cpu_rows: list[str] = []
        self.client = httpx.AsyncClient(
            timeout=120, limits=httpx.Limits(max_connections=200, max_keepalive_connections=200)
        )

    def signed_event(self, user: str, text: str = TEXT) -> tuple[str, bytes, dict[str, str]]:
        """One text event of `user`: (its reply token, the body, the webhook's headers)."""
        token = self.line.issue_reply_token()
        body = line_body(text_event(user, text, event_id=f"e-{uuid.uuid4().hex}", token=token))
        headers = {"Content-Type": "application/json", "X-Line-Signature": sign(body, LINE_SECRET)}
        return token, body, headers

    async def webhook(self, user: str, text: str = TEXT) -> tuple[str, float, float]:
        """Post one signed text event; (reply token, send time, ack seconds)."""
        token, body, headers = self.signed_event(user, text)
        started = time.monotonic()
        response = await self.client.post(
            f"{self.stack.desk_url}/webhooks/line", content=body, headers=headers
        )
        response.raise_for_status()
        return token, started, time.monotonic() - started

    async def replies_arrived(self, tokens: list[str]) -> None:
        deadline = time.monotonic() + 300
        while not all(token in self.line.arrived for token in tokens):
            if time.monotonic() > deadline:
                raise TimeoutError("not every webhook was answered")
            await asyncio.sleep(0.005)

    async def gateway_round(self, users: list[str]) -> tuple[list[float], list[float]]:
        """(acks, replies) of one webhook per user, all at once."""
        sent = await asyncio.gather(*(self.webhook(u) for u in users))
        await self.replies_arrived([token for token, _, _ in sent])
        return [ack for _, _, ack in sent], [self.line.arrived[t] - s for t, s, _ in sent]

    async def direct(self, sender: str) -> float:
        """One turn straight to the sender's Rasa server, signed as the gateway signs."""
        urls = self.stack.config.rasa_urls
        url = urls[server_order(sender, len(urls))[0]]
        metadata = {METADATA_KEY: sign_sender(self._key, sender), "language": "zh-TW"}
        body = {"sender": sender, "message": TEXT, "metadata": metadata | {"channel": "line"}}
        started = time.monotonic()
        response = await self.client.post(f"{url}/webhooks/rest/webhook", json=body)
        response.raise_for_status()
        assert response.json(), "Rasa gave no answer"
        return time.monotonic() - started

    async def compare(self, concurrency: int, rounds: int) -> str:
        replies: list[float] = []
        direct: list[float] = []
        # CPU seconds of each part of the stack while the gateway's / the direct turns ran.
        cpu = {"gateway": Counter[str](), "direct": Counter[str]()}
        for _ in range(rounds):
            users = [_user() for _ in range(concurrency)]
            before = cpu_use.snapshot(self.stack)
            replies += (await self.gateway_round(users))[1]
            await asyncio.sleep(0.3)  # the desk records what Rasa understood after replying
            middle = cpu_use.snapshot(self.stack)
            direct += await asyncio.gather(*(self.direct(f"line:{_user()}") for _ in users))
            await asyncio.sleep(0.3)
            cpu["gateway"].update(cpu_use.used(before, middle))
            cpu["direct"].update(cpu_use.used(middle, cpu_use.snapshot(self.stack)))
        ratio = statistics.median(replies) / statistics.median(direct)
        turns = rounds * concurrency
        per_turn = {way: " ".join(f"{part} {1000 * seconds / turns:.0f}"
                                  for part, seconds in used.items())
                    for way, used in cpu.items()}  # fmt: skip
        self.cpu_rows.append(f"| {concurrency} | {per_turn['gateway']} | {per_turn['direct']} |")
        return (
            f"| {concurrency} | {rounds} | {percentile(replies, 0.5):.0f} / "
            f"{percentile(replies, 0.95):.0f} ms | {percentile(direct, 0.5):.0f} / "
            f"{percentile(direct, 0.95):.0f} ms | {ratio:.2f} |"
        )

    async def acks(self, burst: int) -> list[str]:
        """A burst on a quiet Rasa, then a second burst 1.5 s later while Rasa still works
        through the first one's turns."""

        async def second() -> tuple[str, tuple[list[float], list[float]]]:
            await asyncio.sleep(1.0)
            busy = await self.rasa_busy()
            return busy, await self.lean_round([_user() for _ in range(burst)])

        health = {"method": "GET", "path": "/healthz"}
        floor = (await self.lean_burst([health] * burst))["seconds"]
        await asyncio.sleep(1.0)
        quiet, (busy, saturated) = await asyncio.gather(
            self.lean_round([_user() for _ in range(burst)]), second()
        )
        rows = [
            f"| {burst} | GET /healthz instead (the HTTP floor of this machine) | "
            f"{percentile(floor, 0.5):.0f} / {percentile(floor, 0.99):.0f} ms | "
            f"{percentile(floor, 1.0):.0f} ms | — |"
        ]
        for label, (acks, replies) in (("Rasa idle", quiet), (busy, saturated)):
            rows.append(
                f"| {burst} | {label} | {percentile(acks, 0.5):.0f} / "
                f"{percentile(acks, 0.99):.0f} ms | {percentile(acks, 1.0):.0f} ms | "
                f"{percentile(replies, 0.5):.0f} / {percentile(replies, 1.0):.0f} ms |"
            )
        return rows

    async def lean_round(self, users: list[str]) -> tuple[list[float], list[float]]:
        """(acks, replies) of one webhook per user, sent by the lean client at one instant."""
        requests, tokens = [], []
        for user in users:
            token, body, headers = self.signed_event(user)
            requests.append({"method": "POST", "path": "/webhooks/line", "headers": headers,
                             "body": body.decode()})  # fmt: skip
            tokens.append(token)
        result = await self.lean_burst(requests)
        assert set(result["statuses"]) == {200}, result["statuses"]
        await self.replies_arrived(tokens)
        return result["seconds"], [self.line.arrived[t] - result["sent_at"] for t in tokens]

    async def lean_burst(self, requests: list[dict[str, Any]]) -> dict[str, Any]:
        """Run scripts/burst_client.py on these requests to the desk (its JSON result)."""
        job = json.dumps({"port": urlsplit(self.stack.desk_url).port, "requests": requests})
        client = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "scripts.burst_client",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, _ = await client.communicate(job.encode())
        result: dict[str, Any] = json.loads(out)
        return result

    async def rasa_busy(self) -> str:
        """How busy the Rasa servers are now (CPU % of one core each, over 0.5 s)."""
        pids = [self.stack.supervisor.child(n).process for n in self.stack.config.rasa_names]
        before = [cpu_use.cpu_seconds(p.pid) for p in pids if p is not None]
        await asyncio.sleep(0.5)
        after = [cpu_use.cpu_seconds(p.pid) for p in pids if p is not None]
        shares = "+".join(f"{(b - a) / 0.5:.0%}" for a, b in zip(before, after, strict=True))
        return f"Rasa saturated ({shares} CPU)"


def _user() -> str:
    return "U" + uuid.uuid4().hex


async def run(bench: Bench, args: argparse.Namespace) -> list[str]:
    # Warm-up, not measured: a whole burst, so every desk worker serves requests before the
    # measured ones (FastAPI builds a worker's route table on the first request it serves:
    # about a second of CPU that would otherwise land in the first measured burst's acks).
    await bench.gateway_round([_user() for _ in range(args.burst)])
    await asyncio.gather(*(bench.direct(f"line:{_user()}") for _ in range(10)))
    out = ["| citizens at once | rounds | gateway reply p50 / p95 | Rasa direct p50 / p95 "
           "| ratio (p50) |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for concurrency in args.concurrency:
        out.append(await bench.compare(concurrency, ROUNDS.get(concurrency, 3)))
        print(out[-1], flush=True)
    out += ["", "| citizens at once | CPU ms per turn, gateway rounds | direct rounds |",
            "| --- | --- | --- |", *bench.cpu_rows]  # fmt: skip
    out += ["", "| burst | Rasa | ack p50 / p99 | ack max | reply p50 / max |",
            "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for row in await bench.acks(args.burst):
        out.append(row)
        print(row, flush=True)
    if args.throughput:
        urls, key = bench.stack.config.rasa_urls, bench.stack.config.sender_signing_key.encode()
        one, one_cpu = await rasa_throughput(urls[:1], args.burst, "one", key)
        two, two_cpu = await rasa_throughput(urls, args.burst, "two", key)
        out.append(
            f"\nRasa throughput, {args.burst} turns at once: one server {one:.1f} turns/s (CPU "
            f"{one_cpu:.0%}), two {two:.1f} turns/s (CPU {two_cpu:.0%}), ratio {two / one:.2f}"
        )
    await bench.client.aclose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="*", default=[1, 10, 50])
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--desk-workers", type=int, default=2)
    parser.add_argument("--rasa-servers", type=int, default=2)
    parser.add_argument("--rasa-niceness", default=None, help="default: production's")
    parser.add_argument("--throughput", action="store_true", help="also one vs two servers")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--pin-rasa", action="store_true",
                        help="Rasa on the last core, everything else on the others")  # fmt: skip
    args = parser.parse_args()
    line = TimedLine()
    with production_stack(
        line,
        desk_workers=args.desk_workers,
        rasa_servers=args.rasa_servers,
        rasa_niceness=args.rasa_niceness,
        redis_url=args.redis_url,
    ) as (stack, key):
        if args.pin_rasa:
            print(cpu_use.pin_rasa_apart(stack), flush=True)
        rows = asyncio.run(run(Bench(stack, line, key), args))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
