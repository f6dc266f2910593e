"""The conversation desk's console screens over HTTP (cookie session + CSRF): inbox views
remembered per browser, take over a web citizen the bot holds (the web chat shows the
citizen that a person joined), assign to a colleague, canned replies filled in the reply
box, files only through their own conversation."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conversations.models import Conversation
from api.staff.models import Staff
from tests.console.conftest import StaffAccount, new_staff_account, staff_row
from tests.console.test_console_api import CASE, web_citizen_in_handoff
from tests.console.test_console_pages import sign_in
from tests.fixtures.app import bot_headers


async def test_inbox_views_are_remembered(client: httpx.AsyncClient, agent: StaffAccount) -> None:
    htmx = await sign_in(client, agent)
    mine = await client.get("/console/inbox?view=mine", headers=htmx)
    assert 'id="view-mine" class="view-tab current"' in mine.text
    assert "console_view=mine" in mine.headers["set-cookie"]
    again = await client.get("/console/inbox", headers=htmx)  # a live refresh keeps the view
    assert 'id="view-mine" class="view-tab current"' in again.text
    odd = await client.get("/console/inbox?view=everything", headers=htmx)
    assert 'id="view-all" class="view-tab current"' in odd.text


async def test_take_over_a_web_citizen_the_bot_holds(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], agent: StaffAccount
) -> None:
    await client.get("/")
    await client.post("/chat/messages", json={"client_message_id": "held-msg-1", "text": "你好"})
    htmx = await sign_in(client, agent)
    bot_view = await client.get("/console/inbox?view=bot", headers=htmx)
    assert "機器人處理中" in bot_view.text and 'data-reason="bot"' in bot_view.text
    async with sessionmaker() as session:
        conversation = (await session.execute(select(Conversation))).scalar_one()
    pane = await client.get(f"/console/conversations/{conversation.id}", headers=htmx)
    assert 'id="take-over"' in pane.text and 'id="composer"' not in pane.text

    no_csrf = {"HX-Request": "true"}
    refused = await client.post(f"/console/conversations/{conversation.id}/take", headers=no_csrf)
    assert refused.status_code == 403
    taken = await client.post(f"/console/conversations/{conversation.id}/take", headers=htmx)
    assert taken.status_code == 200
    assert 'id="composer"' in taken.text and 'id="release"' in taken.text
    assert 'hx-swap-oob="innerHTML"' in taken.text  # the inbox redraws beside the pane
    chat = await client.get("/chat/messages")
    assert any("服務人員已加入" in m["text"] for m in chat.json()["messages"])


async def test_assign_canned_and_files(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], agent: StaffAccount
) -> None:
    colleague = new_staff_account("張同事")
    async with sessionmaker() as session:
        session.add(staff_row(colleague))
        await session.commit()
    sender = await web_citizen_in_handoff(client, sessionmaker)
    filed = await client.post("/api/bot/cases", json=CASE, headers=bot_headers(sender))
    number = filed.json()["number"]
    htmx = await sign_in(client, agent)
    async with sessionmaker() as session:
        conversation = (await session.execute(select(Conversation))).scalar_one()
    base = f"/console/conversations/{conversation.id}"
    pane = await client.get(base, headers=htmx)
    assert "張同事" in pane.text and 'value="business_15_days"' in pane.text

    canned = await client.get(f"{base}/canned?key=business_15_days", headers=htmx)
    assert canned.text.startswith('<textarea id="reply"') and number in canned.text
    assert "測試王小明您好" in canned.text
    assert (await client.get(f"{base}/canned?key=nope", headers=htmx)).status_code == 404
    empty = await client.get(f"{base}/canned?key=", headers=htmx)
    assert "></textarea>" in empty.text

    colleague_id = await _staff_id(sessionmaker, colleague)
    assigned = await client.post(f"{base}/assign", data={"staff_id": colleague_id}, headers=htmx)
    assert "由 張同事 處理" in assigned.text and 'id="take"' not in assigned.text
    assert (await client.get(f"{base}/files/1/0", headers=htmx)).status_code == 404


async def _staff_id(sessionmaker: async_sessionmaker[AsyncSession], account: StaffAccount) -> int:
    async with sessionmaker() as session:
        query = select(Staff.id).where(Staff.email == account.email)
        return int((await session.execute(query)).scalar_one())
