"""Case work in Debian's chromium against the desk app with the fake LINE platform: an officer
moves a LINE citizen's case from forwarded to business replied to mediation requested and the
citizen's LINE receives each notice (pushed by the delivery worker); a session moved in the
calendar re-books the citizen, who is told on LINE; the FAQ editor previews the bot's answer.
Screenshots of each screen at 1366 and 768 px wide are kept in var/artifacts/console."""

import secrets
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from api.core.time import as_local, utcnow
from api.staff.models import StaffRole
from tests.console.conftest import (
    DeskOnly,
    StaffAccount,
    add_staff,
    console_page,
    new_staff_account,
    running_desk,
    sign_in,
)
from tests.fixtures.channels import ChannelFakes
from tests.fixtures.database import ROOT

pytestmark = [pytest.mark.browser]
SCREENS = ROOT / "var" / "artifacts" / "console"
LINE_USER = "U" + secrets.token_hex(16)
INTAKE = {
    "business_name": "陽光健身房",
    "category": "gym",
    "description": "繳了一年會費，店家倒閉。",
    "contact_name": "測試林小姐",
    "contact_phone": "0912345678",
}


@pytest.fixture(scope="module")
def desk(
    tmp_path_factory: pytest.TempPathFactory, channel_fakes: ChannelFakes
) -> Iterator[DeskOnly]:
    """The desk app alone (no Rasa) with LINE pointed at the fake platform; its delivery
    worker pushes notices there."""
    rasa = {"RASA_URL": "http://127.0.0.1:9", "RASA_TIMEOUT_SECONDS": "0.5"}
    with running_desk(tmp_path_factory.mktemp("case-work"), channel_fakes.env | rasa) as desk:
        yield desk


def new_staff(desk: DeskOnly, role: StaffRole) -> StaffAccount:
    account = new_staff_account(f"{role} 王")
    add_staff(desk.database_url, account, role)
    return account


@pytest.fixture
def console(browser: Browser) -> Iterator[Page]:
    with console_page(browser, 900, script_ran="page text ran as script") as page:
        yield page


