"""An operator restarts the desk while staff have the console open: the live-event stream of
an open tab never ends by itself, so the desk must close it and stop on its own, not wait
until its process manager kills it."""

import signal
import subprocess
from pathlib import Path

import httpx

from tests.console.conftest import add_staff, new_staff_account, running_desk


def test_the_desk_stops_cleanly_while_a_console_tab_listens_for_events(tmp_path: Path) -> None:
    with running_desk(tmp_path, {}) as desk:
        assert desk.process is not None
        account = new_staff_account()
        add_staff(desk.database_url, account)
        with httpx.Client(base_url=desk.url, timeout=30) as console:
            signed_in = console.post("/console/login", data=account.login())
            assert signed_in.status_code in (200, 303), signed_in.text
            with console.stream("GET", "/console/events") as events:
                assert events.status_code == 200
                assert events.headers["content-type"].startswith("text/event-stream")
                desk.process.terminate()
                try:
                    exit_code = desk.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    exit_code = None  # still waiting for the open stream: the defect
        # uvicorn ends a graceful stop by raising the signal it handled again (exit -15).
        assert exit_code in (0, -signal.SIGTERM)
