"""Console test helpers: a staff account made with the real password hashing; the desk
app alone on a free port, a console page and sign-in for browser tests."""

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from api.citizens.models import Citizen
from api.conversations.models import Author, Conversation, Direction, Message, MessageStatus
from api.core.time import utcnow
from api.staff.models import Staff, StaffRole
from api.staff.security import hash_password
from scripts.stack import DESK_SERVER_OPTIONS, free_port
from tests.fixtures.database import ROOT, migrate


@dataclass(frozen=True)
class StaffAccount:
    email: str
    password: str
    display_name: str

    def login(self) -> dict[str, str]:
        return {"email": self.email, "password": self.password}


def new_staff_account(display_name: str = "陳服務員") -> StaffAccount:
    """A fresh account with a random password: never a fixed credential."""
    email = f"agent-{secrets.token_hex(4)}@desk.test"
    return StaffAccount(email, secrets.token_urlsafe(18), display_name)


def staff_row(account: StaffAccount, role: StaffRole = StaffRole.AGENT) -> Staff:
    return Staff(
        email=account.email,
        display_name=account.display_name,
        role=role,
        password_hash=hash_password(account.password),
        created_at=utcnow(),
    )


@pytest.fixture
async def agent(sessionmaker: async_sessionmaker[AsyncSession]) -> StaffAccount:
    account = new_staff_account()
    async with sessionmaker() as session:
        session.add(staff_row(account))
        await session.commit()
    return account


@dataclass(frozen=True)
class DeskOnly:
    """The desk app alone (no Rasa: the bot's answers wait), for console browser tests."""

    url: str
    database_url: str
    service_token: str
    # Keyword-only: subclasses add positional fields of their own.
    process: "subprocess.Popen[bytes] | None" = field(default=None, kw_only=True)

    def service_headers(self, sender_id: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.service_token}", "X-Desk-Sender": sender_id}


@pytest.fixture(scope="module")
def desk_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskOnly]:
    # Nothing listens on RASA_URL: handed-off talk needs no NLU.
    rasa = {"RASA_URL": "http://127.0.0.1:9", "RASA_TIMEOUT_SECONDS": "0.5"}
    with running_desk(tmp_path_factory.mktemp("desk-only"), rasa) as desk:
        yield desk


@pytest.fixture(scope="module")
def db(desk_only: DeskOnly) -> Iterator[Session]:
    """A synchronous session on the module's desk database, for setting up and checking rows."""
    engine = create_engine(desk_only.database_url.replace("+aiosqlite", ""))
    with Session(engine) as session:
        yield session
    engine.dispose()


@contextmanager
def running_desk(workdir: Path, env_extra: dict[str, str]) -> Iterator[DeskOnly]:
    """The desk app (uvicorn, a free port) on a fresh migrated SQLite file in `workdir`,
    with `env_extra` on top of its own settings; stopped on exit."""
    database_url = f"sqlite+aiosqlite:///{workdir / 'desk.db'}"
    # In a thread: Alembic runs its own event loop, Playwright's may already be running.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(migrate, database_url).result()
    port, token = free_port(), secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")} | {
        "DATABASE_URL": database_url,
        "SERVICE_TOKEN": token,
        "SESSION_SECRET": secrets.token_urlsafe(24),
    }
    command = [sys.executable, "-m", "uvicorn", "desk.app:create_app", "--factory"]
    with (workdir / "desk.log").open("ab") as log:
        process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port), *DESK_SERVER_OPTIONS],
            cwd=ROOT, env=env | env_extra, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, workdir / "desk.log")
        yield DeskOnly(url, database_url, token, process=process)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate, then kill: uvicorn's graceful stop waits for open live-event streams, and
    a browser a failed test left open would keep it (and the suite) waiting."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def add_staff(database_url: str, account: StaffAccount, role: StaffRole = StaffRole.AGENT) -> None:
    """Writes the account straight into a running desk's database (sync: browser tests)."""
    engine = create_engine(database_url.replace("+aiosqlite", ""))
    with Session(engine) as session:
        session.add(staff_row(account, role))
        session.commit()
    engine.dispose()


@contextmanager
def console_page(browser: Browser, height: int, script_ran: str = "") -> Iterator[Page]:
    """A zh-TW page 1366 px wide; with `script_ran`, any dialog (page text run as script)
    is refused and fails the test with that message on exit."""
    context = browser.new_context(locale="zh-TW", viewport={"width": 1366, "height": height})
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    if script_ran:
        page.on("dialog", refuse)
    try:
        yield page
    finally:  # also when the test failed: an open page holds the desk's live-event stream
        context.close()
    assert dialogs == [], script_ran


def conversation_the_bot_holds(db: Session, name: str) -> int:
    """A web-chat citizen's conversation the bot holds: a greeting, answered. Written
    straight into the desk's database, so nothing (no NLU, no worker) can move it on."""
    user = f"bot-holds-{secrets.token_hex(4)}"
    citizen = Citizen(channel="web", channel_user_id=user, display_name=name)
    db.add(citizen)
    db.flush()
    conversation = Conversation(citizen_id=citizen.id, last_message_at=utcnow())
    db.add(conversation)
    db.flush()
    greeting = [
        (Direction.INBOUND, Author.CITIZEN, MessageStatus.PROCESSED, "你好"),
        (Direction.OUTBOUND, Author.BOT, MessageStatus.SENT, "您好！請問需要什麼協助？"),
    ]
    for direction, author, status, said in greeting:
        message = Message(conversation_id=conversation.id, channel="web", text=said)
        message.direction, message.author, message.status = direction, author, status
        db.add(message)
    db.commit()
    return conversation.id


def sign_in(page: Page, desk: DeskOnly, account: StaffAccount) -> None:
    page.goto(desk.url + "/console")
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.click("#login-button")
    expect(page.locator("#staff-name")).to_have_text(account.display_name)


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise RuntimeError(f"desk app exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"desk app not ready:\n{log.read_text()[-3000:]}")
