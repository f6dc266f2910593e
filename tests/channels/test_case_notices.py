"""Domain notices reach the citizen's own channel: a case's stage change and the
15-day overdue nudge go from api/cases through the outbox to LINE, once each."""

from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.time import today_taipei
from api.staff.models import StaffRole
from tests.api.conftest import PASSWORD, file_case, move, set_business_due
from tests.fakes.line_platform import FakeLine

SENDER = "line:U00000000000000000000000000notice"


async def officer_headers(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> dict[str, str]:
    from api.core.time import utcnow
    from api.staff.models import Staff
    from api.staff.security import hash_password

    async with sessions() as session:
        session.add(
            Staff(
                email="officer@desk.test",
                display_name="Demo officer",
                role=StaffRole.OFFICER,
                password_hash=hash_password(PASSWORD),
                created_at=utcnow(),
            )
        )
        await session.commit()
    login = await client.post(
        "/api/auth/login", json={"email": "officer@desk.test", "password": PASSWORD}
    )
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def test_stage_change_and_overdue_nudge_are_pushed_once_each(
    app: FastAPI,
    client: httpx.AsyncClient,
    fake_line: tuple[FakeLine, str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    officer = await officer_headers(client, sessionmaker)
    number = str((await file_case(client, SENDER))["number"])
    assert (await move(client, number, "forwarded", officer)).status_code == 201
    await set_business_due(sessionmaker, number, today_taipei() - timedelta(days=1))

    worker = app.state.delivery_worker
    await worker.run_once()
    await worker.run_once()  # a second round finds nothing new

    pushes = fake_line[0].pushes()
    texts = [p.messages[0]["text"] for p in pushes]
    assert len(pushes) == 2, texts
    assert all(p.to == SENDER.removeprefix("line:") for p in pushes)
    assert any(number in t for t in texts)
    assert any("業者未在" in t and "調解" in t for t in texts), texts
    nudge = next(p for p in pushes if "業者未在" in p.messages[0]["text"])
    assert len(nudge.messages[0]["quickReply"]["items"]) == 2  # second complaint, mediation
