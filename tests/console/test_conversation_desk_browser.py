"""The conversation desk in Debian's chromium, over LINE: the desk app with the LINE channel
against the fake LINE platform and a Rasa stand-in that counts its calls.

A LINE conversation handed off while the console is open appears without reload; the agent
takes it (the citizen is told a person joined), sees the photo the citizen sent as a
thumbnail, and sends a canned reply that reaches LINE as a push with its placeholders
filled from the case; a conversation the bot holds is taken over and the bot stays silent
for that citizen. Screenshots at 1366 and 768 px go to var/artifacts/console/."""

import contextlib
import re
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import APIResponse, Browser, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from tests.channels.conftest import line_body, message_event, sign, text_event
from tests.console.conftest import (
    DeskOnly,
    StaffAccount,
    add_staff,
    console_page,
    new_staff_account,
    running_desk,
    sign_in,
)
from tests.console.test_console_api import CASE
from tests.fakes.line_platform import FakeLine
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve
from tests.fixtures.channels import LINE_SECRET, LINE_TOKEN
from tests.fixtures.database import ROOT

pytestmark = [pytest.mark.browser]
ARTIFACTS = ROOT / "var" / "artifacts" / "console"
ASKER = "Uasker000011112222333344445555666"
QUIET = "Uquiet000011112222333344445555666"
RACER = "Uracer000011112222333344445555666"


@dataclass(frozen=True)
class LineDesk(DeskOnly):
    line: FakeLine
    rasa: FakeRasa

    def say(self, user: str, text: str, event_id: str) -> None:
        self.post_events(text_event(user, text, event_id=event_id, token=None))

    def post_events(self, *events: dict[str, object]) -> None:
        body = line_body(*events)
        headers = {"X-Line-Signature": sign(body, LINE_SECRET), "Content-Type": "application/json"}
        httpx.post(f"{self.url}/webhooks/line", content=body, headers=headers).raise_for_status()

    def as_bot(self, user: str) -> dict[str, str]:
        """What the action server sends when it acts for this LINE citizen."""
        return self.service_headers(f"line:{user}")

    def rasa_turns(self, user: str) -> list[str]:
        return [r["message"] for r in self.rasa.received if r["sender"] == f"line:{user}"]

    def pushed_texts(self, user: str) -> list[str]:
        return [m.get("text", "") for s in self.line.pushes() if s.to == user for m in s.messages]


@pytest.fixture(scope="module")
def line_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LineDesk]:
    workdir: Path = tmp_path_factory.mktemp("line-desk")
    line, rasa = FakeLine(access_token=LINE_TOKEN), FakeRasa()
    with serve(line.app()) as line_url, serve(rasa.app()) as rasa_url:
        env = {
            "RASA_URL": rasa_url,
            "LINE_CHANNEL_SECRET": LINE_SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
            "LINE_API_BASE_URL": line_url,
            "LINE_DATA_API_BASE_URL": line_url,
            "EVIDENCE_DIR": str(workdir / "evidence"),
            "DELIVERY_POLL_SECONDS": "0.3",
            "QUIET_HOURS_START": "0",
            "QUIET_HOURS_END": "0",
        }
        with running_desk(workdir, env) as desk:
            yield LineDesk(desk.url, desk.database_url, desk.service_token, line, rasa)


@pytest.fixture(scope="module")
def agent(line_desk: LineDesk) -> StaffAccount:
    account = new_staff_account("李客服")
    add_staff(line_desk.database_url, account)
    return account


