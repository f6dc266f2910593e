"""The server-rendered console over HTTP: the sign-in form opens a cookie session, every
screen needs it, every change needs the session's CSRF token, citizen text is escaped."""

import re

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.citizens.models import Citizen
from api.conversations.models import Conversation
from tests.console.conftest import StaffAccount
from tests.console.test_console_api import web_citizen_in_handoff
from tests.fixtures.app import bot_headers

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


async def sign_in(client: httpx.AsyncClient, account: StaffAccount) -> dict[str, str]:
    """Sign in through the form; the CSRF header htmx would send, read from the page."""
    signed_in = await client.post("/console/login", data=account.login())
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/console"
    cookie = signed_in.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = await client.get("/console")
    assert 'id="desk-view"' in page.text and account.display_name in page.text
    token = re.search(r"X-CSRF-Token&#34;: &#34;([\w-]+)&#34;", page.text)
    assert token, "hx-headers with the CSRF token on <body>"
    return {"X-CSRF-Token": token.group(1), "HX-Request": "true"}


async def test_wrong_password_shows_the_form_again(
    client: httpx.AsyncClient, agent: StaffAccount
) -> None:
    wrong = await client.post("/console/login", data={**agent.login(), "password": "nope"})
    assert wrong.status_code == 401 and "密碼錯誤" in wrong.text
    assert "desk_staff" not in client.cookies


async def test_a_foreign_site_cannot_sign_a_browser_in(
    client: httpx.AsyncClient, agent: StaffAccount
) -> None:
    forged = await client.post(
        "/console/login", data=agent.login(), headers={"Origin": "https://evil.example"}
    )
    assert forged.status_code == 403 and "desk_staff" not in client.cookies


async def test_screens_need_a_session_and_htmx_is_sent_to_sign_in(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/console/inbox", "/console/conversations/1", "/console/events"):
        response = await client.get(path, headers={"HX-Request": "true"})
        assert response.status_code == 401 and response.headers["hx-redirect"] == "/console"


async def test_staff_work_a_conversation_in_the_server_rendered_console(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], agent: StaffAccount
) -> None:
    sender = await web_citizen_in_handoff(client, sessionmaker)
    hostile = await client.post(
        "/chat/messages", json={"client_message_id": "console-hostile", "text": HOSTILE}
    )
    assert hostile.status_code == 200, hostile.text
    filed = await client.post(
        "/api/bot/cases",
        json={
            "business_name": "<img src=x onerror=alert(3)>健身",
            "category": "gym",
            "description": "店家倒閉",
            "contact_name": "測試王小明",
            "contact_phone": "0912345678",
        },
        headers=bot_headers(sender),
    )
    assert filed.status_code == 201
    htmx = await sign_in(client, agent)
    async with sessionmaker() as session:
        cid = (await session.execute(select(Conversation.id))).scalar_one()

    inbox = await client.get("/console/inbox", headers=htmx)
    assert f'data-id="{cid}"' in inbox.text and 'class="unread"' in inbox.text
    pane = await client.get(f"/console/conversations/{cid}", headers=htmx)
    assert "我要找真人客服" in pane.text and filed.json()["number"] in pane.text
    assert "<script>alert" not in pane.text and "<img src=x" not in pane.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pane.text

    no_csrf = {"HX-Request": "true"}
    refused = await client.post(
        f"/console/conversations/{cid}/messages", data={"text": "您好"}, headers=no_csrf
    )
    assert refused.status_code == 403
    sent = await client.post(
        f"/console/conversations/{cid}/messages", data={"text": "您好"}, headers=htmx
    )
    assert (
        sent.status_code == 200 and "您好" in sent.text and 'hx-swap-oob="innerHTML"' in sent.text
    )
    shown = (await client.get("/chat/messages", params={"after": 0})).json()["messages"]
    assert [m["text"] for m in shown if m["author"] == "staff"] == ["您好"]

    taken = await client.post(f"/console/conversations/{cid}/take", headers=htmx)
    assert f"由 {agent.display_name} 處理" in taken.text and 'id="release"' in taken.text
    listed = await client.get("/console/inbox", headers=htmx)
    assert f'<span class="assignee">{agent.display_name}</span>' in listed.text
    released = await client.post(f"/console/conversations/{cid}/release", headers=htmx)
    assert "未指派" in released.text and 'id="take"' in released.text
    await client.post(f"/console/conversations/{cid}/take", headers=htmx)

    back = await client.post(f"/console/conversations/{cid}/handback", headers=htmx)
    assert back.status_code == 200 and 'id="no-selection"' in back.text
    assert f'data-id="{cid}"' not in back.text
    out = await client.post("/console/logout", headers=htmx)
    assert out.headers["hx-redirect"] == "/console"
    assert (await client.get("/console/inbox", headers=htmx)).status_code == 401


async def test_a_person_asked_for_inside_the_form_shows_the_bot_goes_on_until_taken(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], agent: StaffAccount
) -> None:
    """The pane tells staff the bot is still filling in the complaint; taking it ends that."""
    await client.get("/")
    said = await client.post(
        "/chat/messages", json={"client_message_id": "in-form-1", "text": "我要申訴"}
    )
    assert said.status_code == 200, said.text
    async with sessionmaker() as session:
        sender = (await session.execute(select(Citizen))).scalar_one().sender_id
    asked = await client.post(
        "/api/bot/handoff",
        json={"reason": "我要找真人", "bot_until_taken": True},
        headers=bot_headers(sender),
    )
    assert asked.status_code == 200, asked.text
    htmx = await sign_in(client, agent)
    cid = asked.json()["conversation_id"]
    pane = await client.get(f"/console/conversations/{cid}", headers=htmx)
    assert 'id="bot-until-taken"' in pane.text and "機器人會繼續協助填寫" in pane.text
    taken = await client.post(f"/console/conversations/{cid}/take", headers=htmx)
    assert taken.status_code == 200 and 'id="bot-until-taken"' not in taken.text
    async with sessionmaker() as session:
        conversation = await session.get_one(Conversation, cid)
        assert conversation.held_for_staff
