"""CPU time used by each part of a running stack, from /proc (for benchmarks): the desk
(uvicorn master and its workers), the Rasa servers, the action server, PostgreSQL, Redis
and the benchmark's own process (its load generator and the fake platform)."""

import os
from pathlib import Path

from scripts.bench_rss import descendants
from scripts.stack import Stack

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _named(command: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == command:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def snapshot(stack: Stack) -> dict[str, float]:
    """CPU seconds so far of each part (a process's exited children are not counted)."""
    parts: dict[str, float] = {}
    groups = {"desk": ["desk"], "rasa": stack.config.rasa_names, "actions": ["actions"]}
    for part, names in groups.items():
        pids = []
        for name in names:
            process = stack.supervisor.child(name).process
            if process is not None:
                pids += [process.pid, *descendants(process.pid)]
        parts[part] = sum(cpu_seconds(pid) for pid in pids)
    parts["postgres"] = sum(cpu_seconds(pid) for pid in _named("postgres"))
    parts["redis"] = sum(cpu_seconds(pid) for pid in _named("redis-server"))
    parts["benchmark"] = cpu_seconds(os.getpid())
    return parts


def used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {part: after[part] - before[part] for part in before}