@pytest.fixture
def console(browser: Browser) -> Iterator[Page]:
    with console_page(browser, 860) as page:
        yield page


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xc2\x41\x0c" * 2 + b"\x00" + b"\x0b\x6e\x4f" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def wait_until(check: Callable[[], bool], seconds: float = 10, page: Page | None = None) -> None:
    """Poll `check`; with a page, pause through the browser so its route handlers run."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        if page is None:
            time.sleep(0.1)
        else:
            page.wait_for_timeout(100)


def screenshots(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-1366.png"))
    page.set_viewport_size({"width": 768, "height": 1000})
    page.screenshot(path=str(ARTIFACTS / f"{name}-768.png"))
    page.set_viewport_size({"width": 1366, "height": 860})


def test_a_line_handoff_is_taken_and_answered_with_a_canned_reply(
    console: Page, line_desk: LineDesk, agent: StaffAccount
) -> None:
    line_desk.say(ASKER, "你好，我想申訴健身房", "a1")
    filed = httpx.post(f"{line_desk.url}/api/bot/cases", json=CASE, headers=line_desk.as_bot(ASKER))
    filed.raise_for_status()
    number = filed.json()["number"]
    sign_in(console, line_desk, agent)

    handoff = httpx.post(
        f"{line_desk.url}/api/bot/handoff",
        json={"reason": "想找真人"},
        headers=line_desk.as_bot(ASKER),
    )
    conversation_id = handoff.json()["conversation_id"]
    line_desk.say(ASKER, "請問有人在嗎？", "a2")  # while the console is open
    item = console.locator(f'.conversation[data-id="{conversation_id}"]')
    expect(item).to_be_visible(timeout=15_000)
    expect(item.locator(".reason")).to_contain_text("要求真人")
    expect(item.locator(".unread")).to_have_text("1")
    screenshots(console, "inbox")

    item.click()
    console.click("#take")
    expect(console.locator("#assignee")).to_have_text("由 李客服 處理")
    content_id = "photo-1"
    line_desk.line.content[content_id] = (tiny_png(), "image/png")
    photo = {
        "id": content_id,
        "type": "image",
        "contentProvider": {"type": "line"},
        "quoteToken": "q",
    }
    line_desk.post_events(message_event(ASKER, photo, event_id="a3", token=None))
    thumb = console.locator("#thread img.thumb")
    expect(thumb).to_be_visible(timeout=15_000)
    console.wait_for_function("document.querySelector('#thread img.thumb').naturalWidth === 2")

    console.select_option("#canned", "business_15_days")
    expect(console.locator("#reply")).to_have_value(re.compile(f"^測試王小明您好.*{number}"))
    console.click("#send")
    expect(console.locator("#reply")).to_have_value("")
    staff_reply = console.locator(".msg.staff").last
    expect(staff_reply.locator(".delivery")).to_have_text("已送出", timeout=15_000)
    screenshots(console, "conversation")

    pushed = line_desk.pushed_texts(ASKER)
    assert any("服務人員已加入" in text for text in pushed)
    [canned] = [text for text in pushed if number in text]
    assert canned.startswith("測試王小明您好") and "示範健身股份有限公司" in canned
    assert "{" not in canned and "15 日內" in canned


def test_a_view_chosen_while_a_live_refresh_is_in_flight_stays_chosen(
    console: Page, line_desk: LineDesk, agent: StaffAccount
) -> None:
    """The event stream's first event refreshes the inbox right after sign-in. If that
    refresh's answer lands while the chosen view's request is in flight, the view's answer
    must still be shown (it used to go to the panel the refresh had just replaced)."""
    held: list[Route] = []
    inbox = re.compile(r"/console/inbox(\?|$)")

    def hold(route: Route) -> None:
        held.append(route)

    console.route(inbox, hold)
    sign_in(console, line_desk, agent)
    wait_until(lambda: len(held) == 1, page=console)  # the live refresh
    console.click("#view-bot")
    wait_until(lambda: len(held) == 2, page=console)  # the view's request
    refresh, chosen = held
    with contextlib.suppress(PlaywrightError):  # aborted by the view's request
        refresh.continue_()
    console.wait_for_timeout(500)  # a refresh answer, if any, is swapped in by now
    chosen.continue_()
    expect(console.locator("#view-bot")).to_have_attribute("aria-current", "page")
    console.unroute(inbox, hold)


def test_a_reply_sent_while_a_live_refresh_is_in_flight_stays_in_the_thread(
    console: Page, line_desk: LineDesk, agent: StaffAccount
) -> None:
    """A live refresh of the thread answered (from before the reply) after the reply's own
    answer must not draw the thread without the reply."""
    line_desk.say(RACER, "我要找真人", "r1")
    handoff = httpx.post(
        f"{line_desk.url}/api/bot/handoff", json={}, headers=line_desk.as_bot(RACER)
    )
    conversation_id = handoff.json()["conversation_id"]
    sign_in(console, line_desk, agent)
    console.locator(f'.conversation[data-id="{conversation_id}"]').click()
    console.click("#take")
    expect(console.locator("#reply")).to_be_visible()

    held: list[tuple[Route, APIResponse]] = []
    thread = re.compile(rf"/console/conversations/{conversation_id}/thread$")

    def answer_later(route: Route) -> None:
        held.append((route, route.fetch()))  # the server's answer as of now

    console.route(thread, answer_later)
    line_desk.say(RACER, "還在嗎？", "r2")  # the live event refreshes the thread
    wait_until(lambda: len(held) == 1, page=console)
    console.fill("#reply", "我在，請說。")
    console.click("#send")
    expect(console.locator(".msg.staff", has_text="我在，請說。")).to_be_visible()
    route, stale = held[0]
    with contextlib.suppress(PlaywrightError):  # aborted by the reply
        route.fulfill(response=stale)
    console.wait_for_timeout(500)  # a stale answer would be drawn by now
    assert console.locator(".msg.staff", has_text="我在，請說。").count() == 1
    console.unroute(thread, answer_later)


def test_a_conversation_the_bot_holds_is_taken_over_and_the_bot_stays_silent(
    console: Page, line_desk: LineDesk, agent: StaffAccount
) -> None:
    line_desk.say(QUIET, "hello", "q1")
    wait_until(lambda: line_desk.rasa_turns(QUIET) == ["hello"])  # answered in the background
    sign_in(console, line_desk, agent)
    console.click("#view-bot")
    held = console.locator(".conversation", has_text="line:Uqui")
    expect(held).to_be_visible()
    expect(held.locator(".reason")).to_contain_text("機器人處理中")
    held.click()
    console.click("#take-over")
    expect(console.locator("#handback")).to_be_visible()
    expect(console.locator("#reply")).to_be_visible()

    line_desk.say(QUIET, "are you a person?", "q2")
    expect(console.locator(".msg.citizen", has_text="are you a person?")).to_be_visible(
        timeout=15_000
    )
    console.fill("#reply", "Yes, I am from the consumer service desk.")
    console.click("#send")
    expect(console.locator(".msg.staff .delivery").last).to_have_text("已送出", timeout=15_000)
    assert line_desk.rasa_turns(QUIET) == ["hello"], "the bot answered a taken-over citizen"
    pushed = line_desk.pushed_texts(QUIET)
    assert any("joined the conversation" in text for text in pushed), pushed
    assert "Yes, I am from the consumer service desk." in pushed
    console.click("#view-all")
    expect(console.locator(".conversation", has_text="line:Uqui")).to_be_visible()
