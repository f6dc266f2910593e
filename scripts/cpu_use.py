"""CPU time used by each part of a running stack, from /proc (for benchmarks): the desk
(uvicorn master and its workers), the Rasa servers, the action server, PostgreSQL, Redis
and the benchmark's own process (its load generator and the fake platform); and pinning
Rasa to a core of its own, to show what the desk's work costs Rasa on shared cores."""

import os
import subprocess
from pathlib import Path

from scripts.stack import Stack

TICKS = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
        children = [int(c) for task in tasks for c in (task / "children").read_text().split()]
    except OSError:
        return found
    for child in children:
        found += [child, *descendants(child)]
    return found


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


def pin_rasa_apart(stack: Stack) -> str:
    """Give the Rasa servers the last core and everything else (desk, action server,
    PostgreSQL, Redis, this process) the others — Rasa on a machine of its own, as far as
    one machine can show it. Every thread of each process (`taskset -a`); what it did."""
    last = (os.cpu_count() or 2) - 1
    rasa: list[int] = []
    for name in stack.config.rasa_names:
        process = stack.supervisor.child(name).process
        if process is not None:
            rasa += [process.pid, *descendants(process.pid)]
    others = [os.getpid(), *_named("postgres"), *_named("redis-server")]
    for name in ("desk", "actions"):
        process = stack.supervisor.child(name).process
        if process is not None:
            others += [process.pid, *descendants(process.pid)]
    for pids, cores in ((rasa, str(last)), (others, f"0-{last - 1}" if last > 1 else "0")):
        for pid in pids:
            subprocess.run(["taskset", "-a", "-p", "-c", cores, str(pid)],
                           check=False, capture_output=True)  # fmt: skip
    return f"Rasa ({len(rasa)} processes) on core {last}, {len(others)} others on the rest"
