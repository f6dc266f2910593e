"""Handoff through the real paths: the bot hands over, staff read and reply through the
console API, the reply is pushed on the citizen's own channel, staff hand back."""

import httpx
from fastapi import FastAPI

from api.staff.models import StaffRole
from bot.gateway.runtime import gateway_of
from tests.channels.conftest import line_body, sign, text_event
from tests.fakes.line_platform import FakeLine
from tests.fakes.rasa import FakeRasa
from tests.fixtures.app import bot_headers
from tests.fixtures.staff import StaffLogin

USER = "Uaaaabbbbccccddddeeeeffff00001111"


async def say(client: httpx.AsyncClient, app: FastAPI, text: str, event_id: str) -> None:
    body = line_body(text_event(USER, text, event_id=event_id, token=None))
    response = await client.post(
        "/webhooks/line", content=body, headers={"X-Line-Signature": sign(body)}
    )
    assert response.status_code == 200
    await gateway_of(app).queues.idle()


async def test_console_requires_staff(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/conversations")).status_code == 401


async def test_handed_off_conversation_goes_to_staff_and_back(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
    staff_login: StaffLogin,
) -> None:
    staff = await staff_login(StaffRole.AGENT)
    await say(client, app, "hello", "h1")
    handoff = await client.post("/api/bot/handoff", json={}, headers=bot_headers(f"line:{USER}"))
    conversation_id = handoff.json()["conversation_id"]
    await say(client, app, "我要找真人", "h2")
    assert [r["message"] for r in fake_rasa[0].received] == ["hello"]

    [listed] = (await client.get("/api/conversations", headers=staff)).json()
    assert listed["id"] == conversation_id
    thread = (
        await client.get(f"/api/conversations/{conversation_id}/messages", headers=staff)
    ).json()
    assert thread[-1]["text"] == "我要找真人" and thread[-1]["status"] == "for_staff"

    sent = await client.post(
        f"/api/conversations/{conversation_id}/messages",
        json={"text": "您好，我是承辦人"},
        headers=staff,
    )
    assert sent.status_code == 201 and sent.json()["status"] == "queued"
    await gateway_of(app).delivery_worker.push_queued()
    assert fake_line[0].pushes()[-1].messages[-1]["text"] == "您好，我是承辦人"

    back = await client.post(f"/api/conversations/{conversation_id}/handback", headers=staff)
    assert back.json()["handoff_active"] is False
    await say(client, app, "thanks", "h3")
    assert fake_rasa[0].received[-1]["message"] == "thanks"
    refused = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "late"}, headers=staff
    )
    assert refused.status_code == 409
    counts = (
        await client.get(f"/api/conversations/{conversation_id}/deliveries", headers=staff)
    ).json()
    assert counts["push"] >= 1


async def test_a_person_asked_for_inside_a_form_leaves_the_bot_on_until_staff_takes_it(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
    staff_login: StaffLogin,
) -> None:
    """The citizen is waiting for a person and in the middle of a complaint: the bot goes on
    with the form (the conversation is already in staff's inbox) until someone takes it."""
    staff = await staff_login(StaffRole.AGENT)
    await say(client, app, "我要申訴", "f1")
    handoff = await client.post(
        "/api/bot/handoff",
        json={"reason": "我要找真人", "bot_until_taken": True},
        headers=bot_headers(f"line:{USER}"),
    )
    conversation_id = handoff.json()["conversation_id"]
    [listed] = (await client.get("/api/conversations", headers=staff)).json()
    assert listed["id"] == conversation_id

    await say(client, app, "健身房倒閉了", "f2")
    assert fake_rasa[0].received[-1]["message"] == "健身房倒閉了"

    taken = await client.post(f"/api/conversations/{conversation_id}/take", headers=staff)
    assert taken.status_code == 200, taken.text
    await say(client, app, "請問還要多久", "f3")
    assert fake_rasa[0].received[-1]["message"] == "健身房倒閉了"
    thread = (
        await client.get(f"/api/conversations/{conversation_id}/messages", headers=staff)
    ).json()
    assert thread[-1]["text"] == "請問還要多久" and thread[-1]["status"] == "for_staff"
