"""Helpers for API tests: staff accounts signed in over HTTP, cases filed through the bot."""

from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cases.models import Case
from api.core.time import utcnow
from api.mediation.models import MediationSlot
from api.staff.models import StaffRole
from tests.fixtures.app import bot_headers
from tests.fixtures.staff import StaffLogin

INTAKE: dict[str, Any] = {
    "business_name": "示範健身股份有限公司",
    "business_address": "高雄市前鎮區示範路1號",
    "category": "gym",
    "description": "繳了一年會費，兩週後店家倒閉，要求退費未獲回應。",
    "purchase_date": "2026-10-01",
    "amount": 24000,
    "desired_remedy": "退還未使用的會費",
    "contact_name": "測試王小明",
    "contact_phone": "0912-345-678",
    "complained_to_business": True,
}


@pytest.fixture
async def officer(staff_login: StaffLogin) -> dict[str, str]:
    return await staff_login(StaffRole.OFFICER)


async def file_case(client: httpx.AsyncClient, sender: str, **changes: Any) -> dict[str, Any]:
    response = await client.post(
        "/api/bot/cases", json={**INTAKE, **changes}, headers=bot_headers(sender)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def move(
    client: httpx.AsyncClient, number: str, to: str, headers: dict[str, str], **extra: Any
) -> httpx.Response:
    return await client.post(
        f"/api/cases/{number}/transitions", json={"to_status": to, **extra}, headers=headers
    )


async def set_business_due(
    sessionmaker: async_sessionmaker[AsyncSession], number: str, due: date
) -> None:
    """Pretend time passed: move the business's reply deadline."""
    async with sessionmaker() as session:
        await session.execute(
            update(Case).where(Case.number == number).values(business_due_date=due)
        )
        await session.commit()


async def to_mediation(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
    sender: str,
) -> str:
    """File a case and walk it to "mediation requested"; returns its number."""
    number = str((await file_case(client, sender))["number"])
    assert (await move(client, number, "forwarded", officer)).status_code == 201
    assert (await move(client, number, "business_replied", officer)).status_code == 201
    response = await move(client, number, "mediation_requested", officer)
    assert response.status_code == 201, response.text
    return number


async def add_slot(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    starts_in: timedelta = timedelta(days=3),
    capacity: int = 1,
    location: str = "調解室A",
) -> int:
    starts_at: datetime = utcnow().replace(microsecond=0) + starts_in
    async with sessionmaker() as session:
        slot = MediationSlot(
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            location=location,
            mediator="示範調解委員",
            capacity=capacity,
            booked_count=0,
            created_at=utcnow(),
        )
        session.add(slot)
        await session.commit()
        return slot.id
