"""Engine and session factory, created in the app's lifespan (never at import).

Services only `flush()`; the request boundary (`session_scope`) commits.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import MetaData, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase

log = logging.getLogger(__name__)
T = TypeVar("T")
# A database restart (an upgrade, a failover) takes seconds: a unit of work that could not
# reach the database is tried again for this long before the error stands.
RECONNECT_SECONDS = 30.0

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 20) -> AsyncEngine:
    """hide_parameters: SQL errors and logs never carry the values (names, phones) of a row.
    The pool sizes apply to PostgreSQL (the desk app passes DATABASE_POOL_SIZE /
    DATABASE_MAX_OVERFLOW; scripts keep the small default)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(
            url,
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=max_overflow,
            hide_parameters=True,
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Take over transaction control from pysqlite so BEGIN IMMEDIATE below works.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # SQLite has no row locks: writers serialise on the database lock taken at
    # BEGIN, so read-check-write sequences (bookings, case numbers) stay atomic.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def session_scope(maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on any error."""
    async with maker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


async def retry_disconnects(
    work: Callable[[], Awaitable[T]], *, seconds: float = RECONNECT_SECONDS
) -> T:
    """Run `work` — one whole unit of work opening its own `session_scope` — and again
    after a pause while the database is unreachable or dropped the connection (restarted);
    any other error stands. Only for work that checks its own outcome when repeated (a
    dropped commit may have gone through)."""
    deadline = time.monotonic() + seconds
    pause = 0.25
    while True:
        try:
            return await work()
        except DBAPIError as exc:
            if not is_disconnect(exc) or time.monotonic() + pause > deadline:
                raise
            log.warning("database unreachable (%s), trying again", type(exc.orig).__name__)
        await asyncio.sleep(pause)
        pause = min(pause * 2, 2.0)


def is_disconnect(exc: BaseException) -> bool:
    """The database was unreachable or dropped the connection (restarted, failed over):
    trying again later may succeed, unlike a constraint or a data error."""
    if not isinstance(exc, DBAPIError):
        return False
    return isinstance(exc, OperationalError) or exc.connection_invalidated
