"""Two console leftovers in Debian's chromium against the desk app alone (no Rasa):

* the case list pages through every matching case (not only the newest 100): the count of
  matching cases, page links that keep the filters and the search, with and without
  JavaScript;
* a "take" that loses a race to a colleague (the API's 409) tells the staff member so, in
  the console's language, and the pane and inbox show who holds the conversation now.

Screenshots at 1366 px go to var/artifacts/console/."""

from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from api.cases.models import Case, CaseCategory
from api.citizens.models import Citizen
from api.core.time import utcnow
from desk.console.pages.case_list import PAGE_SIZE
from tests.console.conftest import (
    DeskOnly,
    StaffAccount,
    add_staff,
    console_page,
    conversation_the_bot_holds,
    new_staff_account,
    sign_in,
)
from tests.console.test_console_live_browser import citizen_asks_for_a_person
from tests.fixtures.database import ROOT

pytestmark = [pytest.mark.browser]
SCREENS = ROOT / "var" / "artifacts" / "console"
GYMS = PAGE_SIZE + 12  # two pages
GYM = "分頁健身房"
WAIT = 10_000  # ms: the longest any step of the take-over race may take


def staff(desk: DeskOnly, name: str) -> StaffAccount:
    account = new_staff_account(name)
    add_staff(desk.database_url, account)
    return account


def file_cases(
    db: Session, count: int, *, category: CaseCategory, business: str, series: str
) -> None:
    """`count` cases of one citizen, numbered KHH-2026-<series><n>."""
    citizen = Citizen(channel="web", channel_user_id=f"paging-{business}", created_at=utcnow())
    db.add(citizen)
    db.flush()
    for n in range(count):
        db.add(
            Case(
                number=f"KHH-2026-{series}{n:04d}",
                citizen_id=citizen.id,
                category=category,
                business_name=f"{business} {n:02d}",
                description="測試案件",
                first_complaint_date=date(2026, 10, 1),
            )
        )
    db.commit()


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def console(browser: Browser) -> Iterator[Page]:
    with console_page(browser, 900) as page:
        yield page


def test_the_case_list_pages_through_every_matching_case_keeping_the_filters(
    console: Page, browser: Browser, desk_only: DeskOnly, db: Session
) -> None:
    file_cases(db, GYMS, category=CaseCategory.GYM, business=GYM, series="P")
    file_cases(db, 3, category=CaseCategory.GYM, business="別家運動", series="G")
    file_cases(db, 3, category=CaseCategory.TRAVEL, business="其他旅行社", series="T")
    sign_in(console, desk_only, staff(desk_only, "周客服"))
    console.goto(f"{desk_only.url}/console/cases")
    expect(console.locator("#case-count")).to_contain_text(f"共 {GYMS + 6} 件符合的案件")

    console.select_option("select[name=category]", "gym")
    expect(console.locator("#case-count")).to_contain_text(f"共 {GYMS + 3} 件符合的案件")
    console.fill("#case-search", GYM)  # htmx redraws the rows, count and pages as you type
    count = console.locator("#case-count")
    expect(count).to_have_text(f"共 {GYMS} 件符合的案件 · 第 1 / 2 頁")
    expect(console.locator(".case-row")).to_have_count(PAGE_SIZE)
    SCREENS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=str(SCREENS / "case-pages-1366.png"), full_page=True)

    console.click("#case-page-next")
    expect(count).to_have_text(f"共 {GYMS} 件符合的案件 · 第 2 / 2 頁")
    expect(console.locator(".case-row")).to_have_count(GYMS - PAGE_SIZE)
    assert query_of(console.url) == {"category": ["gym"], "q": [GYM], "page": ["2"]}
    expect(console.locator("#case-search")).to_have_value(GYM)
    expect(console.locator("select[name=category]")).to_have_value("gym")
    expect(console.locator("#case-page-next")).to_have_count(0)
    first_page = console.locator("#case-page-previous")
    first_page.scroll_into_view_if_needed()
    console.screenshot(path=str(SCREENS / "case-pages-2-1366.png"))
    assert query_of(str(first_page.get_attribute("href")))["q"] == [GYM]

    # Without JavaScript: the same pages through plain links.
    state = console.context.storage_state()
    no_script = browser.new_context(storage_state=state, java_script_enabled=False)
    plain = no_script.new_page()
    plain.goto(f"{desk_only.url}/console/cases?{urlencode({'category': 'gym', 'q': GYM})}")
    expect(plain.locator(".case-row")).to_have_count(PAGE_SIZE)
    plain.click("#case-page-next")
    expect(plain.locator(".case-row")).to_have_count(GYMS - PAGE_SIZE)
    expect(plain.locator("#case-count")).to_have_text(f"共 {GYMS} 件符合的案件 · 第 2 / 2 頁")
    numbers = plain.locator(".case-row").evaluate_all("rows => rows.map(r => r.dataset.number)")
    assert numbers[-1] == "KHH-2026-P0000"  # the oldest gym case, on the last page
    no_script.close()


