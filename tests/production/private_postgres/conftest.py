"""The production configuration (two desk workers, two Rasa servers, the action server,
Rasa's Redis lock store) on a PostgreSQL cluster and a Redis server of these tests' own,
started once for the folder: a test may restart the database, keep the action server
down, or race a hundred citizens for one seat, without touching the machine's shared
servers."""

import os
import uuid
from collections.abc import Iterator

import pytest

from scripts.stack import Stack, free_port
from tests.fixtures.channels import ChannelFakes
from tests.fixtures.database import migrate
from tests.production.conftest import (
    PrivateRedis,
    running_private_redis,
    running_production_stack,
)
from tests.production.private_postgres.cluster import PrivatePostgres, postgres_bin_dir


@pytest.fixture(scope="package")
def private_postgres() -> Iterator[PrivatePostgres]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("the PostgreSQL server programs (initdb, pg_ctl) are required in CI")
        pytest.skip("PostgreSQL server programs not installed (initdb, pg_ctl)")
    cluster = PrivatePostgres.create(bin_dir, free_port())
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="package")
def package_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    with running_private_redis(tmp_path_factory) as server:
        yield server


@pytest.fixture(scope="package")
def private_stack(
    tmp_path_factory: pytest.TempPathFactory,
    channel_fakes: ChannelFakes,
    package_redis: PrivateRedis,
    private_postgres: PrivatePostgres,
) -> Iterator[Stack]:
    desk, tracker = f"desk_{uuid.uuid4().hex[:8]}", f"rasa_{uuid.uuid4().hex[:8]}"
    for name in (desk, tracker):
        private_postgres.create_database(name)
    desk_url = private_postgres.url(desk, "postgresql+psycopg")
    migrate(desk_url)
    log_dir = tmp_path_factory.mktemp("private-pg-stack") / "logs"
    databases = (desk_url, private_postgres.url(tracker))
    with running_production_stack(
        log_dir, databases, package_redis.url, channel_fakes.env
    ) as stack:
        yield stack
