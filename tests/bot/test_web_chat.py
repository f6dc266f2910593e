"""The web chat endpoint through HTTP, with Rasa unreachable (unit level)."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.citizens.models import Citizen
from api.conversations.models import Direction, Message, MessageStatus


async def open_page(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert "desk_web" in client.cookies


async def test_chat_page_sets_a_signed_identity_cookie(client: httpx.AsyncClient) -> None:
    await open_page(client)
    assert "高雄市消費者服務台" in (await client.get("/")).text


async def test_posting_without_the_cookie_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/chat/messages", json={"client_message_id": "abcdefgh1", "text": "hi"}
    )
    assert response.status_code == 401


async def test_forged_cookie_is_refused(client: httpx.AsyncClient) -> None:
    client.cookies.set("desk_web", "forged.value")
    response = await client.post(
        "/chat/messages", json={"client_message_id": "abcdefgh1", "text": "hi"}
    )
    assert response.status_code == 401


async def test_message_is_stored_and_answered_politely_when_rasa_is_down(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await open_page(client)
    response = await client.post(
        "/chat/messages", json={"client_message_id": "msg-00000001", "text": "我要申訴"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "zh-TW"
    assert "已收到" in body["messages"][0]["text"]
    async with sessionmaker() as session:
        inbound = (
            await session.execute(select(Message).where(Message.direction == Direction.INBOUND))
        ).scalar_one()
    assert inbound.text == "我要申訴"
    assert inbound.status == MessageStatus.PENDING


async def test_english_message_gets_an_english_answer(client: httpx.AsyncClient) -> None:
    await open_page(client)
    response = await client.post(
        "/chat/messages", json={"client_message_id": "msg-00000002", "text": "I want to complain"}
    )
    assert response.json()["messages"][0]["text"].startswith("We have received")


async def test_the_same_message_sent_twice_is_answered_once(client: httpx.AsyncClient) -> None:
    await open_page(client)
    first = await client.post(
        "/chat/messages", json={"client_message_id": "dup-0000001", "text": "hi"}
    )
    second = await client.post(
        "/chat/messages", json={"client_message_id": "dup-0000001", "text": "hi"}
    )
    assert len(first.json()["messages"]) == 1
    assert second.json()["messages"] == []


async def test_bad_input_gets_a_clear_4xx(client: httpx.AsyncClient) -> None:
    await open_page(client)
    empty = await client.post(
        "/chat/messages", json={"client_message_id": "bad-0000001", "text": "   "}
    )
    assert empty.status_code == 422
    huge = await client.post(
        "/chat/messages", json={"client_message_id": "bad-0000002", "text": "退" * 10_240}
    )
    assert huge.status_code == 422
    assert "太長" in huge.json()["message"]
    broken = await client.post(
        "/chat/messages", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    missing = await client.post("/chat/messages", json={"text": "hi"})
    assert missing.status_code == 422


async def test_polling_returns_the_history(client: httpx.AsyncClient) -> None:
    await open_page(client)
    await client.post("/chat/messages", json={"client_message_id": "his-0000001", "text": "hello"})
    history = (await client.get("/chat/messages", params={"after": 0})).json()["messages"]
    assert [m["author"] for m in history] == ["citizen", "system"]


async def test_a_bare_number_keeps_the_conversation_in_chinese(client: httpx.AsyncClient) -> None:
    await open_page(client)
    await client.post("/chat/messages", json={"client_message_id": "num-0000001", "text": "你好"})
    response = await client.post(
        "/chat/messages", json={"client_message_id": "num-0000002", "text": "12000"}
    )
    assert response.json()["language"] == "zh-TW"
    assert "已收到" in response.json()["messages"][0]["text"]


async def test_polling_before_writing_creates_nothing(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await open_page(client)
    polled = await client.get("/chat/messages", params={"after": 0})
    assert polled.status_code == 200 and polled.json()["messages"] == []
    async with sessionmaker() as session:
        assert (await session.execute(select(Citizen))).first() is None
