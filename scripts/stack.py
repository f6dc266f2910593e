"""Start, supervise and stop the processes: action server, Rasa server(s), desk app.

Used by `make run` (scripts/run.py), `make run-production` (scripts/production.py) and the
end-to-end test fixture, so the tests exercise exactly the processes a citizen talks to.
A child that exits is restarted with back-off (scripts/supervisor.py); the others go on.
"""

import os
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from api.core.signing import HEADER as SIGNATURE_HEADER
from api.core.signing import derived_key, sign_sender
from scripts.supervisor import Backoff, Child, Supervisor

ROOT = Path(__file__).resolve().parents[1]
RASA_BIN = ROOT / ".venv-rasa" / "bin"
# `rasa …` as every Rasa process is started: Rasa's command line with nothing sent off the
# machine (rasa_runtime/cli.py).
RASA_CLI = (str(RASA_BIN / "python"), "-m", "rasa_runtime.cli")
DESK_BIN = ROOT / ".venv" / "bin"
# A stopping desk waits this long for open requests, then closes them: an open console tab
# holds a live-event stream until the browser goes, so without a bound a restart or deploy
# would wait for every staff member to close the console.
DESK_SERVER_OPTIONS = ("--timeout-graceful-shutdown", "5")
# Secrets only the desk app holds: the action server and Rasa never see them (a forged
# request to the action server cannot sign a citizen's id, nor read channel keys).
DESK_ONLY_SECRETS = (
    "SESSION_SECRET", "SENDER_SIGNING_KEY", "LINE_CHANNEL_SECRET",
    "LINE_CHANNEL_ACCESS_TOKEN", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET",
)  # fmt: skip


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
    # Signs the citizen id the gateway hands to Rasa; empty: the API does not insist.
    sender_signing_key: str = ""
    # The one time zone of the desk app and the action server (`TIMEZONE`).
    timezone: str = "Asia/Taipei"
    desk_host: str = "127.0.0.1"
    desk_port: int = 8000
    rasa_port: int = 5005
    # Production: more Rasa servers sharing one tracker store (PostgreSQL) and lock store.
    extra_rasa_ports: tuple[int, ...] = ()
    actions_port: int = 5055
    # uvicorn worker processes of the desk app on its one port.
    desk_workers: int = 1
    endpoints: str = "endpoints.yml"
    redis_url: str | None = None
    # Channel secrets, fake platform URLs … passed to the desk app as they are.
    extra_env: Mapping[str, str] = field(default_factory=dict)
    # Tracker and lock store settings for endpoints.production.yml.
    rasa_extra_env: Mapping[str, str] = field(default_factory=dict)
    backoff: Backoff = field(default_factory=Backoff)

    @property
    def desk_url(self) -> str:
        return f"http://127.0.0.1:{self.desk_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in (self.rasa_port, *self.extra_rasa_ports)]

    @property
    def rasa_names(self) -> list[str]:
        """`rasa`, then `rasa-2`, `rasa-3` … (process and log names)."""
        return ["rasa"] + [f"rasa-{i + 2}" for i in range(len(self.extra_rasa_ports))]

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
        self.supervisor = Supervisor(config.backoff)

    @property
    def desk_url(self) -> str:
        return self.config.desk_url

    @property
    def rasa_url(self) -> str:
        return self.config.rasa_url

    def start(self) -> None:
        """Start every process, then keep them running (restart with back-off)."""
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        self._add("actions", self._actions_command(), self._actions_env())
        for name, url in zip(self.config.rasa_names, self.config.rasa_urls, strict=True):
            self._add(name, self._rasa_command(int(url.rsplit(":", 1)[1])), self._rasa_env())
        self._add("desk", self._desk_command(), self._desk_env())
        self.supervisor.start_all()
        self.supervisor.watch()

    def ready_checks(self) -> dict[str, str]:
        checks = {"actions": f"{self.config.actions_url}/health"}
        for name, url in zip(self.config.rasa_names, self.config.rasa_urls, strict=True):
            checks[name] = f"{url}/status?token={self.config.rasa_token}"
        checks["desk"] = f"{self.config.desk_url}/healthz"
        return checks

    def wait_ready(
        self, timeout: float = 240, names: list[str] | None = None, *, after_kills: bool = False
    ) -> None:
        """Block until every process (or those named) answers; Rasa needs ~40 s to load
        its model. A child that keeps failing while we wait is a broken start: raise —
        unless it was killed on purpose (`after_kills`: two quick exits are the kills)."""
        checks = self.ready_checks()
        deadline = time.monotonic() + timeout
        for name in names or list(checks):
            while not _answers(checks[name]):
                self._check_starting(early_exits_allowed=after_kills)
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"{name} not ready after {timeout:.0f}s: {self.log_tail(name)}"
                    )
                time.sleep(0.5)

    def stop(self) -> None:
        self.supervisor.stop_all()

    def bot_headers(self, sender_id: str) -> dict[str, str]:
        """What the action server sends acting for a citizen, signed as the gateway would
        (tests that stand in for an action)."""
        key = self.config.sender_signing_key
        signing_key = key.encode() if key else derived_key(self.config.session_secret)
        return {
            "Authorization": f"Bearer {self.config.service_token}",
            "X-Desk-Sender": sender_id,
            SIGNATURE_HEADER: sign_sender(signing_key, sender_id),
        }

    def kill(self, name: str) -> None:
        """Crash one process (SIGKILL); the supervisor restarts it."""
        self.supervisor.kill(name)

    def hold_down(self, name: str) -> None:
        """Stop one process and keep it down until `bring_back` (an outage longer than the
        supervisor's back-off, e.g. the action server's host gone)."""
        child = self.supervisor.child(name)
        child.given_up = True  # first: the supervisor must not restart what we stop
        self.supervisor.kill(name)
        if child.process is not None:
            child.process.wait(timeout=30)

    def bring_back(self, name: str) -> None:
        """Start a process `hold_down` stopped; the supervisor looks after it again."""
        child = self.supervisor.child(name)
        child.spawn()
        child.restarts += 1
        child.failures = 0
        child.given_up = False

    def dead(self) -> list[str]:
        """Processes the supervisor gave up on (each exited many times in a row)."""
        return self.supervisor.given_up()

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.config.log_dir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def _check_starting(self, *, early_exits_allowed: bool = False) -> None:
        for name in self.supervisor.given_up():
            raise RuntimeError(f"{name} keeps exiting:\n{self.log_tail(name)}")
        if early_exits_allowed:
            return
        for name in self.supervisor.not_running():
            if self.supervisor.child(name).failures >= 2:
                raise RuntimeError(f"{name} exited early twice:\n{self.log_tail(name)}")

    def _add(self, name: str, command: list[str], env: dict[str, str]) -> None:
        log_path = self.config.log_dir / f"{name}.log"
        self.supervisor.add(Child(name, command, env, log_path, cwd=ROOT))

    def _base_env(self, *, drop: tuple[str, ...] = ()) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV") and k not in drop
        }
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _actions_command(self) -> list[str]:
        port = str(self.config.actions_port)
        return [*RASA_CLI, "run", "actions", "--actions", "actions", "--port", port]

    def _actions_env(self) -> dict[str, str]:
        return self._base_env(drop=(*DESK_ONLY_SECRETS, "RASA_TOKEN")) | {
            "SANIC_HOST": "127.0.0.1",  # the action server has no auth of its own
            # The names actions/settings.py reads, the same as the desk app's.
            "DESK_API_URL": self.config.desk_url,
            "SERVICE_TOKEN": self.config.service_token,
            "TIMEZONE": self.config.timezone,
        }

    def _rasa_command(self, port: int) -> list[str]:
        # "--auth-token=…" in one word: a random token may begin with "-" (1 in 64 of
        # token_urlsafe's), which argparse would read as the next option.
        return [
            *RASA_CLI, "run", "--enable-api", "-i", "127.0.0.1",
            "--port", str(port), f"--auth-token={self.config.rasa_token}",
            "--model", str(self.config.model), "--endpoints", self.config.endpoints,
        ]  # fmt: skip

    def _rasa_env(self) -> dict[str, str]:
        return (
            self._base_env(drop=(*DESK_ONLY_SECRETS, "SERVICE_TOKEN"))
            | {
                "ACTION_ENDPOINT_URL": f"{self.config.actions_url}/webhook",
                "RASA_TRACKER_DB": str(self.config.tracker_db),
                "TF_CPP_MIN_LOG_LEVEL": "2",
            }
            | dict(self.config.rasa_extra_env)
        )

    def _desk_command(self) -> list[str]:
        workers = (
            ["--workers", str(self.config.desk_workers)] if self.config.desk_workers > 1 else []
        )
        return [
            str(DESK_BIN / "uvicorn"), "desk.app:create_app", "--factory",
            "--host", self.config.desk_host, "--port", str(self.config.desk_port), *workers,
            *DESK_SERVER_OPTIONS,
        ]  # fmt: skip

    def _desk_env(self) -> dict[str, str]:
        optional = {
            "SENDER_SIGNING_KEY": self.config.sender_signing_key,
            "REDIS_URL": self.config.redis_url or "",
        }
        return (
            self._base_env(drop=("RASA_TOKEN",))  # the desk does not call Rasa's own API
            | {
                "DATABASE_URL": self.config.database_url,
                "RASA_URL": self.config.rasa_url,
                "RASA_URLS": ",".join(self.config.rasa_urls),
                "ACTIONS_URL": self.config.actions_url,
                "SERVICE_TOKEN": self.config.service_token,
                "SESSION_SECRET": self.config.session_secret,
                "TIMEZONE": self.config.timezone,
                # The retention job erases a citizen's Rasa events here (api/privacy).
                "RASA_TRACKER_DB_URL": f"sqlite:///{self.config.tracker_db}",
            }
            | {name: value for name, value in optional.items() if value}
            | dict(self.config.extra_env)
        )


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
