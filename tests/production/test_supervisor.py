"""The launcher's supervisor: a child that exits is restarted with a capped exponential
back-off, the others keep running, and a child that keeps failing is given up loudly."""

import sys
import time
from pathlib import Path

from scripts.supervisor import Backoff, Child, Supervisor

PYTHON = sys.executable


def child(tmp_path: Path, name: str, code: str) -> Child:
    return Child(name, [PYTHON, "-c", code], {}, tmp_path / f"{name}.log", cwd=tmp_path)


def wait_exited(supervisor: Supervisor, name: str) -> None:
    process = supervisor.child(name).process
    assert process is not None
    process.wait(timeout=10)


def test_back_off_doubles_and_is_capped() -> None:
    backoff = Backoff(first=1, cap=30)
    assert [backoff.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_a_crashing_child_is_restarted_with_growing_delays_then_given_up(
    tmp_path: Path,
) -> None:
    said: list[str] = []
    supervisor = Supervisor(Backoff(first=1, cap=4, give_up_after=3), say=said.append)
    supervisor.add(child(tmp_path, "rasa", "raise SystemExit(3)"))
    supervisor.add(child(tmp_path, "desk", "import time; time.sleep(60)"))
    supervisor.start_all()
    try:
        now = time.monotonic()
        for expected_delay in (1, 2, 4):
            wait_exited(supervisor, "rasa")
            supervisor.poll(now)  # notes the exit, schedules the restart
            assert supervisor.child("rasa").restart_at == now + expected_delay
            supervisor.poll(now + expected_delay)  # due: restarted
            now += expected_delay
        wait_exited(supervisor, "rasa")
        supervisor.poll(now)
        assert supervisor.given_up() == ["rasa"]
        assert supervisor.child("desk").running  # the others were never touched
        assert supervisor.child("rasa").exit_codes == [3, 3, 3, 3]
        assert any("GIVING UP on rasa" in line for line in said)
    finally:
        supervisor.stop_all()


def test_a_child_that_ran_long_enough_starts_the_back_off_over(tmp_path: Path) -> None:
    supervisor = Supervisor(Backoff(first=1, stable_after=60), say=lambda _: None)
    supervisor.add(child(tmp_path, "actions", "raise SystemExit(1)"))
    supervisor.start_all()
    try:
        actions = supervisor.child("actions")
        actions.failures = 5  # it had failed before …
        wait_exited(supervisor, "actions")
        supervisor.poll(actions.started_at + 120)  # … but this run lasted two minutes
        assert actions.failures == 1
        assert actions.restart_at == actions.started_at + 120 + 1
    finally:
        supervisor.stop_all()


def test_a_killed_child_comes_back_by_itself(tmp_path: Path) -> None:
    supervisor = Supervisor(Backoff(first=0.2), say=lambda _: None)
    supervisor.add(child(tmp_path, "rasa", "import time; time.sleep(60)"))
    supervisor.start_all()
    supervisor.watch(interval=0.05)
    try:
        first = supervisor.child("rasa").process
        assert first is not None
        supervisor.kill("rasa")
        deadline = time.monotonic() + 10
        while supervisor.child("rasa").process is first or not supervisor.child("rasa").running:
            assert time.monotonic() < deadline, "not restarted"
            time.sleep(0.05)
        assert supervisor.child("rasa").restarts == 1
    finally:
        supervisor.stop_all()
    assert supervisor.not_running() == ["rasa"]
