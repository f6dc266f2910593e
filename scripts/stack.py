"""Start and stop the three processes: action server, Rasa server, desk app.

Used by `make run` (scripts/run.py) and by the end-to-end test fixture, so the
tests exercise exactly the processes a citizen talks to.
"""

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RASA_BIN = ROOT / ".venv-rasa" / "bin"
DESK_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class StackConfig:
    model: Path
    database_url: str
    tracker_db: Path
    log_dir: Path
    service_token: str
    session_secret: str
    rasa_token: str
    # The one time zone of the desk app and the action server (`TIMEZONE`).
    timezone: str = "Asia/Taipei"
    desk_host: str = "127.0.0.1"
    desk_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    # Channel secrets, fake platform URLs … passed to the desk app as they are.
    extra_env: Mapping[str, str] = field(default_factory=dict)

    @property
    def desk_url(self) -> str:
        return f"http://127.0.0.1:{self.desk_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def sync_database_url(self) -> str:
        """The same database for a plain (sync) SQLAlchemy engine, e.g. a test's checks."""
        return self.database_url.replace("+aiosqlite", "")

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self._processes: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def desk_url(self) -> str:
        return self.config.desk_url

    @property
    def rasa_url(self) -> str:
        return self.config.rasa_url

    def start(self) -> None:
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        self._spawn("actions", self._actions_command(), self._actions_env())
        self._spawn("rasa", self._rasa_command(), self._rasa_env())
        self._spawn("desk", self._desk_command(), self._desk_env())

    def wait_ready(self, timeout: float = 240) -> None:
        """Block until all three answer; Rasa needs ~40 s to load its model."""
        checks = {
            "actions": f"{self.config.actions_url}/health",
            "rasa": f"{self.config.rasa_url}/status?token={self.config.rasa_token}",
            "desk": f"{self.config.desk_url}/healthz",
        }
        deadline = time.monotonic() + timeout
        for name, url in checks.items():
            while not _answers(url):
                self._check_alive()
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"{name} not ready after {timeout:.0f}s: {self.log_tail(name)}"
                    )
                time.sleep(0.5)

    def stop(self) -> None:
        for process in self._processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self._processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def dead(self) -> list[str]:
        return [name for name, p in self._processes.items() if p.poll() is not None]

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.config.log_dir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def _check_alive(self) -> None:
        for name in self.dead():
            raise RuntimeError(f"{name} exited early:\n{self.log_tail(name)}")

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        # The child keeps its own copy of the log descriptor; ours closes right away.
        with (self.config.log_dir / f"{name}.log").open("ab") as log:
            self._processes[name] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip

    def _base_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")}
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _actions_command(self) -> list[str]:
        port = str(self.config.actions_port)
        return [str(RASA_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", port]

    def _actions_env(self) -> dict[str, str]:
        return self._base_env() | {
            "SANIC_HOST": "127.0.0.1",  # the action server has no auth of its own
            # The names actions/settings.py reads, the same as the desk app's.
            "DESK_API_URL": self.config.desk_url,
            "SERVICE_TOKEN": self.config.service_token,
            "TIMEZONE": self.config.timezone,
        }

    def _rasa_command(self) -> list[str]:
        return [
            str(RASA_BIN / "rasa"), "run", "--enable-api", "-i", "127.0.0.1",
            "--port", str(self.config.rasa_port), "--auth-token", self.config.rasa_token,
            "--model", str(self.config.model), "--endpoints", "endpoints.yml",
        ]  # fmt: skip

    def _rasa_env(self) -> dict[str, str]:
        return self._base_env() | {
            "ACTION_ENDPOINT_URL": f"{self.config.actions_url}/webhook",
            "RASA_TRACKER_DB": str(self.config.tracker_db),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }

    def _desk_command(self) -> list[str]:
        return [
            str(DESK_BIN / "uvicorn"), "desk.app:create_app", "--factory",
            "--host", self.config.desk_host, "--port", str(self.config.desk_port),
        ]  # fmt: skip

    def _desk_env(self) -> dict[str, str]:
        return (
            self._base_env()
            | {
                "DATABASE_URL": self.config.database_url,
                "RASA_URL": self.config.rasa_url,
                "RASA_TOKEN": self.config.rasa_token,
                "SERVICE_TOKEN": self.config.service_token,
                "SESSION_SECRET": self.config.session_secret,
                "TIMEZONE": self.config.timezone,
            }
            | dict(self.config.extra_env)
        )


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
