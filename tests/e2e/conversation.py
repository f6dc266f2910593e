"""A citizen who answers whatever the complaint form asks, in any order, on any channel,
and the case it leaves in the stack's database."""

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import sqlalchemy
from sqlalchemy import create_engine, text

from scripts.stack import Stack

# Keyed by a word of the form's question (nlu/domain/complaint.yml); the form decides the
# order and skips what it already knows.
ZH_ANSWERS: list[tuple[str, str]] = [
    ("描述", "我繳了一年會費，兩週後店家倒閉，不肯退費"),
    ("哪一家", "陽光健身房"),
    ("哪一類", "健身房"),
    ("哪一天", "2026/10/01"),
    ("多少錢", "12000"),
    ("怎麼處理", "全額退費"),
    ("姓名", "測試王小明"),
    ("電話", "0912345678"),
]
CONFIRM_WORDS = ("affirm", "送出", "確認")
CASE_NUMBER = re.compile(r"KHH-\d{4}-\d{6}")
# The form's questions for what a whole story already tells: business, category, date, amount.
STORY_QUESTIONS = ("哪一家", "哪一類", "哪一天", "多少錢")


def answer_for(question: str, answers: list[tuple[str, str]] = ZH_ANSWERS) -> str:
    for keyword, answer in answers:
        if keyword in question:
            return answer
    raise AssertionError(f"unexpected question: {question}")


def pick_confirm(choices: list[tuple[str, str]]) -> str | None:
    """The payload of a submit/confirm button among (title, payload) choices, if any."""
    for title, payload in choices:
        if any(word in title or word in payload for word in CONFIRM_WORDS):
            return payload
    return None


def stored_case(stack: Stack, number: str) -> sqlalchemy.Row[Any]:
    """The case row with its citizen's contact details."""
    engine = create_engine(stack.config.sync_database_url)
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT business_name, category, amount, purchase_date, description, "
                "desired_remedy, contact_name, contact_phone FROM cases "
                "JOIN citizens ON citizens.id = cases.citizen_id WHERE number = :n"
            ),
            {"n": number},
        ).one()
    engine.dispose()
    return row


def understood(stack: Stack, event_id: str) -> dict[str, Any] | None:
    """What the desk recorded that Rasa understood of an inbound message (from Rasa's
    tracker store), or None while it has not."""
    engine = create_engine(stack.config.sync_database_url)
    with engine.connect() as conn:
        payload = conn.execute(
            text("SELECT payload FROM messages WHERE event_id = :e"), {"e": event_id}
        ).scalar_one()
    engine.dispose()
    if isinstance(payload, str):
        payload = json.loads(payload)
    found: dict[str, Any] | None = (payload or {}).get("understood")
    return found


# The English form's questions (nlu/domain/complaint.yml), keyed by a few of their words.
EN_ANSWERS: list[tuple[str, str]] = [
    ("describe what happened", "The seller sent a broken phone and refuses to take it back"),
    ("Which business", "QuickBuy Ltd"),
    ("kind of purchase", "online shopping"),
    ("what date", "2026-11-03"),
    ("How much", "12000"),
    ("like the business to do", "refund"),
    ("full name", "Test Mary Chen"),
    ("phone number", "0912345678"),
]
# Questions for what an English story tells: business, category, date, amount.
EN_STORY_QUESTIONS = ("Which business", "kind of purchase", "what date", "How much")


@contextmanager
def web_citizen(stack: Stack) -> Iterator[httpx.Client]:
    """A new web-chat citizen: a client that got its signed identity cookie from `/`."""
    with httpx.Client(base_url=stack.config.desk_url, timeout=60) as client:
        assert client.get("/").status_code == 200
        yield client


def say(chat: httpx.Client, message: str) -> list[dict[str, Any]]:
    """Send one web-chat message; the desk's answers to it."""
    response = chat.post(
        "/chat/messages", json={"client_message_id": uuid.uuid4().hex, "text": message}
    )
    assert response.status_code == 200, response.text
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m["text"]) for m in messages)


def buttons(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(title, payload) of every button the answers carry."""
    return [(b["title"], b["payload"]) for m in messages for b in m.get("buttons") or []]
