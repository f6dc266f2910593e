"""The help centre in Debian's chromium: search as you type in both languages, the
language switch, feedback, 360 px phones and axe-core's accessibility rules."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[1] / "assets" / "axe-core-4.14.1.min.js"
PHONE: ViewportSize = {"width": 360, "height": 740}
AUDITED = {
    "home": "/help",
    "search": "/help/search?q=健身房退費",
    "answer": "/help/topics/gym_cancellation",
    "privacy": "/help/privacy",
    "contact": "/help/contact?lang=en",
}


@pytest.fixture
def phone(browser: Browser, help_site: tuple[str, str]) -> Any:
    context = browser.new_context(locale="zh-TW", viewport=PHONE, base_url=help_site[0])
    yield context.new_page()
    context.close()


@pytest.fixture
def audited_phone(browser: Browser, help_site: tuple[str, str]) -> Any:
    """A phone that lets the test inject axe-core (the pages' CSP refuses inline scripts)."""
    context = browser.new_context(
        locale="zh-TW", viewport=PHONE, base_url=help_site[0], bypass_csp=True
    )
    yield context.new_page()
    context.close()


def first_result(page: Page) -> str:
    link = page.locator("#hits li a").first
    expect(link).to_be_visible()
    return str(link.get_attribute("href"))


def test_chinese_query_about_a_gym_refund_shows_the_gym_answer_first(
    phone: Page, artifacts: Path
) -> None:
    phone.goto("/help")
    phone.fill("#q", "健身房倒閉了可以退費嗎")  # typed: htmx swaps the results in
    expect(phone.locator("#hits")).to_be_visible()
    assert first_result(phone).startswith("/help/topics/gym_cancellation")
    phone.screenshot(path=str(artifacts / "search-zh-360.png"), full_page=True)
    phone.locator("#hits li a").first.click()
    expect(phone.locator("h1")).to_contain_text("健身房")


def test_english_query_about_cooling_off_shows_that_answer_first(
    phone: Page, artifacts: Path
) -> None:
    phone.goto("/help?lang=en")
    phone.fill("#q", "cooling-off period for online shopping")
    phone.keyboard.press("Enter")  # the plain GET form
    expect(phone).to_have_url(re.compile(r"/help/search\?.*lang=en"))
    assert first_result(phone) == "/help/topics/cooling_off?lang=en"
    phone.screenshot(path=str(artifacts / "search-en-360.png"), full_page=True)


def test_language_switch_keeps_the_page(phone: Page) -> None:
    phone.goto("/help/topics/gift_voucher_expiry")
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hant-TW")
    phone.click("#lang-switch")
    expect(phone).to_have_url(re.compile(r"/help/topics/gift_voucher_expiry\?lang=en$"))
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    phone.click("#lang-switch")
    expect(phone).to_have_url(re.compile(r"/help/topics/gift_voucher_expiry$"))


def test_feedback_is_stored(phone: Page, help_site: tuple[str, str]) -> None:
    phone.goto("/help/topics/rental_deposit?lang=en")
    phone.fill("#comment", "Clear, thanks")
    phone.click("#helpful-yes")
    expect(phone.locator("#feedback-thanks")).to_be_visible()
    engine = create_engine(help_site[1])
    with engine.connect() as db:
        row = db.execute(
            text("SELECT helpful, comment, language FROM faq_feedback WHERE topic = :t"),
            {"t": "rental_deposit"},
        ).one()
    engine.dispose()
    assert tuple(row) == (1, "Clear, thanks", "en")


@pytest.mark.parametrize("name", AUDITED)
def test_no_horizontal_scroll_and_no_serious_accessibility_violation(
    audited_phone: Page, artifacts: Path, name: str
) -> None:
    phone = audited_phone
    phone.goto(AUDITED[name])
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360px"
    phone.add_script_tag(path=str(AXE))
    result = phone.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious
    phone.screenshot(path=str(artifacts / f"{name}-360.png"), full_page=True)


def test_keyboard_reaches_search_and_the_chat(phone: Page) -> None:
    phone.goto("/help")
    phone.keyboard.press("Tab")
    expect(phone.locator(".skip")).to_be_focused()
    phone.keyboard.press("Enter")
    focused = [phone.evaluate("document.activeElement.id")]
    for _ in range(40):
        phone.keyboard.press("Tab")
        focused.append(phone.evaluate("document.activeElement.id"))
    assert "q" in focused and "chat-button" in focused and "privacy-link" in focused


def test_ask_a_person_opens_the_chat_with_the_topic_carried_over(phone: Page) -> None:
    phone.goto("/help/topics/gym_cancellation?lang=en")
    phone.click("#ask-person")
    expect(phone).to_have_url(re.compile(r"/\?start=person&topic=gym_cancellation&lang=en$"))
    expect(phone.locator("#text")).to_have_value(
        re.compile(r"^I want to talk to a person: .*gym", re.IGNORECASE)
    )
    expect(phone.locator("#privacy-link")).to_have_attribute("href", "/help/privacy")
    phone.goto("/?start=complaint&topic=gym_cancellation")
    expect(phone.locator("#text")).to_have_value(re.compile("^我要申訴：健身房"))
