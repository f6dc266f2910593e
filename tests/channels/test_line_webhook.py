"""The LINE webhook through HTTP: signature, storage before the ack, dedupe, replies."""

import asyncio

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conversations.models import Direction, Message, MessageStatus
from bot.gateway.runtime import gateway_of
from tests.channels.conftest import line_body, postback_event, sign, text_event
from tests.fakes.line_platform import FakeLine
from tests.fakes.rasa import FakeRasa

USER = "U4af4980629aaaaaaaaaaaaaaaaaaaaaa"


async def post(client: httpx.AsyncClient, body: bytes, signature: str | None = None) -> int:
    headers = {"Content-Type": "application/json"}
    headers["X-Line-Signature"] = signature if signature is not None else sign(body)
    response = await client.post("/webhooks/line", content=body, headers=headers)
    return response.status_code


async def settle(app: FastAPI) -> None:
    await gateway_of(app).queues.idle()


async def count_inbound(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        query = select(func.count()).where(Message.direction == Direction.INBOUND)
        return int((await session.execute(query)).scalar_one())


async def test_signed_text_event_is_answered_with_its_reply_token(
    client: httpx.AsyncClient, app: FastAPI, fake_line: tuple[FakeLine, str]
) -> None:
    line, _ = fake_line
    token = line.issue_reply_token()
    assert (
        await post(client, line_body(text_event(USER, "你好", event_id="ev1", token=token))) == 200
    )
    await settle(app)
    assert [r.reply_token for r in line.replies()] == [token]
    assert line.replies()[0].messages[0]["text"] == "echo: 你好"
    assert line.pushes() == []
    assert any(s.kind == "loading" and s.to == USER for s in line.sent)


async def test_same_event_twice_is_answered_once(
    client: httpx.AsyncClient, app: FastAPI, fake_line: tuple[FakeLine, str]
) -> None:
    line, _ = fake_line
    body = line_body(text_event(USER, "hello", event_id="dup1", token=line.issue_reply_token()))
    assert await post(client, body) == 200
    assert await post(client, body) == 200
    await settle(app)
    assert len(line.replies()) == 1 and line.pushes() == []


async def test_concurrent_duplicates_store_one_message(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    line, _ = fake_line
    body = line_body(text_event(USER, "hello", event_id="race1", token=line.issue_reply_token()))
    statuses = await asyncio.gather(*(post(client, body) for _ in range(5)))
    await settle(app)
    assert statuses == [200] * 5
    assert await count_inbound(sessionmaker) == 1
    assert len(line.replies()) == 1


async def test_bad_or_missing_signature_is_rejected_and_nothing_stored(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    body = line_body(text_event(USER, "hello", event_id="bad1", token="t"))
    assert await post(client, body, signature=sign(body, "another-secret")) == 401
    assert await post(client, body, signature="") == 400
    assert await post(client, body + b" ", signature=sign(body)) == 401
    assert await count_inbound(sessionmaker) == 0


async def test_signed_garbage_is_a_400(client: httpx.AsyncClient) -> None:
    assert await post(client, b"{not json") == 400
    assert await post(client, b'{"no": "events"}') == 400
    assert await post(client, "\xff".encode("latin-1")) == 400


async def test_spent_reply_token_falls_back_to_push_with_a_retry_key(
    client: httpx.AsyncClient, app: FastAPI, fake_line: tuple[FakeLine, str]
) -> None:
    line, _ = fake_line
    assert await post(client, line_body(text_event(USER, "hi", event_id="p1", token="gone"))) == 200
    await settle(app)
    assert line.replies() == []
    [push] = line.pushes()
    assert push.to == USER and push.retry_key
    assert push.messages[0]["text"] == "echo: hi"


async def test_more_than_five_answers_reply_five_and_push_the_rest(
    client: httpx.AsyncClient, app: FastAPI, fake_line: tuple[FakeLine, str]
) -> None:
    line, _ = fake_line
    token = line.issue_reply_token()
    assert (
        await post(client, line_body(text_event(USER, "many", event_id="m1", token=token))) == 200
    )
    await settle(app)
    assert len(line.replies()[0].messages) == 5
    assert len(line.pushes()[0].messages) == 2


async def test_buttons_become_quick_replies_and_a_postback_goes_back_to_the_nlu(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
) -> None:
    line, _ = fake_line
    body = line_body(text_event(USER, "buttons", event_id="b1", token=line.issue_reply_token()))
    await post(client, body)
    await settle(app)
    items = line.replies()[0].messages[0]["quickReply"]["items"]
    assert [i["action"]["label"] for i in items] == ["是", "否"]
    data = items[0]["action"]["data"]
    token = line.issue_reply_token()
    await post(client, line_body(postback_event(USER, data, event_id="b2", token=token)))
    await settle(app)
    assert fake_rasa[0].received[-1]["message"] == "/affirm"
    assert line.replies()[-1].messages[0]["text"] == "echo: /affirm"


async def test_slot_choices_become_a_flex_carousel(
    client: httpx.AsyncClient, app: FastAPI, fake_line: tuple[FakeLine, str]
) -> None:
    line, _ = fake_line
    body = line_body(text_event(USER, "slots", event_id="s1", token=line.issue_reply_token()))
    await post(client, body)
    await settle(app)
    flex = line.replies()[0].messages[-1]
    assert flex["type"] == "flex" and flex["contents"]["type"] == "carousel"
    assert len(flex["contents"]["contents"]) == 2


async def test_each_senders_messages_are_answered_in_order(
    client: httpx.AsyncClient, app: FastAPI, fake_rasa: tuple[FakeRasa, str]
) -> None:
    for n in range(5):
        await post(client, line_body(text_event(USER, f"m{n}", event_id=f"o{n}", token=None)))
    await settle(app)
    assert [r["message"] for r in fake_rasa[0].received] == [f"m{n}" for n in range(5)]


async def test_rasa_down_gets_a_polite_note_and_the_worker_answers_later(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    line, _ = fake_line
    fake_rasa[0].down = True
    token = line.issue_reply_token()
    await post(client, line_body(text_event(USER, "我要申訴", event_id="d1", token=token)))
    await settle(app)
    assert "已收到" in line.replies()[0].messages[0]["text"]
    await gateway_of(app).delivery_worker.retry_pending()
    assert len(line.sent) == 2  # loading + the note: still down, nothing more sent
    fake_rasa[0].down = False
    await gateway_of(app).delivery_worker.retry_pending()
    assert line.pushes()[-1].messages[0]["text"] == "echo: 我要申訴"
    async with sessionmaker() as session:
        statuses = (await session.execute(select(Message.status))).scalars().all()
    assert MessageStatus.PENDING not in statuses
