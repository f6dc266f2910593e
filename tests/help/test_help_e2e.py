"""From reading to acting, through the real stack: "file a complaint about this" on an
answer page opens the web chat with the topic carried over, and the chat ends in a case.
Needs the trained model (e2e); the lead runs it."""

import asyncio
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from scripts.stack import Stack
from tests.e2e.conversation import CASE_NUMBER, CONFIRM_WORDS, answer_for, stored_case
from tests.help.conftest import seed

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
TOPIC = "gym_cancellation"
COMPLAINT_BUTTON = "我要申訴"


@pytest.fixture
def page(browser: Browser, desk_stack: Stack) -> Iterator[Page]:
    # Seed from a fresh thread: Playwright's sync API owns this thread's event loop.
    thread = threading.Thread(target=asyncio.run, args=(seed(desk_stack.config.database_url),))
    thread.start()
    thread.join()
    context = browser.new_context(locale="zh-TW", base_url=desk_stack.config.desk_url)
    yield context.new_page()
    context.close()


def send_and_wait(page: Page, button: Locator | None = None) -> str:
    """Send what is in the composer (or tap `button`); the text of the desk's replies."""
    before = page.locator(".msg.bot").count()
    if button is None:
        page.keyboard.press("Enter")
    else:
        button.click()
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=30_000)
    expect(page.locator("#send")).to_be_enabled(timeout=30_000)
    return "\n".join(page.locator(".msg.bot").all_inner_texts()[before:])


def complaint_buttons(page: Page) -> Locator:
    """Every file-a-complaint button the chat has shown (older ones stay on the page)."""
    return page.locator(".buttons button", has_text=COMPLAINT_BUTTON)


def test_file_a_complaint_about_this_ends_in_a_case(
    page: Page, desk_stack: Stack, artifacts: Path
) -> None:
    page.goto(f"/help/topics/{TOPIC}")
    page.click("#file-complaint")
    expect(page).to_have_url(re.compile(rf"/\?start=complaint&topic={TOPIC}"))
    composer = page.locator("#text")
    expect(composer).to_have_value(re.compile("申訴.*健身房"))  # the topic carried over
    page.focus("#text")
    transcript, tapped = [send_and_wait(page)], 0
    for _ in range(10):
        if "請確認" in transcript[-1]:
            break
        if complaint_buttons(page).count() > tapped:
            # The bot answered the question first and offers the complaint (a dispute never
            # dead-ends): the citizen taps it, as on the help page.
            tapped = complaint_buttons(page).count()
            transcript.append(send_and_wait(page, complaint_buttons(page).last))
            continue
        page.fill("#text", answer_for(transcript[-1].splitlines()[-1]))
        transcript.append(send_and_wait(page))
    before = page.locator(".msg.bot").count()
    page.locator(".buttons button", has_text=re.compile("|".join(CONFIRM_WORDS))).last.click()
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=30_000)
    page.screenshot(path=str(artifacts / "complaint-from-help.png"), full_page=True)
    number = CASE_NUMBER.search(page.locator(".msg.bot").last.inner_text())
    assert number, transcript
    assert stored_case(desk_stack, number.group()).category == "gym"
