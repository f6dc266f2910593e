"""The action server down (longer than the supervisor's back-off) just as a citizen confirms
a complaint, by tapping or typing: the citizen is told politely, in their language, that
the message was received and will be answered; no case row exists meanwhile; once the
action server is back the waiting confirmation is answered with the case number (one case,
not two) and the citizen's next request that needs the action server works."""

import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from api.cases.models import Case
from api.citizens.models import Citizen
from api.registry import Base  # noqa: F401  (every model mapped before the first query)
from bot.gateway.replies import TEXTS
from scripts.stack import Stack
from tests.e2e.conversation import (
    CASE_NUMBER,
    EN_ANSWERS,
    ZH_ANSWERS,
    answer_for,
    buttons,
    pick_confirm,
    say,
    texts,
    web_citizen,
)

pytestmark = [pytest.mark.e2e, pytest.mark.production]


@dataclass(frozen=True)
class Way:
    """One citizen's way through the complaint form, and how they confirm its summary."""

    language: str
    opening: str
    answers: list[tuple[str, str]]
    name: str  # made up: finds this citizen's case
    status_question: str
    typed_confirmation: str | None = None  # None: taps the confirm button


def chinese(name: str, typed: str | None = None) -> Way:
    answers = [(k, v) for k, v in ZH_ANSWERS if k != "姓名"] + [("姓名", name)]
    return Way("zh", "我要申訴", answers, name, "我的案件進度如何？", typed)


ENGLISH_NAME = "Test Wu Datong"
WAYS = {
    "zh-tap": chinese("測試吳大甲"),
    "zh-typed": chinese("測試吳大乙", typed="正確，送出"),
    "en-tap": Way(
        "en",
        "I want to file a complaint",
        [(k, v) for k, v in EN_ANSWERS if k != "full name"] + [("full name", ENGLISH_NAME)],
        ENGLISH_NAME,
        "What is the status of my case?",
    ),
}


def to_the_summary(chat: httpx.Client, citizen: Way) -> str:
    """Answer what the form asks until it shows the summary; the confirm button's payload."""
    replies = say(chat, citizen.opening)
    for _ in range(12):
        confirm = pick_confirm(buttons(replies))
        if confirm:
            return confirm
        replies = say(chat, answer_for(texts(replies), citizen.answers))
    raise AssertionError(f"no summary to confirm; last answer: {texts(replies)}")


def cases_of(stack: Stack, name: str) -> int:
    engine = create_engine(stack.config.sync_database_url)
    with engine.connect() as db:
        count = db.scalar(
            select(func.count(Case.id))
            .join(Citizen, Citizen.id == Case.citizen_id)
            .where(Citizen.contact_name == name)
        )
    engine.dispose()
    return int(count or 0)


def waited_answers(chat: httpx.Client, after: int, seconds: float = 90) -> list[dict[str, Any]]:
    """What the web chat's page picks up by polling: answers to a message that waited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = chat.get("/chat/messages", params={"after": after}).json()["messages"]
        if any(m["author"] == "bot" for m in found):
            return [m for m in found if m["author"] == "bot"]
        time.sleep(0.5)
    raise AssertionError("the waiting message was not answered after the action server came back")


@pytest.mark.parametrize("who", list(WAYS))
def test_action_server_down_at_the_confirmation(private_stack: Stack, who: str) -> None:
    stack, citizen = private_stack, WAYS[who]
    with web_citizen(stack) as chat:
        payload = to_the_summary(chat, citizen)
        stack.hold_down("actions")
        try:
            replies = say(chat, citizen.typed_confirmation or payload)
            assert texts(replies) == TEXTS["received_later"].pick(citizen.language)
            assert cases_of(stack, citizen.name) == 0
        finally:
            stack.bring_back("actions")
            stack.wait_ready(names=["actions"], timeout=120)
        answered = waited_answers(chat, after=max(m["id"] for m in replies))
        number = CASE_NUMBER.search(texts(answered))
        assert number, texts(answered)
        status = say(chat, citizen.status_question)
        assert number.group() in texts(status), texts(status)
    assert cases_of(stack, citizen.name) == 1
