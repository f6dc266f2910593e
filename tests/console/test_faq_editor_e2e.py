"""Through the real stack (desk app, Rasa server, action server): an FAQ answer edited in the
console editor is what the bot says next in the web chat — no retraining, because the action
reads the published entry from the desk API on every question (actions/faq.py)."""

import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.staff.models import StaffRole
from scripts.stack import Stack
from tests.console.conftest import StaffAccount, new_staff_account, staff_row

pytestmark = pytest.mark.e2e
TOPIC = "cooling_off"  # the NLU's faq/cooling_off; the search finds it too
ENTRY = {
    "topic": TOPIC,
    "category": "shopping",
    "question_zh": "網購有七天鑑賞期嗎？",
    "question_en": "Is there a 7-day cooling-off period for online shopping?",
    "answer_zh": "有。收到商品後七天內可以退貨（第一版）。",
    "answer_en": "Yes. You may return it within seven days (first version).",
    "article_zh": "消費者保護法第19條",
    "article_en": "Consumer Protection Act Art. 19",
    "keywords_zh": "鑑賞期, 網購, 退貨",
}
EDITED = "有。收到商品後七天內可以無條件退貨，運費由業者負擔（編輯後）。"


def add_admin(stack: Stack) -> StaffAccount:
    account = new_staff_account("FAQ 管理員")
    engine = create_engine(stack.config.sync_database_url)
    with Session(engine) as session:
        session.add(staff_row(account, StaffRole.ADMIN))
        session.commit()
    engine.dispose()
    return account


@pytest.fixture
def console(desk_stack: Stack) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    """An admin signed in to the console (cookie + the CSRF header htmx sends)."""
    account = add_admin(desk_stack)
    with httpx.Client(base_url=desk_stack.config.desk_url, timeout=60) as browser:
        signed = browser.post("/console/login", data=account.login())
        assert signed.status_code == 303, signed.text
        page = browser.get("/console/faq")
        token = re.search(r"X-CSRF-Token&#34;: &#34;([\w-]+)&#34;", page.text)
        assert token
        yield browser, {"X-CSRF-Token": token.group(1), "HX-Request": "true"}


def ask(stack: Stack, question: str) -> str:
    """A new web-chat citizen asks once; the bot's reply text."""
    with httpx.Client(base_url=stack.config.desk_url, timeout=60) as chat:
        assert chat.get("/").status_code == 200
        body = {"client_message_id": uuid.uuid4().hex, "text": question}
        response = chat.post("/chat/messages", json=body)
        assert response.status_code == 200, response.text
        return "\n".join(str(m["text"]) for m in response.json()["messages"])


def entry_id(browser: httpx.Client) -> int | None:
    listed = browser.get("/console/faq")
    found = re.search(rf'href="/console/faq/(\d+)" data-topic="{TOPIC}"', listed.text)
    return int(found.group(1)) if found else None


def test_an_answer_edited_in_the_console_is_what_the_bot_says_next(
    desk_stack: Stack, console: tuple[httpx.Client, dict[str, str]]
) -> None:
    browser, htmx = console
    existing = entry_id(browser)
    url = f"/console/faq/{existing}" if existing else "/console/faq"
    saved = browser.post(url, data=ENTRY, headers=htmx)
    assert 'id="faq-message"' in saved.text, saved.text
    number = entry_id(browser)
    browser.post(f"/console/faq/{number}/publish", headers=htmx)

    first = ask(desk_stack, "網購有七天鑑賞期嗎？")
    assert "（第一版）" in first and "（依據：消費者保護法第19條）" in first, first

    edited = browser.post(
        f"/console/faq/{number}", data={**ENTRY, "answer_zh": EDITED}, headers=htmx
    )
    assert EDITED in edited.text  # the editor's preview shows the new answer
    second = ask(desk_stack, "網購有七天鑑賞期嗎？")
    assert EDITED in second and "（第一版）" not in second, second
