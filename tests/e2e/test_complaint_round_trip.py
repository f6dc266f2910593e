"""Issue 2's round trip through every real process: web chat → router → Rasa →
custom action → desk API → case in the database → case number in the reply."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from scripts.stack import Stack
from tests.e2e.conversation import (
    CASE_NUMBER,
    STORY_QUESTIONS,
    ZH_ANSWERS,
    answer_for,
    buttons,
    pick_confirm,
    say,
    stored_case,
    texts,
    web_citizen,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def chat(desk_stack: Stack) -> Iterator[httpx.Client]:
    with web_citizen(desk_stack) as client:
        yield client


def confirm_button(messages: list[dict[str, Any]]) -> str | None:
    return pick_confirm(buttons(messages))


def file_complaint(chat: httpx.Client, opening: str, answers: list[tuple[str, str]]) -> str:
    """Answer each question the intake form asks, confirm the summary; return the transcript."""
    replies = say(chat, opening)
    transcript = [texts(replies)]
    for _ in range(12):
        if CASE_NUMBER.search(transcript[-1]):
            break
        confirm = confirm_button(replies)
        replies = say(chat, confirm or answer_for(transcript[-1], answers))
        transcript.append(texts(replies))
    return "\n".join(transcript)


def test_zh_complaint_creates_a_case_and_replies_with_its_number(
    chat: httpx.Client, desk_stack: Stack
) -> None:
    transcript = file_complaint(chat, "我要申訴", ZH_ANSWERS)
    number = CASE_NUMBER.search(transcript)
    assert number, transcript
    row = stored_case(desk_stack, number.group())
    assert row.business_name == "陽光健身房"
    assert row.category == "gym"
    assert row.amount == 12000
    assert str(row.purchase_date) == "2026-10-01"


def test_a_whole_story_in_one_message_is_not_asked_again(
    chat: httpx.Client, desk_stack: Stack
) -> None:
    story = (
        "我要申訴，我在2026年9月15日跟快樂旅行社報名日本團，付了3萬5千元，"
        "出發前兩週對方說團取消了卻不退錢"
    )
    transcript = file_complaint(
        chat,
        story,
        [*ZH_ANSWERS[:1], ("哪一家", "快樂旅行社"), ("哪一類", "旅遊"), *ZH_ANSWERS[5:]],
    )
    number = CASE_NUMBER.search(transcript)
    assert number, transcript
    for question in STORY_QUESTIONS:
        assert question not in transcript, transcript
    row = stored_case(desk_stack, number.group())
    assert row.amount == 35000
    assert str(row.purchase_date) == "2026-09-15"
    assert row.business_name == "快樂旅行社"
    assert row.category == "travel"


def test_english_complaint_is_answered_in_english(chat: httpx.Client, desk_stack: Stack) -> None:
    replies = say(chat, "I want to file a complaint against a shop")
    reply = texts(replies)
    assert reply and not any("\u4e00" <= ch <= "\u9fff" for ch in reply), reply