def open_conversation(page: Page, desk: DeskOnly, conversation_id: int) -> None:
    page.goto(f"{desk.url}/console/conversations/{conversation_id}")
    expect(page.locator("#thread-view")).to_be_visible()


def test_a_take_that_loses_the_race_is_told_and_the_desk_shows_who_holds_it(
    console: Page, browser: Browser, desk_only: DeskOnly, db: Session
) -> None:
    first, second = staff(desk_only, "先到客服"), staff(desk_only, "後到客服")
    handed_off = citizen_asks_for_a_person(desk_only, db, 91)
    sign_in(console, desk_only, second)
    open_conversation(console, desk_only, handed_off)
    with console_page(browser, 900) as colleague:
        sign_in(colleague, desk_only, first)
        open_conversation(colleague, desk_only, handed_off)
        colleague.click("#take")  # the colleague is a moment quicker
        expect(colleague.locator("#assignee")).to_have_text("由 先到客服 處理")

    console.click("#take")  # the button was still there: the API answers 409
    alert = console.locator("#pane-error")
    expect(alert).to_have_text("同仁已先接手這則對話，畫面已更新。")
    expect(console.locator("#assignee")).to_have_text("由 先到客服 處理")
    expect(console.locator("#take")).to_have_count(0)
    item = console.locator(f'.conversation[data-id="{handed_off}"] .assignee')
    expect(item).to_have_text("先到客服")
    SCREENS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=str(SCREENS / "take-race-1366.png"))


def test_a_take_over_from_the_bot_that_loses_the_race_is_told_in_english(
    browser: Browser, desk_only: DeskOnly, db: Session
) -> None:
    first, second = staff(desk_only, "Quick Agent"), staff(desk_only, "Slow Agent")
    talking = conversation_the_bot_holds(db, "Web Citizen")
    with console_page(browser, 900) as page, console_page(browser, 900) as colleague:
        for tab in (page, colleague):  # a step that goes wrong fails in seconds, not 30
            tab.set_default_timeout(WAIT)
        page.context.add_cookies([{"name": "console_lang", "value": "en", "url": desk_only.url}])
        sign_in(page, desk_only, second)
        open_conversation(page, desk_only, talking)
        expect(page.locator(".notice")).to_have_text("The bot holds this conversation.")
        expect(page.locator("#take-over")).to_have_text("Take over from the bot")
        sign_in(colleague, desk_only, first)
        open_conversation(colleague, desk_only, talking)
        colleague.click("#take-over")  # the colleague is a moment quicker
        expect(colleague.locator("#assignee")).to_have_text("由 Quick Agent 處理")

        page.click("#take-over")  # drawn while the bot held it: the API answers 409
        expect(page.locator("#pane-error")).to_have_text(
            "A colleague took this conversation first; the view is up to date now."
        )
        expect(page.locator("#assignee")).to_have_text("held by Quick Agent")
        expect(page.locator("#take-over")).to_have_count(0)
        item = page.locator(f'.conversation[data-id="{talking}"] .assignee')
        expect(item).to_have_text("Quick Agent")
