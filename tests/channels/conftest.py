"""Channel tests: the desk app on a real database, the official SDKs talking to local
fakes of LINE and Telegram, and a Rasa stand-in (the e2e tests use the real Rasa)."""

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from api.core.config import Settings
from tests.fakes.line_platform import FakeLine
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve
from tests.fakes.telegram_api import FakeTelegram
from tests.fixtures.channels import LINE_SECRET, LINE_TOKEN, TELEGRAM_SECRET, TELEGRAM_TOKEN

EVAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval"


@pytest.fixture
def fake_line() -> Iterator[tuple[FakeLine, str]]:
    fake = FakeLine(access_token=LINE_TOKEN)
    with serve(fake.app()) as url:
        yield fake, url


@pytest.fixture
def fake_rasa() -> Iterator[tuple[FakeRasa, str]]:
    fake = FakeRasa()
    with serve(fake.app()) as url:
        yield fake, url


@pytest.fixture
def settings(
    settings: Settings,
    fake_line: tuple[FakeLine, str],
    fake_rasa: tuple[FakeRasa, str],
    tmp_path: Path,
) -> Settings:
    return settings.model_copy(
        update={
            "rasa_url": fake_rasa[1],
            "rasa_timeout_seconds": 5.0,
            "line_channel_secret": SecretStr(LINE_SECRET),
            "line_channel_access_token": SecretStr(LINE_TOKEN),
            "line_api_base_url": fake_line[1],
            "line_data_api_base_url": fake_line[1],
            "evidence_dir": tmp_path / "evidence",
            "delivery_poll_seconds": 0,  # tests run the worker's rounds themselves
            "quiet_hours_start": 0,
            "quiet_hours_end": 0,
        }
    )


def sign(body: bytes, secret: str = LINE_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def line_body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "Ubot", "events": list(events)}).encode()


def _event(kind: str, user: str, event_id: str, token: str | None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": 1462629479859,
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
    }
    if token:
        event["replyToken"] = token
    return event


def text_event(user: str, text: str, *, event_id: str, token: str | None) -> dict[str, Any]:
    event = _event("message", user, event_id, token)
    event["message"] = {"id": event_id + "m", "type": "text", "quoteToken": "q", "text": text}
    return event


def postback_event(user: str, data: str, *, event_id: str, token: str | None) -> dict[str, Any]:
    event = _event("postback", user, event_id, token)
    event["postback"] = {"data": data}
    return event


def message_event(
    user: str, message: dict[str, Any], *, event_id: str, token: str | None
) -> dict[str, Any]:
    event = _event("message", user, event_id, token)
    event["message"] = message
    return event


def follow_event(user: str, *, event_id: str, token: str) -> dict[str, Any]:
    event = _event("follow", user, event_id, token)
    event["follow"] = {"isUnblocked": False}
    return event


@pytest.fixture
def fake_telegram() -> Iterator[tuple[FakeTelegram, str]]:
    fake = FakeTelegram(token=TELEGRAM_TOKEN)
    with serve(fake.app()) as url:
        yield fake, url


def telegram_text(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    chat = {"id": chat_id, "type": "private", "first_name": "Test"}
    user = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    message = {"message_id": update_id, "date": 1441645532, "chat": chat, "from": user}
    return {"update_id": update_id, "message": {**message, "text": text}}


def with_telegram(settings: Settings, api_base_url: str) -> Settings:
    """The channel tests' settings with Telegram on, talking to the fake Bot API."""
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TELEGRAM_TOKEN),
            "telegram_webhook_secret": SecretStr(TELEGRAM_SECRET),
            "telegram_api_base_url": api_base_url,
        }
    )
