"""Run the PDPA retention job: erase citizens past their retention period, once or on a
schedule.

    .venv/bin/python -m scripts.retention [--dry-run]      once, prints counts (JSON)
    .venv/bin/python -m scripts.retention --every [24h]    shortly after start, then every period

Reads DATABASE_URL, EVIDENCE_DIR, RETENTION_CASE_CLOSED_DAYS, RETENTION_QUIET_DAYS,
RETENTION_EVERY (the period when `--every` names none) and RASA_TRACKER_DB_URL like the desk
app. `make run-production` runs the scheduled mode as one supervised process.

One run at a time across processes: each run holds a lock in the desk database (a PostgreSQL
advisory lock; on SQLite, a lock file beside the database file) and a scheduler that finds
it held skips that turn — so two schedulers, or a scheduler and `make retention`, never
erase concurrently. The lock goes with the connection (or file handle) of a process that
dies. A failed run is logged by the kind of failure only (no personal data) and tried again
next period; stopping mid-run is safe, each citizen is erased in a unit of work of its own.
Nothing printed or logged names anyone: counts only.
"""

import argparse
import asyncio
import enum
import fcntl
import json
import logging
import sys
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.core.config import get_settings
from api.core.config_groups import parse_period
from api.core.db import create_engine, create_sessionmaker
from api.core.time import utcnow
from api.privacy import retention
from api.privacy.logs import install_log_masking

logger = logging.getLogger("desk.retention")
# The one PostgreSQL advisory lock id of the retention run ("DESKRET" in ASCII).
LOCK_KEY = 0x44_45_53_4B_52_45_54
# Shortly after start: the launcher has migrated, and a restarted scheduler does not hammer.
FIRST_RUN_AFTER = timedelta(seconds=60)

Job = Callable[[], Awaitable[Mapping[str, int]]]


class Outcome(enum.StrEnum):
    RAN = "ran"
    SKIPPED = "skipped"  # another process holds the lock: it is running the job now
    FAILED = "failed"


@asynccontextmanager
async def run_lock(engine: AsyncEngine) -> AsyncIterator[bool]:
    """Hold the one retention lock of this database while the block runs; yields False
    (and holds nothing) when another process holds it."""
    if engine.dialect.name == "postgresql":
        async with _advisory_lock(engine) as held:
            yield held
    else:
        with _file_lock(engine.url.database) as held:
            yield held


@asynccontextmanager
async def _advisory_lock(engine: AsyncEngine) -> AsyncIterator[bool]:
    # A session-level lock on a connection of its own, kept out of the job's transactions.
    async with engine.connect() as conn:
        held = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}))
        await conn.commit()
        try:
            yield held
        finally:
            if held:
                await _unlock(conn)


async def _unlock(conn: AsyncConnection) -> None:
    try:
        await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
        await conn.commit()
    except DBAPIError:
        # The connection broke (a database restart): the lock went with it. Never reuse it.
        await conn.invalidate()


@contextmanager
def _file_lock(database: str | None) -> Iterator[bool]:
    if not database or database == ":memory:":
        yield True  # a private in-memory database: no other process can reach it
        return
    path = Path(database).with_name(Path(database).name + ".retention.lock")
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held = False
        else:
            held = True
        try:
            yield held
        finally:
            if held:
                fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class Scheduler:
    """Runs `job` under the lock shortly after start, then every `period`."""

    engine: AsyncEngine
    job: Job
    period: timedelta
    first_after: timedelta = FIRST_RUN_AFTER

    async def run_once(self) -> Outcome:
        try:
            async with run_lock(self.engine) as held:
                if not held:
                    logger.info("retention: another process is running the job; skipped")
                    return Outcome.SKIPPED
                totals = await self.job()
        except Exception as exc:  # any failure: tried again next period
            # The kind only: a message could quote a row (a name, a phone number).
            logger.error(
                "retention run failed (%s); next try in %s", type(exc).__name__, self.period
            )
            return Outcome.FAILED
        logger.info("retention run done: %s", json.dumps(dict(totals), sort_keys=True))
        return Outcome.RAN

    async def run_forever(self, stop: asyncio.Event | None = None) -> None:
        """Until `stop` is set (or the process is stopped)."""
        stop = stop or asyncio.Event()
        delay = min(self.first_after, self.period)
        while not await _stopped_within(stop, delay):
            await self.run_once()
            delay = self.period


async def _stopped_within(stop: asyncio.Event, delay: timedelta) -> bool:
    try:
        await asyncio.wait_for(stop.wait(), timeout=delay.total_seconds())
    except TimeoutError:
        return False
    return True


async def once(dry_run: bool) -> dict[str, int]:
    settings = get_settings()
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    try:
        if dry_run:
            async with sessions() as session:
                found = await retention.due(session, now=utcnow(), settings=settings.privacy)
            return dict(Counter(f"due_{d.reason}" for d in found))
        async with run_lock(engine) as held:
            if not held:
                return {"skipped_another_run_holds_the_lock": 1}
            return dict(await retention.run_now(sessions, evidence_dir=settings.evidence_dir))
    finally:
        await engine.dispose()


async def every(period: timedelta | None) -> None:
    settings = get_settings()
    period = period or settings.privacy.retention_every
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)

    async def job() -> Mapping[str, int]:
        return await retention.run_now(sessions, evidence_dir=settings.evidence_dir)

    logger.info("retention: every %s, first run in %s", period, min(FIRST_RUN_AFTER, period))
    try:
        await Scheduler(engine, job, period).run_forever()
    finally:
        await engine.dispose()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="count who is due, erase nothing")
    mode.add_argument(
        "--every",
        nargs="?",
        const="",
        metavar="PERIOD",
        help="run on a schedule: 90s, 30m, 24h, 7d (default: RETENTION_EVERY)",
    )
    args = parser.parse_args()
    try:
        args.period = parse_period(args.every) if args.every else None
    except ValueError as exc:
        parser.error(str(exc))
    return args


if __name__ == "__main__":
    args = _arguments()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    install_log_masking()
    if args.every is None:
        print(json.dumps(asyncio.run(once(args.dry_run)), sort_keys=True))
    else:
        asyncio.run(every(args.period))
