"""A worker acknowledges its webhooks before it starts their turns (bot/gateway/ackfirst.py):
while a webhook is still in flight, a stored event's turn waits; once none is, it runs."""

import asyncio
import json

import httpx
from fastapi import FastAPI
from starlette.types import Message

from bot.gateway.ackfirst import WebhookTraffic
from bot.gateway.runtime import gateway_of
from desk.warmup import http_scope
from tests.channels.conftest import line_body, sign, text_event
from tests.fakes.line_platform import FakeLine
from tests.fakes.rasa import FakeRasa


async def slow_webhook(app: FastAPI, body: bytes, arrived: asyncio.Event) -> list[Message]:
    """POST /webhooks/line straight into the ASGI app, its body held back until `arrived`
    is set (a platform on a slow link): the request is in flight all that time."""
    headers = [(b"content-type", b"application/json"), (b"x-line-signature", sign(body).encode())]
    headers.append((b"content-length", str(len(body)).encode()))
    scope = http_scope("POST", "/webhooks/line", headers)
    chunks = [{"type": "http.request", "body": b"", "more_body": True}]
    sent: list[Message] = []

    async def receive() -> Message:
        if chunks:
            return chunks.pop()
        await arrived.wait()
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def hold_a_webhook(
    app: FastAPI, line: FakeLine
) -> tuple["asyncio.Task[list[Message]]", asyncio.Event]:
    """A webhook from citizen Uslow in flight until the returned event is set."""
    arrived = asyncio.Event()
    body = line_body(text_event("Uslow", "slow", event_id="s1", token=line.issue_reply_token()))
    return asyncio.create_task(slow_webhook(app, body, arrived)), arrived


async def hold_with_limit(
    app: FastAPI, line: FakeLine, max_wait: float
) -> tuple[WebhookTraffic, "asyncio.Task[list[Message]]", asyncio.Event]:
    """Turns held back by the acks for at most `max_wait`, and Uslow's webhook in flight."""
    traffic: WebhookTraffic = app.state.webhook_traffic
    traffic.max_wait = max_wait
    slow, arrived = hold_a_webhook(app, line)
    await asyncio.sleep(0.05)
    return traffic, slow, arrived


async def post_fast(client: httpx.AsyncClient, line: FakeLine) -> None:
    body = line_body(text_event("Ufast", "fast", event_id="f1", token=line.issue_reply_token()))
    headers = {"Content-Type": "application/json", "X-Line-Signature": sign(body)}
    assert (await client.post("/webhooks/line", content=body, headers=headers)).status_code == 200


async def test_a_stored_events_turn_waits_until_the_webhooks_in_flight_are_acked(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
) -> None:
    line, rasa = fake_line[0], fake_rasa[0]
    # Only the acks may release the turn here, not the time limit.
    traffic, slow, arrived = await hold_with_limit(app, line, max_wait=30)
    assert traffic.in_flight == 1

    await post_fast(client, line)
    await asyncio.sleep(0.3)
    assert rasa.received == [], "a turn started while a webhook was still being acked"

    arrived.set()
    response = await slow
    assert response[0]["status"] == 200 and json.loads(response[1]["body"]) is not None
    await gateway_of(app).queues.idle()
    assert sorted(r["message"] for r in rasa.received) == ["fast", "slow"]
    assert sorted(r.messages[0]["text"] for r in line.replies()) == ["echo: fast", "echo: slow"]
    assert traffic.in_flight == 0


async def test_a_flood_of_webhooks_cannot_hold_the_turns_back_longer_than_the_limit(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
) -> None:
    line, rasa = fake_line[0], fake_rasa[0]
    traffic, slow, arrived = await hold_with_limit(app, line, max_wait=0.2)

    await post_fast(client, line)
    await gateway_of(app).queues.idle()  # while the slow webhook is still in flight
    assert [r["message"] for r in rasa.received] == ["fast"]
    assert traffic.in_flight == 1

    arrived.set()
    await slow
    await gateway_of(app).queues.idle()
    assert sorted(r.messages[0]["text"] for r in line.replies()) == ["echo: fast", "echo: slow"]
