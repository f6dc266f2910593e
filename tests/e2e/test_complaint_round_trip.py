"""Issue 2's round trip through every real process: web chat → router → Rasa →
custom action → desk API → case in the database → case number in the reply."""

import re
import uuid

import httpx
import pytest
from sqlalchemy import create_engine, text

from scripts.stack import Stack

pytestmark = pytest.mark.e2e
CASE_NUMBER = re.compile(r"KHH-\d{4}-\d{6}")


def say(chat: httpx.Client, message: str) -> list[dict[str, object]]:
    response = chat.post(
        "/chat/messages", json={"client_message_id": uuid.uuid4().hex, "text": message}
    )
    assert response.status_code == 200, response.text
    messages: list[dict[str, object]] = response.json()["messages"]
    return messages


def texts(messages: list[dict[str, object]]) -> str:
    return "\n".join(str(m["text"]) for m in messages)


def sync_url(stack: Stack) -> str:
    return stack.config.database_url.replace("sqlite+aiosqlite", "sqlite")


@pytest.fixture
def chat(desk_stack: Stack) -> httpx.Client:
    client = httpx.Client(base_url=desk_stack.config.desk_url, timeout=60)
    assert client.get("/").status_code == 200  # receives the signed identity cookie
    return client


def file_complaint(chat: httpx.Client, opening: str, answers: list[str]) -> str:
    """Open the intake form, answer each question, confirm; return the whole transcript."""
    transcript = [texts(say(chat, opening))]
    for answer in answers:
        transcript.append(texts(say(chat, answer)))
        if CASE_NUMBER.search(transcript[-1]):
            break
    return "\n".join(transcript)


def test_zh_complaint_creates_a_case_and_replies_with_its_number(
    chat: httpx.Client, desk_stack: Stack
) -> None:
    transcript = file_complaint(
        chat,
        "我要申訴",
        [
            "陽光健身房",
            "健身房",
            "我上個月繳了一年會費，現在店家倒閉不退費",
            "2026-10-01",
            "12000",
            "全額退費",
            "王小明",
            "0912345678",
            "是",
        ],
    )
    number = CASE_NUMBER.search(transcript)
    assert number, transcript
    engine = create_engine(sync_url(desk_stack))
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT business_name, amount FROM cases WHERE number = :n"),
            {"n": number.group()},
        ).one()
    assert row.business_name == "陽光健身房"
    assert row.amount == 12000
