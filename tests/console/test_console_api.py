"""The console page and its API over HTTP, on SQLite and PostgreSQL: staff sign in with
the console's cookie; nothing answers without it."""

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.citizens.models import Citizen
from tests.console.conftest import StaffAccount
from tests.fixtures.app import bot_headers

CASE: dict[str, Any] = {
    "business_name": "示範健身股份有限公司",
    "category": "gym",
    "description": "繳了一年會費，兩週後店家倒閉。",
    "contact_name": "測試王小明",
    "contact_phone": "0912345678",
}
STAFF_ONLY = [
    ("GET", "/api/auth/me"),
    ("GET", "/api/conversations"),
    ("GET", "/api/conversations/inbox"),
    ("GET", "/api/conversations/1/messages"),
    ("GET", "/api/conversations/1/cases"),
    ("POST", "/api/conversations/1/messages"),
    ("POST", "/api/conversations/1/handback"),
]


async def test_console_shows_the_sign_in_form_with_its_assets(client: httpx.AsyncClient) -> None:
    page = await client.get("/console")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "客服主控台" in page.text and 'id="login-form"' in page.text
    csp = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe" not in csp
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text and "hx-on" not in page.text  # no inline script
    script = await client.get("/console/static/console.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in script.text and "eval" not in script.text
    assert (await client.get("/console/static/console.css")).status_code == 200
    assert (await client.get("/console/static/../router.py")).status_code == 404
    english = await client.get("/console/lang/en", follow_redirects=True)
    assert "Staff sign-in" in english.text and 'lang="en"' in english.text


@pytest.mark.parametrize(("method", "path"), STAFF_ONLY)
async def test_console_api_refuses_without_sign_in(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    body = {"text": "hi"} if method == "POST" else None
    assert (await client.request(method, path, json=body)).status_code == 401
    client.cookies.set("desk_staff", "forged.token.value")
    assert (await client.request(method, path, json=body)).status_code == 401


async def test_wrong_password_is_refused(client: httpx.AsyncClient, agent: StaffAccount) -> None:
    wrong = {"email": agent.email, "password": agent.password + "x"}
    response = await client.post("/api/auth/login", json=wrong)
    assert response.status_code == 401
    assert "desk_staff" not in client.cookies


async def web_citizen_in_handoff(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> str:
    """A web chat citizen (real signed cookie) whose conversation the bot handed to staff."""
    await client.get("/")
    await client.post("/chat/messages", json={"client_message_id": "console-msg-1", "text": "你好"})
    async with sessionmaker() as session:
        citizen = (await session.execute(select(Citizen))).scalar_one()
    sender = citizen.sender_id
    handoff = await client.post("/api/bot/handoff", json={}, headers=bot_headers(sender))
    assert handoff.status_code == 200
    for n, text in enumerate(["我要找真人客服", "請問退費的事"], start=2):
        sent = await client.post(
            "/chat/messages", json={"client_message_id": f"console-msg-{n}", "text": text}
        )
        assert sent.status_code == 200
    return sender


async def test_staff_work_a_handed_off_web_conversation_with_the_cookie(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], agent: StaffAccount
) -> None:
    sender = await web_citizen_in_handoff(client, sessionmaker)
    filed = await client.post("/api/bot/cases", json=CASE, headers=bot_headers(sender))
    assert filed.status_code == 201
    signed_in = await client.post("/api/auth/login", json=agent.login())
    assert signed_in.status_code == 200
    csrf = {"X-CSRF-Token": signed_in.json()["csrf_token"]}

    [listed] = (await client.get("/api/conversations/inbox")).json()
    user_id = sender.removeprefix("web:")
    assert listed["channel"] == "web" and listed["unread"] == 2
    assert listed["citizen_label"] == f"web:{user_id[:4]}…{user_id[-4:]}"
    assert listed["last_message_at"].endswith(("Z", "+00:00"))
    cid = listed["id"]
    [case] = (await client.get(f"/api/conversations/{cid}/cases")).json()
    assert case["number"] == filed.json()["number"] and case["status_label_zh"]
    assert case["business_name"] == CASE["business_name"]

    forged = await client.post(f"/api/conversations/{cid}/messages", json={"text": "您好"})
    assert forged.status_code == 403  # the cookie alone cannot change anything
    reply = await client.post(
        f"/api/conversations/{cid}/messages", json={"text": "您好"}, headers=csrf
    )
    assert reply.status_code == 201
    assert (await client.get("/api/conversations/inbox")).json()[0]["unread"] == 0
    shown = (await client.get("/chat/messages", params={"after": 0})).json()["messages"]
    assert [m["text"] for m in shown if m["author"] == "staff"] == ["您好"]

    assert (
        await client.post(f"/api/conversations/{cid}/handback", headers=csrf)
    ).status_code == 200
    assert (await client.get("/api/conversations/inbox")).json() == []
    await client.post("/api/auth/logout")
    assert (await client.get("/api/conversations/inbox")).status_code == 401


async def test_cases_of_an_unknown_conversation_are_404(
    client: httpx.AsyncClient, agent: StaffAccount
) -> None:
    await client.post("/api/auth/login", json=agent.login())
    assert (await client.get("/api/conversations/999/cases")).status_code == 404
