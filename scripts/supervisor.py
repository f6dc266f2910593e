"""Keep child processes running: a child that exits is started again after a back-off
(1 s, 2 s, 4 s … capped), and given up only after many rapid failures in a row.

The launcher (scripts/run.py, scripts/production.py) and the end-to-end fixture use it, so
one crashed Rasa server or action server never takes the desk app down with it: the desk
keeps storing messages, tells citizens it will answer, and answers the backlog once the
child is back (the delivery worker retries what waited)."""

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A child whose environment sets this runs at that CPU niceness (0-19): production starts
# the Rasa servers at 10, so on shared cores the desk app's webhook acks win the CPU.
NICENESS_VARIABLE = "PROCESS_NICENESS"


@dataclass(frozen=True)
class Backoff:
    first: float = 1.0
    cap: float = 30.0
    # A child that ran this long was healthy: its next failure starts the back-off over.
    stable_after: float = 60.0
    # This many rapid failures in a row and the child is broken, not unlucky.
    give_up_after: int = 10

    def delay(self, failures: int) -> float:
        return float(min(self.cap, self.first * 2 ** max(0, failures - 1)))


@dataclass
class Child:
    name: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    cwd: Path
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    # Rapid failures in a row (reset by a run longer than Backoff.stable_after).
    failures: int = 0
    restarts: int = 0
    restart_at: float | None = None
    given_up: bool = False
    exit_codes: list[int] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self) -> None:
        # The child keeps its own copy of the log descriptor; ours closes right away.
        command = _niced(self.command, self.env.get(NICENESS_VARIABLE, ""))
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        self.started_at = time.monotonic()
        self.restart_at = None


class Supervisor:
    """Starts children, restarts the ones that exit, stops them all on request."""

    def __init__(self, backoff: Backoff | None = None, *, say: Callable[[str], None] = print):
        self.backoff = backoff or Backoff()
        self._say = say
        self._children: dict[str, Child] = {}
        self._lock = threading.Lock()
        self._watching = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, child: Child) -> None:
        self._children[child.name] = child

    def child(self, name: str) -> Child:
        return self._children[name]

    def start_all(self) -> None:
        with self._lock:
            for child in self._children.values():
                child.spawn()

    def watch(self, interval: float = 0.5) -> None:
        """Restart exited children from a background thread until `stop_all`."""
        self._watching.set()
        self._thread = threading.Thread(target=self._watch, args=(interval,), daemon=True)
        self._thread.start()

    def _watch(self, interval: float) -> None:
        while self._watching.is_set():
            self.poll()
            time.sleep(interval)

    def poll(self, now: float | None = None) -> None:
        """One look at every child: note exits, restart the ones whose back-off is over."""
        with self._lock:
            if not self._watching.is_set() and self._thread is not None:
                return  # stopping: an exit now is ours
            now = time.monotonic() if now is None else now
            for child in self._children.values():
                self._look_after(child, now)

    def _look_after(self, child: Child, now: float) -> None:
        if child.given_up or child.running:
            return
        if child.restart_at is None:
            self._schedule_restart(child, now)
        elif now >= child.restart_at:
            child.restarts += 1
            self._say(f"supervisor: restarting {child.name} (restart {child.restarts})")
            child.spawn()

    def _schedule_restart(self, child: Child, now: float) -> None:
        code = child.process.returncode if child.process is not None else -1
        child.exit_codes.append(code)
        ran = now - child.started_at
        child.failures = 1 if ran >= self.backoff.stable_after else child.failures + 1
        if child.failures > self.backoff.give_up_after:
            child.given_up = True
            self._say(
                f"supervisor: GIVING UP on {child.name}: it exited {child.failures} times in a "
                f"row within {self.backoff.stable_after:.0f} s of starting (last exit code "
                f"{code}); see {child.log_path}"
            )
            return
        delay = self.backoff.delay(child.failures)
        child.restart_at = now + delay
        self._say(
            f"supervisor: {child.name} exited (code {code}) after {ran:.1f} s; "
            f"restarting in {delay:g} s"
        )

    def given_up(self) -> list[str]:
        return [c.name for c in self._children.values() if c.given_up]

    def not_running(self) -> list[str]:
        return [c.name for c in self._children.values() if not c.running]

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Signal one child's whole process group (fault tests: a crash)."""
        process = self._children[name].process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)

    def stop_all(self, timeout: float = 15) -> None:
        self._watching.clear()
        if self._thread is not None:
            self._thread.join()
        processes = [c.process for c in self._children.values() if c.process is not None]
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _niced(command: list[str], niceness: str) -> list[str]:
    """`nice -n N command`: the whole process (every thread it starts) runs at N. `nice`
    execs the command, so the child's pid is the command's."""
    if not niceness.strip() or int(niceness) == 0:
        return command
    return ["nice", "-n", str(int(niceness)), *command]
