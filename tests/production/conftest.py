"""Production-mode tests: the channel tests' fakes (LINE platform, Rasa stand-in) for the
fast ones; for the fault tests the production configuration itself (scripts/production.py)
— PostgreSQL databases of their own, a private Redis server the tests may restart, two
desk workers, two Rasa servers and the action server, all supervised."""

import secrets
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis

from scripts import train
from scripts.production import production_config
from scripts.stack import Stack, free_port
from scripts.supervisor import Backoff
from tests.channels.conftest import fake_line, fake_rasa, settings
from tests.fixtures.channels import ChannelFakes
from tests.fixtures.database import PG_ADMIN_DSN, migrate

__all__ = ["fake_line", "fake_rasa", "settings"]


@dataclass
class PrivateRedis:
    """A redis-server of the tests' own (no persistence), so a test may restart it."""

    port: int
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(self.workdir)]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()


@contextmanager
def running_private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    """A Redis of the tests' own on a free port (never the machine's shared one)."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(free_port(), tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    with running_private_redis(tmp_path_factory) as server:
        yield server


@pytest.fixture(scope="module")
def production_databases() -> Iterator[tuple[str, str]]:
    """A desk database (migrated) and a Rasa tracker database, dropped afterwards."""
    names = [f"desk_prod_{uuid.uuid4().hex[:8]}", f"rasa_prod_{uuid.uuid4().hex[:8]}"]
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].split("://", 1)[1]
    desk_url = f"postgresql+psycopg://{base}/{names[0]}"
    migrate(desk_url)
    yield desk_url, f"postgresql://{base}/{names[1]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def production_stack(
    tmp_path_factory: pytest.TempPathFactory,
    channel_fakes: ChannelFakes,
    private_redis: PrivateRedis,
    production_databases: tuple[str, str],
) -> Iterator[Stack]:
    log_dir = tmp_path_factory.mktemp("production") / "logs"
    with running_production_stack(
        log_dir, production_databases, private_redis.url, channel_fakes.env
    ) as stack:
        yield stack


@contextmanager
def running_production_stack(
    log_dir: Path, databases: tuple[str, str], redis_url: str, channel_env: dict[str, str]
) -> Iterator[Stack]:
    """What `make run-production` starts, on the given desk and tracker databases (desk
    migrated), until the block ends."""
    model = train.model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make model` (make test does it)")
    keys = {name: secrets.token_urlsafe(24) for name in
            ("SERVICE_TOKEN", "SESSION_SECRET", "RASA_TOKEN", "SENDER_SIGNING_KEY")}  # fmt: skip
    env = {
        "DATABASE_URL": databases[0],
        "RASA_TRACKER_DB_URL": databases[1],
        "REDIS_URL": redis_url,
        "RASA_LOCK_PREFIX": "t" + uuid.uuid4().hex[:8],
    }
    config = production_config(
        model,
        keys,
        env,
        log_dir=log_dir,
        desk_port=free_port(),
        rasa_ports=(free_port(), free_port()),
        actions_port=free_port(),
        extra_env=channel_env,
    )
    config.backoff = Backoff(first=0.5, cap=5)
    stack = Stack(config)
    stack.start()
    try:
        stack.wait_ready(timeout=420)
        yield stack
    finally:
        stack.stop()
