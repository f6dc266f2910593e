"""Every (from, to) pair through the HTTP API: legal ones succeed, the rest are 409."""

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cases import stages
from api.cases.models import Case, CaseStatus
from api.core.time import local_today
from api.notifications.models import Notification
from api.staff.models import StaffRole
from tests.api.conftest import add_slot, file_case, move
from tests.fixtures.app import bot_headers
from tests.fixtures.staff import StaffLogin


async def _put_in(
    sessionmaker: async_sessionmaker[AsyncSession], number: str, status: CaseStatus
) -> None:
    """Force a case into `status` with the fields that state requires (overdue if forwarded)."""
    past = local_today() - timedelta(days=1)
    values: dict[str, Any] = {
        "status": status,
        "business_due_date": past,
        "objection_due_date": past,
        "rejection_reason": "duplicate" if status == CaseStatus.REJECTED else None,
    }
    async with sessionmaker() as session:
        await session.execute(update(Case).where(Case.number == number).values(**values))
        await session.commit()


async def test_every_legal_and_illegal_transition(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    staff_login: StaffLogin,
) -> None:
    admin = await staff_login(StaffRole.ADMIN)
    number = (await file_case(client, "line:Ualice"))["number"]
    outcomes: dict[tuple[CaseStatus, CaseStatus], int] = {}
    for source in CaseStatus:
        for target in CaseStatus:
            await _put_in(sessionmaker, number, source)
            extra = {"rejection_reason": "duplicate"} if target == CaseStatus.REJECTED else {}
            response = await move(client, number, target, admin, **extra)
            outcomes[(source, target)] = response.status_code
            if response.status_code == 409:
                assert response.json()["error"] == "conflict"
    expected = {
        (s, t): 201 if stages.is_legal(s, t) and (s, t) not in stages.BOOKING_DRIVEN else 409
        for s in CaseStatus
        for t in CaseStatus
    }
    assert outcomes == expected


async def test_full_path_records_events_and_stage_notices(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    number = (await file_case(client, "line:Ualice"))["number"]
    for target in ("forwarded", "business_replied", "mediation_requested"):
        assert (await move(client, number, target, officer, note=f"to {target}")).status_code == 201
    slot_id = await add_slot(sessionmaker)
    booked = await client.post(
        "/api/bot/mediation/bookings",
        json={"case_number": number, "slot_id": slot_id},
        headers=bot_headers("line:Ualice"),
    )
    assert booked.status_code == 201
    for target in ("mediation_proposed", "settled", "closed"):
        assert (await move(client, number, target, officer)).status_code == 201
    detail = (await client.get(f"/api/cases/{number}", headers=officer)).json()
    path = [(e["from_status"], e["to_status"], e["actor_kind"]) for e in detail["events"]]
    assert path == [
        (None, "received", "citizen"),
        ("received", "forwarded", "staff"),
        ("forwarded", "business_replied", "staff"),
        ("business_replied", "mediation_requested", "staff"),
        ("mediation_requested", "mediation_scheduled", "citizen"),
        ("mediation_scheduled", "mediation_proposed", "staff"),
        ("mediation_proposed", "settled", "staff"),
        ("settled", "closed", "staff"),
    ]
    assert detail["objection_due_date"] == (local_today() + timedelta(days=10)).isoformat()
    async with sessionmaker() as session:
        notices = (await session.execute(select(Notification))).scalars().all()
    assert len(notices) == 7
    assert {n.kind for n in notices} == {"stage_changed"}
    assert all(number in n.text_zh and number in n.text_en for n in notices)


async def test_escalating_before_the_business_is_overdue_is_a_conflict(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    number = (await file_case(client, "line:Ualice"))["number"]
    await move(client, number, "forwarded", officer)
    response = await move(client, number, "second_complaint", officer)
    assert response.status_code == 409
    assert response.json()["detail"]["due_date"]


@pytest.mark.parametrize("target", ["mediation_requested", "settled"])
async def test_agents_may_not_make_officer_decisions(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    staff_login: StaffLogin,
    target: str,
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    number = (await file_case(client, "line:Ualice"))["number"]
    source = (
        CaseStatus.BUSINESS_REPLIED if target == "mediation_requested" else "mediation_proposed"
    )
    await _put_in(sessionmaker, number, CaseStatus(source))
    assert (await move(client, number, target, agent)).status_code == 403


async def test_rejection_needs_a_reason(client: httpx.AsyncClient, officer: dict[str, str]) -> None:
    number = (await file_case(client, "line:Ualice"))["number"]
    assert (await move(client, number, "rejected", officer)).status_code == 422
    ok = await move(client, number, "rejected", officer, rejection_reason="not_consumer_dispute")
    assert ok.status_code == 201
    case = (await client.get(f"/api/bot/cases/{number}", headers=bot_headers("line:Ualice"))).json()
    assert "not a consumer dispute" in case["next_step_en"]
