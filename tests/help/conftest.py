"""Help-centre fixtures: the seeded knowledge base, and the desk app served on a real
port (for the browser) over its own migrated SQLite file."""

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.config import Settings
from api.core.db import create_engine, create_sessionmaker
from api.faq import service
from api.faq.seed_data import FAQ_SEED
from desk.app import create_app
from tests.fakes.server import serve
from tests.fixtures.database import migrate

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "help"


@pytest.fixture
async def seeded(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        await service.seed_missing(session, entries=FAQ_SEED)
        await session.commit()


async def seed(url: str) -> None:
    engine = create_engine(url)
    async with create_sessionmaker(engine)() as session:
        await service.seed_missing(session, entries=FAQ_SEED)
        await session.commit()
    await engine.dispose()


def _migrate_and_seed(url: str) -> None:
    """In a fresh thread: Playwright's sync API may own this thread's event loop, and
    both Alembic's env.py and the seed run one of their own."""

    def work() -> None:
        migrate(url)
        asyncio.run(seed(url))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


@pytest.fixture(scope="module")
def help_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base URL, sync SQLAlchemy URL) of a desk app serving a seeded database."""
    path = tmp_path_factory.mktemp("help") / "desk.db"
    url = f"sqlite+aiosqlite:///{path}"
    _migrate_and_seed(url)
    settings = Settings(
        database_url=url,
        service_token="help-test-service-token-0123456789",
        session_secret="help-test-session-secret-0123456789",
        rasa_url="http://127.0.0.1:9",
        rasa_timeout_seconds=0.5,
        delivery_poll_seconds=0,
    )
    with serve(create_app(settings), lifespan="on") as base_url:
        yield base_url, f"sqlite:///{path}"


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
