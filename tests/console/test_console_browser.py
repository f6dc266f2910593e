"""The handoff console in a real browser against the real stack: a web chat citizen asks
for a person, staff sign in to /console, answer, and the answer reaches the citizen's page."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    expect,
)
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from api.citizens.models import Citizen
from api.conversations.models import Conversation
from scripts.stack import Stack
from tests.console.conftest import StaffAccount, new_staff_account, staff_row

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
ASK_FOR_PERSON = "我要找真人客服"
FOLLOW_UP = "請問健身房退費要多久？"
STAFF_REPLY = "您好，我是服務人員"
CASE = {
    "business_name": "示範健身股份有限公司",
    "category": "gym",
    "description": "繳了一年會費，兩週後店家倒閉。",
    "contact_name": "測試王小明",
    "contact_phone": "0912345678",
}


@pytest.fixture
def stack_db(desk_stack: Stack) -> Iterator[Session]:
    """A plain sync session on the stack's SQLite file (the stack itself runs async)."""
    url = desk_stack.config.sync_database_url
    engine = create_engine(url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def staff_account(stack_db: Session) -> StaffAccount:
    account = new_staff_account()
    stack_db.add(staff_row(account))
    stack_db.commit()
    return account


def open_context(browser: Browser) -> BrowserContext:
    return browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 800})


def say(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.keyboard.press("Enter")
    expect(page.locator(".msg.citizen").last).to_have_text(text)


def newest_web_citizen(db: Session) -> Citizen:
    db.expire_all()
    query = select(Citizen).where(Citizen.channel == "web").order_by(Citizen.id.desc())
    return db.execute(query.limit(1)).scalar_one()


def conversation_of(db: Session, citizen: Citizen) -> Conversation:
    db.expire_all()
    query = select(Conversation).where(Conversation.citizen_id == citizen.id)
    return db.execute(query).scalar_one()


def ensure_handed_off(stack: Stack, db: Session, citizen: Citizen) -> str:
    """The NLU should have handed off; if it did not, hand off as the action server would."""
    if conversation_of(db, citizen).handoff_active:
        return "nlu"
    response = httpx.post(
        f"{stack.config.desk_url}/api/bot/handoff",
        json={"reason": "e2e fallback"},
        headers=stack.bot_headers(citizen.sender_id),
    )
    response.raise_for_status()
    return "api"


def citizen_asks_for_a_person(stack: Stack, db: Session, page: Page) -> tuple[Citizen, str]:
    page.goto(stack.config.desk_url + "/")
    say(page, ASK_FOR_PERSON)
    expect(page.locator(".msg.bot").nth(1)).to_be_visible(timeout=30_000)
    citizen = newest_web_citizen(db)
    print(f"handed off through the {ensure_handed_off(stack, db, citizen)}")
    say(page, FOLLOW_UP)
    filed = httpx.post(
        f"{stack.config.desk_url}/api/bot/cases",
        json=CASE,
        headers=stack.bot_headers(citizen.sender_id),
    )
    filed.raise_for_status()
    return citizen, str(filed.json()["number"])


def sign_in(console: Page, account: StaffAccount, screens: Path) -> None:
    console.fill("#email", account.email)
    console.fill("#password", account.password + "-wrong")
    console.click("#login-button")
    expect(console.locator("#login-error")).to_contain_text("密碼錯誤")
    expect(console.locator("#desk-view")).to_be_hidden()
    console.screenshot(path=str(screens / "login-refused.png"))
    console.fill("#password", account.password)
    console.click("#login-button")
    expect(console.locator("#desk-view")).to_be_visible()
    expect(console.locator("#staff-name")).to_have_text(account.display_name)


def open_conversation(console: Page, conversation_id: int, case_number: str) -> Locator:
    """Pick the conversation in the list; its thread and the citizen's cases show."""
    item = console.locator(f'.conversation[data-id="{conversation_id}"]')
    expect(item.locator(".badge")).to_have_text("Web")
    expect(item.locator(".unread")).to_be_visible()
    item.click()
    expect(console.locator(".msg.citizen", has_text=ASK_FOR_PERSON)).to_be_visible()
    expect(console.locator(".msg.citizen", has_text=FOLLOW_UP)).to_be_visible()
    expect(console.locator("#case-list")).to_contain_text(case_number)
    console.locator("#reply").press("Shift+Enter")
    expect(console.locator("#reply")).to_have_value("\n")
    return item


@pytest.fixture
def chat(browser: Browser) -> Iterator[Page]:
    with open_context(browser) as context:
        yield context.new_page()


@pytest.fixture
def console(browser: Browser) -> Iterator[Page]:
    with open_context(browser) as context:
        yield context.new_page()


def test_staff_answer_a_web_citizen_from_the_console_and_hand_back(
    chat: Page,
    console: Page,
    desk_stack: Stack,
    stack_db: Session,
    staff_account: StaffAccount,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    citizen, case_number = citizen_asks_for_a_person(desk_stack, stack_db, chat)
    console.goto(desk_stack.config.desk_url + "/console")
    expect(console.locator("#login-view")).to_be_visible()
    assert console.locator(".conversation").count() == 0
    screens: Path = tmp_path_factory.mktemp("console-screens")
    sign_in(console, staff_account, screens)
    item = open_conversation(console, conversation_of(stack_db, citizen).id, case_number)

    console.fill("#reply", STAFF_REPLY)
    console.keyboard.press("Enter")
    expect(console.locator(".msg.staff")).to_contain_text(STAFF_REPLY)
    expect(chat.locator(".msg.staff")).to_contain_text(STAFF_REPLY, timeout=15_000)
    expect(item.locator(".unread")).to_be_hidden()
    console.screenshot(path=str(screens / "console.png"))
    chat.screenshot(path=str(screens / "citizen.png"))
    print(f"screenshots in {screens}")

    console.click("#handback")
    expect(item).to_have_count(0)
    expect(console.locator("#no-selection")).to_be_visible()
    assert not conversation_of(stack_db, citizen).handoff_active
    console.click("#logout")
    expect(console.locator("#login-view")).to_be_visible()
    expect(console.locator(".conversation")).to_have_count(0)
