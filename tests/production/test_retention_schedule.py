"""The PDPA retention job on its schedule (scripts/retention.py --every): it runs shortly after
start and then every period; two schedulers over one database never run it at once (a
PostgreSQL advisory lock, a lock file beside a SQLite database); a failed run is logged
without personal data and tried again; a due citizen is erased once. Two engines stand for
two processes (their own connections and file handles, as separate processes have)."""

import asyncio
import logging
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.citizens.models import Citizen
from api.conversations.models import Message
from api.core.config_groups import PrivacySettings
from api.core.db import create_engine, create_sessionmaker
from api.core.time import utcnow
from api.privacy import retention
from api.privacy.models import Erasure
from scripts.retention import Job, Outcome, Scheduler
from tests.fixtures.database import ROOT
from tests.security.privacy_data import NAME, PHONE, citizen_with_everything, make_tracker

NO_WAIT = timedelta(0)


@pytest.fixture
async def other_engine(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """A second process's engine on the same (wiped) database."""
    other = create_engine(database_url)
    yield other
    await other.dispose()


def counting_job(runs: list[int], stop: asyncio.Event, after: int) -> Job:
    async def job() -> Mapping[str, int]:
        runs.append(len(runs) + 1)
        if len(runs) == after:
            stop.set()
        return {}

    return job


async def test_the_scheduler_runs_the_job_at_start_and_then_every_period(
    engine: AsyncEngine,
) -> None:
    runs: list[int] = []
    stop = asyncio.Event()
    job = counting_job(runs, stop, after=3)
    scheduler = Scheduler(engine, job, period=timedelta(milliseconds=10), first_after=NO_WAIT)
    await asyncio.wait_for(scheduler.run_forever(stop), timeout=60)
    assert runs == [1, 2, 3]


async def test_two_schedulers_at_once_run_the_job_once(
    engine: AsyncEngine, other_engine: AsyncEngine
) -> None:
    calls: list[str] = []
    started, finish = asyncio.Event(), asyncio.Event()

    async def slow_job() -> Mapping[str, int]:
        calls.append("first")
        started.set()
        await finish.wait()
        return {}

    async def quick_job() -> Mapping[str, int]:
        calls.append("second")
        return {}

    first = Scheduler(engine, slow_job, period=timedelta(hours=24))
    second = Scheduler(other_engine, quick_job, period=timedelta(hours=24))
    running = asyncio.create_task(first.run_once())
    await asyncio.wait_for(started.wait(), timeout=30)
    assert await second.run_once() == Outcome.SKIPPED
    finish.set()
    assert await running == Outcome.RAN
    assert calls == ["first"]
    # The lock went with the finished run: the next turn runs.
    assert await second.run_once() == Outcome.RAN
    assert calls == ["first", "second"]


async def test_a_failed_run_is_logged_without_personal_data_and_tried_again(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    runs: list[int] = []
    stop = asyncio.Event()

    async def fails_once() -> Mapping[str, int]:
        runs.append(len(runs) + 1)
        if len(runs) == 1:
            raise RuntimeError(f"could not erase {NAME} {PHONE}")
        stop.set()
        return {"citizens_quiet": 1}

    scheduler = Scheduler(
        engine, fails_once, period=timedelta(milliseconds=10), first_after=NO_WAIT
    )
    with caplog.at_level(logging.INFO, logger="desk.retention"):
        await asyncio.wait_for(scheduler.run_forever(stop), timeout=60)
    assert runs == [1, 2]
    assert "retention run failed (RuntimeError)" in caplog.text
    assert '"citizens_quiet": 1' in caplog.text
    assert NAME not in caplog.text and PHONE not in caplog.text


async def test_two_schedulers_erase_a_due_citizen_once(
    engine: AsyncEngine,
    other_engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    evidence = tmp_path / "evidence"
    now = utcnow()
    due = await citizen_with_everything(
        sessionmaker, user_id="due", evidence_dir=evidence, case_status=None,
        last_message_at=now - timedelta(days=100),
    )  # fmt: skip
    talking = await citizen_with_everything(
        sessionmaker, user_id="talking", evidence_dir=evidence, case_status=None
    )
    tracker = make_tracker(tmp_path / "tracker.db", [due.sender_id, talking.sender_id])
    privacy = PrivacySettings(retention_quiet_days=90, rasa_tracker_db_url=tracker)

    def scheduler(on: AsyncEngine) -> Scheduler:
        sessions = create_sessionmaker(on)

        async def job() -> Mapping[str, int]:
            return await retention.run_now(sessions, evidence_dir=evidence, settings=privacy)

        return Scheduler(on, job, period=timedelta(hours=24))

    outcomes = await asyncio.gather(
        scheduler(engine).run_once(), scheduler(other_engine).run_once()
    )
    assert Outcome.RAN in outcomes and Outcome.FAILED not in outcomes
    async with sessionmaker() as session:
        erased = await session.get_one(Citizen, due.citizen_id)
        kept = await session.get_one(Citizen, talking.citizen_id)
        erasures = (await session.execute(select(Erasure.citizen_id))).scalars().all()
        messages = await session.scalar(select(func.count()).select_from(Message))
    assert erasures == [due.citizen_id]
    assert (erased.contact_name, erased.contact_phone) == (None, None)
    assert kept.contact_phone == PHONE
    assert messages == 1
    assert not (evidence / "due-photo.jpg").exists()
    assert (evidence / "talking-photo.jpg").exists()


def _erased(sync_url: str, citizen_id: int) -> bool:
    engine = create_sync_engine(sync_url)
    try:
        with engine.connect() as conn:
            phone = conn.scalar(select(Citizen.contact_phone).where(Citizen.id == citizen_id))
    finally:
        engine.dispose()
    return phone is None


def _run_until_a_run_is_done(env: dict[str, str], log: Path) -> str:
    """Start the scheduled mode, wait for its first finished run (60 s at most), stop it."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "scripts.retention", "--every"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "retention run done" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=10)
    return log.read_text()


async def test_the_scheduled_process_erases_a_due_citizen(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The command `make run-production` supervises, as a process: RETENTION_EVERY=1s (the
    first run waits at most one period), a due citizen erased, counts only in its log."""
    evidence = tmp_path / "evidence"
    held = await citizen_with_everything(
        sessionmaker, user_id="due", evidence_dir=evidence, case_status=None,
        last_message_at=utcnow() - timedelta(days=100),
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")} | {
        "DATABASE_URL": database_url,
        "EVIDENCE_DIR": str(evidence),
        "RASA_TRACKER_DB_URL": make_tracker(tmp_path / "tracker.db", [held.sender_id]),
        "RETENTION_EVERY": "1s",
        "SESSION_SECRET": "test-session-secret-0123456789",
        "SERVICE_TOKEN": "test-service-token-0123456789",
    }
    written = await asyncio.to_thread(_run_until_a_run_is_done, env, tmp_path / "retention.log")
    assert '"citizens_quiet": 1' in written
    assert NAME not in written and PHONE not in written
    assert _erased(database_url.replace("+aiosqlite", ""), held.citizen_id)


def test_the_period_is_written_as_operators_write_it() -> None:
    assert PrivacySettings().retention_every == timedelta(hours=24)
    assert PrivacySettings(retention_every="30m").retention_every == timedelta(minutes=30)
    assert PrivacySettings(retention_every="7d").retention_every == timedelta(days=7)
    with pytest.raises(ValueError):
        PrivacySettings(retention_every="0h")
    with pytest.raises(ValueError):
        PrivacySettings(retention_every="daily")
