"""The conversation desk over LINE, through the real paths: signed webhooks, the console
API, the delivery worker pushing to the fake LINE platform. Inbox views and waiting reasons,
take / assign / release / take over with the citizen told, canned replies filled from the
case, the idle sweep, a permanent delivery failure's reason."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conversations import lifecycle, staffing
from api.conversations.models import Conversation
from api.conversations.office_hours import office_hours
from api.core.time import utcnow
from api.staff.models import StaffRole
from bot.gateway.runtime import gateway_of
from tests.channels.conftest import fake_line, fake_rasa, line_body, settings, sign, text_event
from tests.console.conftest import new_staff_account, staff_row
from tests.console.test_console_api import CASE
from tests.fakes.line_platform import FakeLine
from tests.fakes.rasa import FakeRasa
from tests.fixtures.app import bot_headers
from tests.fixtures.staff import StaffLogin

__all__ = ["fake_line", "fake_rasa", "settings"]  # the LINE channel's fixtures, reused
USER = "Uconsole0000111122223333444455556"
OTHER = "Uconsole9999888877776666555544443"


async def say(client: httpx.AsyncClient, app: FastAPI, user: str, text: str, n: str) -> None:
    body = line_body(text_event(user, text, event_id=f"{user[-6:]}-{n}", token=None))
    response = await client.post(
        "/webhooks/line", content=body, headers={"X-Line-Signature": sign(body)}
    )
    assert response.status_code == 200
    await gateway_of(app).queues.idle()


async def inbox(
    client: httpx.AsyncClient, staff: dict[str, str], view: str
) -> list[dict[str, Any]]:
    response = await client.get(f"/api/conversations/inbox?view={view}", headers=staff)
    assert response.status_code == 200, response.text
    return list(response.json())


async def handed_off_line_citizen(client: httpx.AsyncClient, app: FastAPI, user: str) -> int:
    await say(client, app, user, "你好", "1")
    handoff = await client.post("/api/bot/handoff", json={}, headers=bot_headers(f"line:{user}"))
    await say(client, app, user, "我要找真人", "2")
    return int(handoff.json()["conversation_id"])


async def test_take_assign_release_and_the_citizen_is_told_once(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    staff_login: StaffLogin,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    colleague = new_staff_account("王同事")
    async with sessionmaker() as session:
        row = staff_row(colleague)
        session.add(row)
        await session.commit()
        colleague_id = row.id
    conversation_id = await handed_off_line_citizen(client, app, USER)
    [waiting] = await inbox(client, agent, "unassigned")
    assert waiting["id"] == conversation_id and waiting["reason"] == "asked"
    assert await inbox(client, agent, "mine") == []

    taken = await client.post(f"/api/conversations/{conversation_id}/take", headers=agent)
    assert taken.status_code == 200 and taken.json()["assignee_id"] is not None
    [mine] = await inbox(client, agent, "mine")
    assert mine["assignee_name"] == "Demo agent"
    await gateway_of(app).delivery_worker.push_queued(grace=timedelta(0))
    joined = [t for t in fake_line[0].texts() if "服務人員已加入" in t]
    assert len(joined) == 1, fake_line[0].texts()

    moved = await client.post(
        f"/api/conversations/{conversation_id}/assign",
        json={"staff_id": colleague_id},
        headers=agent,
    )
    assert moved.status_code == 200 and moved.json()["assignee_id"] == colleague_id
    assert await inbox(client, agent, "mine") == []
    refused = await client.post(f"/api/conversations/{conversation_id}/take", headers=agent)
    assert refused.status_code == 409
    nobody = await client.post(
        f"/api/conversations/{conversation_id}/assign", json={"staff_id": 9999}, headers=agent
    )
    assert nobody.status_code == 404
    released = await client.post(f"/api/conversations/{conversation_id}/release", headers=agent)
    assert released.json() == {
        "conversation_id": conversation_id,
        "handoff_active": True,
        "assignee_id": None,
    }
    await client.post(f"/api/conversations/{conversation_id}/take", headers=agent)
    await gateway_of(app).delivery_worker.push_queued(grace=timedelta(0))
    assert len([t for t in fake_line[0].texts() if "服務人員已加入" in t]) == 1


async def test_take_over_silences_the_bot_until_handed_back(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_rasa: tuple[FakeRasa, str],
    staff_login: StaffLogin,
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    await say(client, app, OTHER, "hello", "1")
    [held] = await inbox(client, agent, "bot")
    assert held["reason"] == "bot" and held["handoff_active"] is False
    assert await inbox(client, agent, "all") == []

    over = await client.post(f"/api/conversations/{held['id']}/handoff", headers=agent)
    assert over.json()["handoff_active"] is True
    await say(client, app, OTHER, "still there?", "2")
    assert [r["message"] for r in fake_rasa[0].received] == ["hello"]
    [waiting] = await inbox(client, agent, "mine")
    assert waiting["reason"] == "asked" and waiting["unread"] == 1

    await client.post(
        f"/api/conversations/{held['id']}/messages", json={"text": "Hi, staff here"}, headers=agent
    )
    await say(client, app, OTHER, "thanks", "3")
    [again] = await inbox(client, agent, "all")
    assert again["reason"] == "new_message"
    await client.post(f"/api/conversations/{held['id']}/handback", headers=agent)
    await say(client, app, OTHER, "bye", "4")
    assert fake_rasa[0].received[-1]["message"] == "bye"


async def test_canned_replies_are_filled_from_the_newest_case(
    client: httpx.AsyncClient, app: FastAPI, staff_login: StaffLogin
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    conversation_id = await handed_off_line_citizen(client, app, USER)
    before = await client.get(f"/api/conversations/{conversation_id}/canned", headers=agent)
    assert [r["key"] for r in before.json()] == ["evidence_request"]  # no case yet
    filed = await client.post("/api/bot/cases", json=CASE, headers=bot_headers(f"line:{USER}"))
    number = filed.json()["number"]
    replies = await client.get(f"/api/conversations/{conversation_id}/canned", headers=agent)
    rule = next(r for r in replies.json() if r["key"] == "business_15_days")
    assert number in rule["text"] and "示範健身股份有限公司" in rule["text"]
    assert rule["text"].startswith("測試王小明您好") and "{" not in rule["text"]


async def test_a_quiet_conversation_is_handed_back_with_a_polite_note(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    staff_login: StaffLogin,
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    conversation_id = await handed_off_line_citizen(client, app, USER)
    await client.post(f"/api/conversations/{conversation_id}/take", headers=agent)
    await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "好的"}, headers=agent
    )
    worker = gateway_of(app).delivery_worker
    assert await worker.close_idle_handoffs(at=utcnow()) == 0  # just answered
    idle = office_hours(app.state.settings.timezone).idle_after
    assert await worker.close_idle_handoffs(at=utcnow() + idle + timedelta(minutes=1)) == 1
    await worker.push_queued(grace=timedelta(0))
    assert "告一段落" in fake_line[0].texts()[-1]
    assert await inbox(client, agent, "all") == []


async def test_unanswered_in_office_hours_is_flagged() -> None:
    hours = office_hours("Asia/Taipei")
    monday_9 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 09:00 in Taipei
    assert hours.is_open(monday_9)
    sunday = monday_9 - timedelta(days=1)
    assert not hours.is_open(sunday)
    assert hours.next_opening(sunday).hour == 8
    assert hours.open_time_between(sunday, monday_9) == timedelta(minutes=30)


async def test_a_permanent_delivery_failure_keeps_its_reason(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    staff_login: StaffLogin,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    conversation_id = await handed_off_line_citizen(client, app, USER)
    sent = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "您好"}, headers=agent
    )
    fake_line[0].fail_next.append(400)
    await gateway_of(app).delivery_worker.push_queued(grace=timedelta(0))
    thread = await client.get(f"/api/conversations/{conversation_id}/messages", headers=agent)
    reply = next(m for m in thread.json() if m["id"] == sent.json()["id"])
    assert reply["status"] == "failed" and reply["failure_reason"]
    async with sessionmaker() as session:  # the verb also stands alone
        await lifecycle.mark_failed(session, [reply["id"]], reason="x" * 400)
        await session.commit()


def test_a_handoff_nobody_answered_in_office_hours_is_flagged() -> None:
    hours = office_hours("Asia/Taipei")
    friday_17 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 17:00 in Taipei
    conversation = Conversation(handoff_active=True, handoff_at=friday_17)
    monday_8_45 = datetime(2026, 11, 30, 0, 45, tzinfo=UTC)
    # 30 min of Friday plus 15 of Monday: 45 office minutes, over the 30 allowed.
    assert staffing.waited_unanswered(conversation, None, hours, monday_8_45)
    saturday = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    assert not staffing.waited_unanswered(
        conversation, None, hours, friday_17 + timedelta(minutes=20)
    )
    assert staffing.waited_unanswered(conversation, None, hours, saturday)
    answered = friday_17 + timedelta(minutes=5)
    assert not staffing.waited_unanswered(conversation, answered, hours, monday_8_45)
