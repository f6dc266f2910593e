"""Memory of every process of the production configuration over many turns (results:
docs/benchmarks.md, "Memory"). Starts what `make run-production` starts (scripts/
bench_stack.py `production_stack`: desk workers — each with its delivery worker — on
PostgreSQL and Redis, Rasa servers, the action server) wired to a fake LINE platform, sends
TURNS text turns through the signed LINE webhook from many citizens, CONCURRENCY citizens
in flight at a time (each turn waits for its reply), and samples the resident set size
(RSS) of every process at rest, after the warm-up, every SAMPLE_EVERY turns and at the end.

    .venv/bin/python -m scripts.bench_rss --turns 10000 --citizens 1000 --concurrency 8

`--minutes` stops early (the turns run so far are reported as such)."""

import argparse
import asyncio
import os
import time
from pathlib import Path

from scripts.bench_stack import TimedLine, production_stack
from scripts.bench_webhooks import Bench
from scripts.cpu_use import descendants
from scripts.stack import Stack

# Questions a citizen asks the FAQ, a greeting and thanks: turns that end in an answer
# (no form that would wait for contact details).
TEXTS = (
    "健身房倒閉要怎麼退費？",
    "補習班退費怎麼算",
    "手機門號綁約提前解約要付多少違約金",
    "您好",
    "How do I file a complaint about a shop?",
    "禮券過期了還能用嗎",
    "謝謝您",
    "What is the cooling-off period for online shopping?",
)
WARM_UP = 500
SAMPLE_EVERY = 2000


def rss_kib(pid: int) -> int:
    """0 for a process that has gone (exited between listing and reading)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith("VmRSS:")), 0)


def label(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "gone"
    text = " ".join(w.decode(errors="replace") for w in words if w)
    if "multiprocessing" in text and "spawn_main" in text:
        return "desk worker"
    if "resource_tracker" in text:
        return "resource tracker"
    return Path(words[0].decode()).name if words and words[0] else "?"


def snapshot(stack: Stack) -> dict[str, int]:
    """RSS (KiB) of every supervised process and its children, by a readable name."""
    sizes: dict[str, int] = {}
    for name in ["desk", *stack.config.rasa_names, "actions"]:
        process = stack.supervisor.child(name).process
        if process is None or process.poll() is not None:
            sizes[name] = 0
            continue
        sizes[name if name != "desk" else "desk (uvicorn master)"] = rss_kib(process.pid)
        workers = [p for p in descendants(process.pid) if label(p) == "desk worker"]
        for number, pid in enumerate(sorted(workers), start=1):
            sizes[f"desk worker {number} (+ delivery worker)"] = rss_kib(pid)
        for pid in (p for p in descendants(process.pid) if p not in workers):
            sizes[f"{name} child {label(pid)}"] = rss_kib(pid)
    return sizes


class Load:
    """Closed-loop load: each of `concurrency` lanes sends a turn, waits for the reply,
    sends the next; citizens take turns round-robin (a citizen is in one lane only)."""

    def __init__(self, bench: Bench, citizens: int, concurrency: int) -> None:
        self.bench = bench
        self.users = [f"Urss{i:029d}" for i in range(citizens)]
        self.concurrency = concurrency
        self.sent = self.answered = self.unanswered = 0
        self.latencies: list[float] = []

    async def turns(self, count: int, deadline: float) -> None:
        stop_at = self.sent + count

        async def lane(number: int) -> None:
            step = 0
            while self.sent < stop_at and time.monotonic() < deadline:
                users = self.users[number :: self.concurrency]
                user = users[step % len(users)]
                text = TEXTS[(self.sent + number) % len(TEXTS)]
                self.sent += 1
                step += 1
                await self._one(user, text)

        await asyncio.gather(*(lane(n) for n in range(self.concurrency)))

    async def _one(self, user: str, text: str) -> None:
        token, started, _ack = await self.bench.webhook(user, text)
        limit = time.monotonic() + 60
        while token not in self.bench.line.arrived:
            if time.monotonic() > limit:
                self.unanswered += 1
                return
            await asyncio.sleep(0.01)
        self.answered += 1
        self.latencies.append(self.bench.line.arrived[token] - started)


async def run(stack: Stack, bench: Bench, args: argparse.Namespace) -> list[str]:
    deadline = time.monotonic() + args.minutes * 60
    samples = [("at rest (ready, no turn yet)", snapshot(stack))]
    load = Load(bench, args.citizens, args.concurrency)
    started = time.monotonic()
    await load.turns(WARM_UP, deadline)
    samples.append((f"after warm-up ({load.sent} turns)", snapshot(stack)))
    while load.sent < args.turns and time.monotonic() < deadline:
        await load.turns(min(SAMPLE_EVERY, args.turns - load.sent), deadline)
        samples.append((f"after {load.sent} turns", snapshot(stack)))
        print(f"{load.sent} turns, {time.monotonic() - started:.0f} s", flush=True)
    took = time.monotonic() - started
    await asyncio.sleep(30)
    samples.append((f"30 s after the last turn ({load.sent} turns)", snapshot(stack)))
    await bench.client.aclose()
    return report(samples, load, took)


def report(samples: list[tuple[str, dict[str, int]]], load: Load, took: float) -> list[str]:
    names = sorted({name for _, sizes in samples for name in sizes})
    rows = [
        f"{load.sent} turns ({load.answered} answered, {load.unanswered} not within 60 s) "
        f"in {took:.0f} s = {load.sent / took:.1f} turns/s; reply p50 "
        f"{sorted(load.latencies)[len(load.latencies) // 2] * 1000:.0f} ms; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        "",
        "| process | " + " | ".join(label for label, _ in samples) + " | end vs warm-up |",
        "| --- |" + " --- |" * (len(samples) + 1),
    ]
    for name in names:
        sizes = [s.get(name, 0) for _, s in samples]
        growth = (sizes[-1] - sizes[1]) / sizes[1] if sizes[1] else 0.0
        cells = " | ".join(f"{kib / 1024:.0f} MB" for kib in sizes)
        rows.append(f"| {name} | {cells} | {growth:+.1%} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=10_000)
    parser.add_argument("--citizens", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--minutes", type=float, default=25.0)
    args = parser.parse_args()
    line = TimedLine()
    with production_stack(line) as (stack, key):
        rows = asyncio.run(run(stack, Bench(stack, line, key), args))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
