"""LINE and Telegram through the real stack: signed webhooks → desk app → real Rasa and
action server → the official SDKs → the local platform fakes."""

import asyncio
import json
import time
from typing import Any

import httpx
import pytest

from tests.channels.conftest import (
    EVAL_DIR,
    line_body,
    postback_event,
    sign,
    telegram_text,
    text_event,
)
from tests.e2e.conversation import answer_for, pick_confirm, understood
from tests.fakes.line_platform import Sent
from tests.fixtures.channels import TELEGRAM_SECRET, ChannelFakes

pytestmark = pytest.mark.e2e
USER = "Ue2e0000000000000000000000000001"


async def wait_for(predicate: Any, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the channel")
        await asyncio.sleep(0.1)


async def post_line(url: str, body: bytes, signature: str | None = None) -> httpx.Response:
    headers = {"X-Line-Signature": signature or sign(body), "Content-Type": "application/json"}
    async with httpx.AsyncClient(timeout=30) as client:
        return await client.post(f"{url}/webhooks/line", content=body, headers=headers)


async def test_signed_text_event_is_answered_with_its_reply_token_once(
    channel_fakes: ChannelFakes, desk_stack: Any
) -> None:
    line = channel_fakes.line
    token = line.issue_reply_token()
    body = line_body(text_event(USER, "你好", event_id="e2e-text-1", token=token))
    assert (await post_line(desk_stack.desk_url, body)).status_code == 200
    assert (await post_line(desk_stack.desk_url, body)).status_code == 200
    await wait_for(lambda: any(r.reply_token == token for r in line.replies()))
    await asyncio.sleep(1.0)
    assert [r.reply_token for r in line.replies()].count(token) == 1
    assert not [p for p in line.pushes() if p.to == USER]
    # What Rasa understood, read from its tracker store after the reply, is on the message.
    await wait_for(lambda: understood(desk_stack, "e2e-text-1") is not None)
    recorded = understood(desk_stack, "e2e-text-1")
    assert recorded is not None and recorded["intent"] == "greet" and recorded["confidence"] > 0


async def test_bad_signature_is_rejected(channel_fakes: ChannelFakes, desk_stack: Any) -> None:
    body = line_body(text_event(USER, "hi", event_id="e2e-bad-1", token="x"))
    response = await post_line(desk_stack.desk_url, body, signature=sign(body, "wrong"))
    assert response.status_code == 401


async def test_every_eval_event_is_accepted(channel_fakes: ChannelFakes, desk_stack: Any) -> None:
    body = (EVAL_DIR / "line_webhook_events_v3.json").read_bytes()
    assert (await post_line(desk_stack.desk_url, body)).status_code == 200


async def test_telegram_secret_token_and_eval_updates(
    channel_fakes: ChannelFakes, desk_stack: Any
) -> None:
    url = f"{desk_stack.desk_url}/webhooks/telegram"
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    examples = json.loads((EVAL_DIR / "telegram_update_examples.json").read_text())
    async with httpx.AsyncClient(timeout=30) as client:
        assert (await client.post(url, json=telegram_text(1, 5, "hi"))).status_code == 401
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
        assert (
            await client.post(url, json=telegram_text(1, 5, "hi"), headers=wrong)
        ).status_code == 401
        for example in examples["examples"]:
            response = await client.post(url, json=example["update"], headers=headers)
            assert response.status_code == 200, example["name"]


async def test_complaint_filed_through_postbacks_and_quick_replies(
    channel_fakes: ChannelFakes, desk_stack: Any
) -> None:
    """Drive the real complaint form: type where asked, tap a quick reply when offered."""
    line, user = channel_fakes.line, "Ue2e0000000000000000000000000002"
    text, tapped, seen, transcript = "我要申訴", False, 0, []
    tokens: set[str] = set()

    def mine() -> list[Sent]:
        """Only this citizen's answers: other tests' late pushes land in the same fake."""
        return [
            s
            for s in line.sent
            if s.kind != "loading" and (s.reply_token in tokens or s.to == user)
        ]

    for step in range(25):
        token = line.issue_reply_token()
        tokens.add(token)
        event = (
            postback_event(user, text, event_id=f"e2e-c-{step}", token=token)
            if tapped
            else text_event(user, text, event_id=f"e2e-c-{step}", token=token)
        )
        assert (await post_line(desk_stack.desk_url, line_body(event))).status_code == 200
        await wait_for(lambda before=seen: len(mine()) > before)
        await asyncio.sleep(0.3)
        seen = len(mine())
        last = mine()[-1].messages
        question = "\n".join(m.get("text", "") for m in last)
        transcript.append(f"> {text}\n{question}")
        if "KHH-" in question:
            return
        items = [i["action"] for m in last for i in (m.get("quickReply") or {}).get("items", [])]
        choices = [(a["label"], a["data"]) for a in items]
        # Tap "submit" at the summary, the first quick reply for a choice (category, remedy),
        # and type the answer where the form asks for free text.
        tapped = bool(choices)
        text = pick_confirm(choices) or (choices[0][1] if choices else answer_for(question))
    pytest.fail("no case number came back through LINE:\n" + "\n".join(transcript))
