"""The stack and fake platform the LINE benchmarks run against (scripts/bench_webhooks.py,
scripts/bench_rss.py): the production configuration on databases of its own, wired to a
fake LINE platform that notes when each reply arrives."""

import os
import secrets
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from scripts import train
from scripts.fault_suite import databases
from scripts.production import production_config
from scripts.stack import Stack, free_port
from tests.fakes.line_platform import FakeLine
from tests.fakes.server import serve
from tests.fixtures.channels import LINE_SECRET, LINE_TOKEN


class TimedLine(FakeLine):
    """The fake LINE platform, noting when each reply arrives (by reply token)."""

    arrived: dict[str, float]

    def __init__(self) -> None:
        super().__init__(access_token=LINE_TOKEN)
        self.arrived = {}

    async def _reply(self, request: Request) -> Response:
        response = await super()._reply(request)
        if response.status_code == 200:  # no await since the append: the last one is ours
            self.arrived.setdefault(str(self.sent[-1].reply_token), time.monotonic())
        return response


@contextmanager
def production_stack(
    line: FakeLine,
    *,
    desk_workers: int = 2,
    rasa_servers: int = 2,
    rasa_niceness: str | None = None,
    redis_url: str = "redis://127.0.0.1:6379/0",
) -> Iterator[tuple[Stack, bytes]]:
    """The production configuration on databases of its own, wired to `line` (a fake LINE
    platform); yields the running stack and the sender signing key."""
    keys = {k: secrets.token_urlsafe(24) for k in
            ("SERVICE_TOKEN", "SESSION_SECRET", "RASA_TOKEN", "SENDER_SIGNING_KEY")}  # fmt: skip
    with serve(line.app()) as line_url, databases() as (desk_db, tracker_db):
        channel = {"LINE_CHANNEL_SECRET": LINE_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
                   "LINE_API_BASE_URL": line_url, "LINE_DATA_API_BASE_URL": line_url}  # fmt: skip
        env = {
            "DATABASE_URL": desk_db,
            "RASA_TRACKER_DB_URL": tracker_db,
            "REDIS_URL": redis_url,
            "RASA_LOCK_PREFIX": "bench" + uuid.uuid4().hex[:6],
        }
        if rasa_niceness is not None:
            env["RASA_NICENESS"] = rasa_niceness
        config = production_config(
            train.model_path(), keys, env, log_dir=Path(tempfile.mkdtemp()) / "logs",
            desk_port=free_port(), rasa_ports=tuple(free_port() for _ in range(rasa_servers)),
            actions_port=free_port(), desk_workers=desk_workers, extra_env=channel,
        )  # fmt: skip
        stack = Stack(config)
        stack.start()
        try:
            stack.wait_ready(timeout=420)
            print(f"stack up ({desk_workers} desk workers, {rasa_servers} Rasa); "
                  f"load {os.getloadavg()}; logs in {config.log_dir}", flush=True)  # fmt: skip
            yield stack, keys["SENDER_SIGNING_KEY"].encode()
        finally:
            stack.stop()
