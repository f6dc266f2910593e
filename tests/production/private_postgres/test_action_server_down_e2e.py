"""The action server down (longer than the supervisor's back-off) just as a citizen confirms
a complaint, by tapping or typing: the citizen is told politely, in their language, that
the message was received and will be answered; no case row exists meanwhile; once the
action server is back the waiting confirmation is answered with the case number (one case,
not two) and the citizen's next request that needs the action server works."""

import time
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
    ZH_ANSWERS,
    answer_for,
    buttons,
    pick_confirm,
    say,
    texts,
    web_citizen,
)

pytestmark = [pytest.mark.e2e, pytest.mark.production]
NAME = "測試吳大"  # made up: finds this test's citizens and cases
ANSWERS = [(k, v) for k, v in ZH_ANSWERS if k != "姓名"]


def to_the_summary(chat: httpx.Client, name: str) -> str:
    """Answer what the form asks until it shows the summary; the confirm button's payload."""
    replies = say(chat, "我要申訴")
    for _ in range(12):
        confirm = pick_confirm(buttons(replies))
        if confirm:
            return confirm
        replies = say(chat, answer_for(texts(replies), [*ANSWERS, ("姓名", name)]))
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


@pytest.mark.parametrize("confirm_by", ["tap", "typing"])
def test_action_server_down_at_the_confirmation(private_stack: Stack, confirm_by: str) -> None:
    stack = private_stack
    name = f"{NAME}{'甲' if confirm_by == 'tap' else '乙'}"
    with web_citizen(stack) as chat:
        payload = to_the_summary(chat, name)
        stack.hold_down("actions")
        try:
            replies = say(chat, payload if confirm_by == "tap" else "正確，送出")
            assert texts(replies) == TEXTS["received_later"].zh
            assert cases_of(stack, name) == 0
        finally:
            stack.bring_back("actions")
            stack.wait_ready(names=["actions"], timeout=120)
        answered = waited_answers(chat, after=max(m["id"] for m in replies))
        number = CASE_NUMBER.search(texts(answered))
        assert number, texts(answered)
        status = say(chat, "我的案件進度如何？")
        assert number.group() in texts(status), texts(status)
    assert cases_of(stack, name) == 1
