"""PDPA: export and erasure on request (officers and admins, audited) and the retention job."""

import sqlite3
from datetime import timedelta
from functools import partial
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.audit.models import AccessRecord, ChangeRecord
from api.cases.models import Case, CaseStatus
from api.citizens.models import Citizen
from api.conversations.models import Message
from api.core.config import Settings
from api.core.config_groups import PrivacySettings
from api.core.time import utcnow
from api.privacy.erasure import EraseTargets
from api.privacy.retention import due, run_retention
from api.privacy.tracker import TrackerStore, use_tracker_store
from api.staff.models import StaffRole
from tests.fixtures.staff import StaffLogin
from tests.security.privacy_data import NAME, PHONE, citizen_with_everything, make_tracker


def _count(url: str, sender: str) -> int:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        (found,) = db.execute("SELECT count(*) FROM events WHERE sender_id=?", (sender,)).fetchone()
    return int(found)


async def test_an_officer_exports_everything_held_and_the_read_is_audited(
    app: FastAPI,
    client: httpx.AsyncClient,
    staff_login: StaffLogin,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    tmp_path: Path,
) -> None:
    held = await citizen_with_everything(
        sessionmaker, user_id="alice", evidence_dir=settings.evidence_dir
    )
    tracker = TrackerStore(make_tracker(tmp_path / "t.db", [held.sender_id, "x"]))
    use_tracker_store(app, tracker)
    headers = await staff_login(StaffRole.OFFICER)
    response = await client.get(f"/api/privacy/citizens/{held.citizen_id}/export", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["citizen"]["contact_phone"] == PHONE
    assert NAME in body["messages"][0]["text"]
    assert body["cases"][0]["evidence"][0]["name"] == "receipt.png"
    assert body["cases"][0]["events"][0]["note"] == f"called {PHONE}"
    assert len(body["tracker_events"]) == 2
    assert body["changes"][0]["new_value"] == PHONE
    assert body["notifications"][0]["text_zh"].startswith(NAME)
    async with sessionmaker() as session:
        audited = (await session.execute(select(AccessRecord))).scalars().all()
    assert [(r.action, r.citizen_id) for r in audited] == [
        ("GET /api/privacy/citizens/{citizen_id}/export", held.citizen_id)
    ]


async def test_erasure_on_request_removes_personal_data_and_keeps_the_statistics(
    app: FastAPI,
    client: httpx.AsyncClient,
    staff_login: StaffLogin,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    tmp_path: Path,
) -> None:
    held = await citizen_with_everything(
        sessionmaker, user_id="bob", evidence_dir=settings.evidence_dir
    )
    tracker_url = make_tracker(tmp_path / "t.db", [held.sender_id, "web:someone-else"])
    use_tracker_store(app, TrackerStore(tracker_url))
    headers = await staff_login(StaffRole.ADMIN)
    url = f"/api/privacy/citizens/{held.citizen_id}/erasure"
    response = await client.post(url, json={"reason": "asked by phone"}, headers=headers)
    assert response.status_code == 201, response.text
    counts = response.json()
    assert (counts["messages"], counts["evidence_files"], counts["tracker_events"]) == (1, 2, 2)
    assert not (settings.evidence_dir / "bob-photo.jpg").exists()
    assert _count(tracker_url, held.sender_id) == 0
    assert _count(tracker_url, "web:someone-else") == 2
    assert not (settings.evidence_dir / held.evidence_ref).exists()
    async with sessionmaker() as session:
        citizen = await session.get_one(Citizen, held.citizen_id)
        case = (await session.execute(select(Case))).scalar_one()
        messages = await session.scalar(select(func.count()).select_from(Message))
        changes = [
            (c.old_value, c.new_value)
            for c in (await session.execute(select(ChangeRecord))).scalars()
        ]
    assert (citizen.contact_name, citizen.contact_phone, citizen.contact_email) == (None,) * 3
    assert NAME not in citizen.channel_user_id
    assert messages == 0
    assert changes == [(None, None)]
    assert (case.category, case.status, case.description) == ("gym", "forwarded", "")
    stats = (await client.get("/api/privacy/statistics", headers=headers)).json()
    assert stats["cases"] == [{"category": "gym", "status": "forwarded", "cases": 1}]
    assert stats["erasures"] == {"request": 1}
    again = await client.post(url, json={"reason": "asked again"}, headers=headers)
    assert again.status_code == 409


async def test_an_agent_may_neither_export_nor_erase(
    client: httpx.AsyncClient,
    staff_login: StaffLogin,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    held = await citizen_with_everything(
        sessionmaker, user_id="carol", evidence_dir=settings.evidence_dir
    )
    headers = await staff_login(StaffRole.AGENT)
    base = f"/api/privacy/citizens/{held.citizen_id}"
    assert (await client.get(f"{base}/export", headers=headers)).status_code == 403
    erase = await client.post(f"{base}/erasure", json={"reason": "no"}, headers=headers)
    assert erase.status_code == 403


async def test_the_retention_job_erases_only_citizens_past_their_period(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, tmp_path: Path
) -> None:
    now = utcnow()
    periods = PrivacySettings(retention_case_closed_days=365, retention_quiet_days=90)
    old, recent = now - timedelta(days=400), now - timedelta(days=30)
    evidence = settings.evidence_dir
    hold = partial(citizen_with_everything, sessionmaker, evidence_dir=evidence)
    quiet = await hold(user_id="quiet", case_status=None, last_message_at=now - timedelta(days=100))
    await hold(user_id="talking", case_status=None, last_message_at=recent)
    closed = await hold(
        user_id="closed", case_status=CaseStatus.CLOSED, last_message_at=old, case_updated_at=old
    )
    await hold(
        user_id="open", case_status=CaseStatus.FORWARDED, last_message_at=old, case_updated_at=old
    )
    await hold(
        user_id="just-closed",
        case_status=CaseStatus.REJECTED,
        last_message_at=old,
        case_updated_at=recent,
    )
    async with sessionmaker() as session:
        found = await due(session, now=now, settings=periods)
    assert [(d.citizen_id, str(d.reason)) for d in found] == [
        (quiet.citizen_id, "quiet"),
        (closed.citizen_id, "case_closed"),
    ]
    tracker_url = make_tracker(tmp_path / "t.db", [quiet.sender_id, closed.sender_id])
    targets = EraseTargets(TrackerStore(tracker_url), evidence)
    totals = await run_retention(sessionmaker, now=now, settings=periods, targets=targets)
    assert totals["citizens_quiet"] == 1 and totals["citizens_case_closed"] == 1
    assert totals["messages"] == 2 and totals["tracker_events"] == 4
    assert not (evidence / closed.evidence_ref).exists()
    assert not (evidence / "quiet-photo.jpg").exists()
    assert (evidence / "talking-photo.jpg").exists()
    async with sessionmaker() as session:
        assert await due(session, now=now, settings=periods) == []
