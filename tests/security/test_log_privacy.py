"""No personal data in logs: a conversation through the desk with every log on (SQL
statements included), then the captured logs are scanned for the name, phone and e-mail."""

import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from api.core.config import Settings
from api.privacy.logs import PersonalDataFilter, install_log_masking, mask
from api.staff.models import StaffRole
from desk.app import create_app
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve
from tests.fixtures.app import bot_headers
from tests.fixtures.staff import StaffLogin

NAME, PHONE, EMAIL, NATIONAL_ID = "林美華", "0933222111", "meihua@example.com", "E223456789"
ENGLISH_NAME = "Alice Chen"


def test_masking_covers_phones_ids_emails_names_and_query_strings() -> None:
    line = (
        f"我叫{NAME} tel 0933-222-111 / +886 933 222 111 / 07-1234567 id {NATIONAL_ID} "
        f"mail {EMAIL}, my name is {ENGLISH_NAME}; GET /help/search?q=健身房&lang=en"
    )
    masked = mask(line)
    for secret in (NAME, "0933-222-111", "933 222 111", "1234567", NATIONAL_ID, EMAIL):
        assert secret not in masked
    assert ENGLISH_NAME not in masked and "健身房" not in masked
    assert (
        mask("case KHH-2026-000123, message 42, 200 OK")
        == "case KHH-2026-000123, message 42, 200 OK"
    )


def test_the_filter_keeps_uvicorns_access_arguments_usable() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/help/search?q={NAME}", "1.1", 200),
        None,
    )
    PersonalDataFilter().filter(record)
    assert record.args is not None and len(record.args) == 5
    assert NAME not in record.getMessage()


@pytest.fixture
def chat_settings(settings: Settings) -> Iterator[Settings]:
    with serve(FakeRasa().app()) as rasa_url:
        yield settings.model_copy(update={"rasa_url": rasa_url, "rasa_timeout_seconds": 5.0})


@pytest.fixture
async def logged_client(
    chat_settings: Settings, engine: object, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[httpx.AsyncClient]:
    install_log_masking()
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # statements and parameters
    app = create_app(chat_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://desk.test") as client:
            yield client


async def test_a_conversation_leaves_no_name_or_phone_in_the_logs(
    logged_client: httpx.AsyncClient,
    staff_login: StaffLogin,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = logged_client
    await client.get("/")
    for n, text in enumerate([f"我叫{NAME}，電話{PHONE}", f"my name is {ENGLISH_NAME}, {EMAIL}"]):
        sent = await client.post(
            "/chat/messages", json={"client_message_id": f"log-test-{n:04d}", "text": text}
        )
        assert sent.status_code == 200
        assert (
            NAME in sent.json()["messages"][0]["text"]
            or EMAIL in sent.json()["messages"][0]["text"]
        )
    intake = {
        "business_name": "健身工廠",
        "category": "gym",
        "description": f"{NAME} 身分證 {NATIONAL_ID} 的會員費沒退",
        "contact_name": NAME,
        "contact_phone": PHONE,
    }
    created = await client.post("/api/bot/cases", json=intake, headers=bot_headers("line:Ulog"))
    assert created.status_code == 201, created.text
    headers = await staff_login(StaffRole.OFFICER)
    detail = await client.get(f"/api/cases/{created.json()['number']}", headers=headers)
    assert PHONE in detail.text
    await client.get(f"/help/search?q={NAME}+{PHONE}")
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/help/search?q={NAME}", "1.1", 200
    )
    logging.getLogger("tests").warning("citizen %s (%s) wrote", NAME, PHONE)

    captured = caplog.text
    assert "INSERT INTO messages" in captured  # SQL logging was on
    assert "INSERT INTO cases" in captured
    for secret in (NAME, PHONE, EMAIL, NATIONAL_ID, ENGLISH_NAME):
        assert secret not in captured, f"{secret!r} reached the logs"