def screenshots(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 768, "height": 900})
    page.screenshot(path=str(SCREENS / f"{name}-768.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert width <= 768 + 1, f"{name} scrolls sideways at 768 px ({width})"


def line_texts(fakes: ChannelFakes) -> list[str]:
    return [m.get("text", "") for s in fakes.line.pushes() if s.to == LINE_USER for m in s.messages]


def wait_for(check: Callable[[], bool], what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def move(page: Page, target: str) -> None:
    page.select_option("#move-to", target)
    page.click("#move-case")
    expect(page.locator("#case-view")).to_have_attribute("data-status", target)


def test_an_officer_walks_a_line_case_and_the_citizen_is_told_each_step(
    console: Page, desk: DeskOnly, channel_fakes: ChannelFakes
) -> None:
    sender = f"line:{LINE_USER}"
    filed = httpx.post(
        f"{desk.url}/api/bot/cases", json=INTAKE, headers=desk.service_headers(sender)
    )
    assert filed.status_code == 201, filed.text
    number = filed.json()["number"]
    sign_in(console, desk, new_staff(desk, StaffRole.OFFICER))

    console.click("#nav-cases")
    console.fill("#case-search", number)
    expect(console.locator(".case-row")).to_have_count(1)
    screenshots(console, "cases")
    console.click(f'.case-row[data-number="{number}"] a')
    expect(console.locator("#case-view")).to_have_attribute("data-status", "received")
    offered = console.locator("#move-to option").evaluate_all("os => os.map(o => o.value)")
    assert "settled" not in offered and "mediation_requested" not in offered

    move(console, "forwarded")
    wait_for(lambda: any("已轉請業者處理" in t for t in line_texts(channel_fakes)), "forwarded")
    console.fill('#reply-form input[name="replied_on"]', as_local(utcnow()).date().isoformat())
    console.fill('#reply-form input[name="note"]', "業者同意退一半")
    console.click("#record-reply")
    expect(console.locator("#case-view")).to_have_attribute("data-status", "business_replied")
    expect(console.locator("#reply-timing")).to_contain_text("於期限內回覆")
    move(console, "mediation_requested")
    console.fill('#note-form input[name="note"]', "<img src=x onerror=alert(1)>已聯絡")
    console.click("#add-note")
    expect(console.locator("#events .event").first).to_contain_text("<img src=x")
    screenshots(console, "case")

    wait_for(lambda: any("已申請調解" in t for t in line_texts(channel_fakes)), "mediation")
    told = [t for t in line_texts(channel_fakes) if number in t]
    assert [t.split("：")[1].split("。")[0] for t in told] == [
        "已轉請業者處理",
        "業者已回覆",
        "已申請調解",
    ]


def test_a_session_moved_in_the_calendar_rebooks_and_tells_the_citizen(
    console: Page, desk: DeskOnly, channel_fakes: ChannelFakes
) -> None:
    sign_in(console, desk, new_staff(desk, StaffRole.OFFICER))
    day = as_local(utcnow() + timedelta(days=2)).date()
    console.goto(f"{desk.url}/console/mediation?view=week&on={day}")
    console.click("#new-session summary")
    console.fill('#session-form input[name="starts_at"]', f"{day}T10:00")
    console.fill('#session-form input[name="ends_at"]', f"{day}T11:00")
    console.fill('#session-form input[name="location"]', "第一調解室")
    console.fill('#session-form input[name="mediator"]', "陳調解委員")
    console.fill('#session-form input[name="capacity"]', "2")
    console.click("#create-session")
    session = console.locator(".session", has_text="第一調解室")
    expect(session).to_have_count(1)
    slot_id = int(session.get_attribute("data-slot") or 0)

    number = httpx.get(
        f"{desk.url}/api/bot/cases", headers=desk.service_headers(f"line:{LINE_USER}")
    )
    case_number = next(c["number"] for c in number.json() if c["can_book_mediation"])
    booked = httpx.post(
        f"{desk.url}/api/bot/mediation/bookings",
        json={"case_number": case_number, "slot_id": slot_id},
        headers=desk.service_headers(f"line:{LINE_USER}"),
    )
    assert booked.status_code == 201, booked.text
    console.reload()
    session = console.locator(f'.session[data-slot="{slot_id}"]')
    expect(session.locator(".bookings")).to_contain_text(case_number)
    screenshots(console, "mediation-week")

    session.locator("details.move summary").click()
    later = day + timedelta(days=1)
    session.locator('input[name="starts_at"]').fill(f"{later}T14:00")
    session.locator('input[name="ends_at"]').fill(f"{later}T15:00")
    session.locator('input[name="location"]').fill("第二調解室")
    session.locator('input[name="reason"]').fill("委員請假")
    session.locator(".move-session").click()
    expect(console.locator("#calendar-message")).to_be_visible()
    moved = console.locator(".session", has_text="第二調解室")
    expect(moved.locator(".bookings")).to_contain_text(case_number)
    expect(console.locator(f'.session[data-slot="{slot_id}"]')).to_have_count(0)
    wait_for(
        lambda: any("調解會議已改到" in t and "第二調解室" in t for t in line_texts(channel_fakes)),
        "moved-session notice",
    )
    console.goto(f"{desk.url}/console/mediation?view=day&on={later}")
    expect(console.locator(".session")).to_have_count(1)
    screenshots(console, "mediation-day")


def test_the_faq_editor_previews_the_bot_answer(console: Page, desk: DeskOnly) -> None:
    sign_in(console, desk, new_staff(desk, StaffRole.ADMIN))
    console.click("#nav-faq")
    console.fill('input[name="topic"]', "voucher_expiry")
    console.select_option('select[name="category"]', "prepaid")
    console.fill('input[name="question_zh"]', "禮券可以有使用期限嗎？")
    console.fill('input[name="question_en"]', "Can a gift voucher expire?")
    console.fill("#answer-zh", "商品禮券不得記載使用期限。")
    console.fill("#answer-en", "A goods voucher may not carry an expiry date.")
    console.fill('input[name="article_zh"]', "零售業等商品禮券定型化契約應記載事項")
    expect(console.locator("#preview-zh")).to_contain_text("（依據：零售業等商品禮券")
    console.click("#save-entry")
    expect(console.locator("#entry-state")).to_have_text("草稿")
    console.click("#publish")
    expect(console.locator("#entry-state")).to_have_text("已發布")
    expect(console.locator('#faq-entries [data-topic="voucher_expiry"]')).to_be_visible()
    screenshots(console, "faq")
