"""The web chat page in a real browser (Debian's chromium through Playwright)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts.stack import Stack

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
