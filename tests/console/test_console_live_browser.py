"""The server-rendered console in Debian's chromium against the desk app (no Rasa needed:
handed-off talk goes to staff): a conversation handed off while the console is open
appears without reload, hostile citizen text stays text, staff reply and hand back.
Screenshots at 1366 and 768 px are kept as test artifacts."""

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.citizens.models import Citizen
from tests.console.conftest import (
    DeskOnly,
    StaffAccount,
    console_page,
    new_staff_account,
    sign_in,
    staff_row,
)

pytestmark = [pytest.mark.browser]
HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
SCREENS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "console"


@pytest.fixture(scope="module")
def account(db: Session) -> StaffAccount:
    account = new_staff_account("林服務員")
    db.add(staff_row(account))
    db.commit()
    return account


def citizen_asks_for_a_person(desk: DeskOnly, db: Session, n: int) -> int:
    """A web chat citizen (own cookie) whose conversation the bot hands to staff."""
    with httpx.Client(base_url=desk.url) as chat:
        chat.get("/")
        first = {"client_message_id": f"live-{n}-hello", "text": "你好"}
        chat.post("/chat/messages", json=first).raise_for_status()  # waits for the NLU
        sender = _newest_sender(db)
        handoff = chat.post("/api/bot/handoff", json={}, headers=desk.service_headers(sender))
        handoff.raise_for_status()
        for text in (f"我要找真人客服 {n}", HOSTILE):
            body = {"client_message_id": f"live-{n}-{len(text)}", "text": text}
            chat.post("/chat/messages", json=body).raise_for_status()
        return int(handoff.json()["conversation_id"])


def _newest_sender(db: Session) -> str:
    db.expire_all()
    citizen = db.execute(select(Citizen).order_by(Citizen.id.desc())).scalars().first()
    assert citizen is not None
    return citizen.sender_id


@pytest.fixture
def console(browser: Browser) -> Iterator[Page]:
    with console_page(browser, 800, script_ran="citizen text ran as script") as page:
        yield page


def test_a_live_handoff_appears_and_hostile_text_stays_text(
    console: Page, desk_only: DeskOnly, db: Session, account: StaffAccount
) -> None:
    citizen_asks_for_a_person(desk_only, db, 1)
    sign_in(console, desk_only, account)
    expect(console.locator(".conversation")).to_have_count(1)
    SCREENS.mkdir(parents=True, exist_ok=True)

    second = citizen_asks_for_a_person(desk_only, db, 2)  # while the console is open
    item = console.locator(f'.conversation[data-id="{second}"]')
    expect(item).to_be_visible(timeout=15_000)
    expect(item.locator(".unread")).to_have_text("2")
    expect(console).to_have_title(re.compile(r"^\(2\) "))

    item.click()
    expect(console).to_have_url(f"{desk_only.url}/console/conversations/{second}")
    hostile = console.locator(".msg.citizen .text", has_text="<script>")
    expect(hostile).to_have_text(HOSTILE)
    assert console.locator("#thread img").count() == 0
    assert console.evaluate("window.pwned") is None
    console.screenshot(path=str(SCREENS / "conversation-1366.png"))
    console.set_viewport_size({"width": 768, "height": 900})
    console.screenshot(path=str(SCREENS / "conversation-768.png"))
    console.set_viewport_size({"width": 1366, "height": 800})

    console.fill("#reply", "您好，我是服務人員")
    console.keyboard.press("Enter")
    expect(console.locator(".msg.staff")).to_contain_text("您好，我是服務人員")
    expect(console.locator("#reply")).to_have_value("")
    expect(item.locator(".unread")).to_be_hidden()
    expect(console).to_have_title(re.compile(r"^\(1\) "))

    console.click("#handback")
    expect(item).to_have_count(0)
    expect(console.locator("#no-selection")).to_be_visible()
    console.screenshot(path=str(SCREENS / "inbox-1366.png"))
    console.click("#lang-switch")
    expect(console.locator("#inbox-title")).to_have_text("Conversations waiting for a person")
    console.click("#logout")
    expect(console.locator("#login-form")).to_be_visible()
    console.go_back()
    expect(console.locator(".msg")).to_have_count(0)
