"""The web chat page in a real browser (Debian's chromium through Playwright)."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts.stack import Stack
from tests.e2e.conversation import (
    CASE_NUMBER,
    CONFIRM_WORDS,
    STORY_QUESTIONS,
    answer_for,
    stored_case,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture
def page(browser: Browser, desk_stack: Stack) -> Iterator[Page]:
    context = browser.new_context(locale="zh-TW")
    page = context.new_page()
    page.goto(desk_stack.config.desk_url + "/")
    yield page
    context.close()


def test_citizen_chats_in_chinese_and_gets_an_answer_in_chinese(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page.fill("#text", "你好")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.citizen").last).to_have_text("你好")
    reply = page.locator(".msg.bot").nth(1)  # the first bubble is the page's welcome
    expect(reply).to_be_visible(timeout=30_000)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reply.inner_text())
    shot: Path = tmp_path_factory.mktemp("screens") / "web-chat.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 0


def test_tapping_a_button_sends_its_payload(page: Page) -> None:
    page.fill("#text", "hello")
    page.keyboard.press("Enter")
    button = page.locator(".buttons button").first
    expect(button).to_be_visible(timeout=30_000)
    before = page.locator(".msg.bot").count()
    button.click()
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=30_000)


STORY = (
    "我要申訴！我兒子2026年8月20日在明光文理補習班報名一年的課，繳了4萬8千元，"
    "上了三週老師就換人，補習班不肯退費"
)
ANSWERS = [
    ("怎麼處理", "退還剩下的學費"),
    ("姓名", "測試林小姐"),
    ("電話", "0987-654-321"),
]


def send_and_wait(page: Page, text: str) -> str:
    """Type a message like a citizen; the text of the desk's replies to it."""
    before = page.locator(".msg.bot").count()
    page.fill("#text", text)
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=30_000)
    expect(page.locator("#send")).to_be_enabled(timeout=30_000)
    return "\n".join(page.locator(".msg.bot").all_inner_texts()[before:])


def test_a_whole_complaint_typed_in_chinese_becomes_that_case(
    page: Page, desk_stack: Stack
) -> None:
    transcript = [send_and_wait(page, STORY)]
    for _ in range(6):
        if "請確認" in transcript[-1]:
            break
        question = transcript[-1].splitlines()[-1]
        transcript.append(send_and_wait(page, answer_for(question, ANSWERS)))
    for question in STORY_QUESTIONS:
        assert question not in "\n".join(transcript)
    before = page.locator(".msg.bot").count()
    page.locator(".buttons button", has_text=re.compile("|".join(CONFIRM_WORDS))).last.click()
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=30_000)
    reply = page.locator(".msg.bot").last.inner_text()
    number = CASE_NUMBER.search(reply)
    assert number, reply
    row = stored_case(desk_stack, number.group())
    assert (row.business_name, row.category, row.amount) == ("明光文理補習班", "education", 48000)
    assert str(row.purchase_date) == "2026-08-20"
    assert row.description == STORY
    assert (row.contact_name, row.contact_phone) == ("測試林小姐", "0987654321")
    assert row.desired_remedy == "退還剩下的學費"
