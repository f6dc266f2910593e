"""Domain notices reach the citizen's own channel: a case's stage change and the
15-day overdue nudge go from api/cases through the outbox to LINE, once each."""

from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.time import local_today
from api.staff.models import StaffRole
from bot.gateway.runtime import gateway_of
from tests.api.conftest import file_case, move, set_business_due
from tests.fakes.line_platform import FakeLine
from tests.fixtures.staff import StaffLogin

SENDER = "line:U00000000000000000000000000notice"


async def test_stage_change_and_overdue_nudge_are_pushed_once_each(
    app: FastAPI,
    client: httpx.AsyncClient,
    fake_line: tuple[FakeLine, str],
    sessionmaker: async_sessionmaker[AsyncSession],
    staff_login: StaffLogin,
) -> None:
    officer = await staff_login(StaffRole.OFFICER)
    number = str((await file_case(client, SENDER))["number"])
    assert (await move(client, number, "forwarded", officer)).status_code == 201
    await set_business_due(sessionmaker, number, local_today() - timedelta(days=1))

    worker = gateway_of(app).delivery_worker
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
