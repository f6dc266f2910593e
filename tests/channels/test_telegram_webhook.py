"""The Telegram webhook through HTTP: secret token, dedupe by update id, inline keyboards."""

import json

import httpx
import pytest
from fastapi import FastAPI

from api.core.config import Settings
from api.help.privacy import privacy_notice
from bot.gateway.runtime import gateway_of
from tests.channels.conftest import EVAL_DIR, telegram_text, with_telegram
from tests.fakes.rasa import FakeRasa
from tests.fakes.telegram_api import FakeTelegram
from tests.fixtures.channels import TELEGRAM_SECRET

EXAMPLES = json.loads((EVAL_DIR / "telegram_update_examples.json").read_text())
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
CHAT = 987654321


@pytest.fixture
def settings(settings: Settings, fake_telegram: tuple[FakeTelegram, str]) -> Settings:
    return with_telegram(settings, fake_telegram[1])


async def test_missing_or_wrong_secret_token_is_rejected(client: httpx.AsyncClient) -> None:
    update = telegram_text(1, CHAT, "hi")
    assert (await client.post("/webhooks/telegram", json=update)).status_code == 401
    wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
    assert (await client.post("/webhooks/telegram", json=update, headers=wrong)).status_code == 401


async def test_text_update_is_answered_once_with_an_inline_keyboard(
    client: httpx.AsyncClient, app: FastAPI, fake_telegram: tuple[FakeTelegram, str]
) -> None:
    update = telegram_text(10, CHAT, "buttons")
    for _ in range(2):
        response = await client.post("/webhooks/telegram", json=update, headers=HEADERS)
        assert response.status_code == 200
    await gateway_of(app).queues.idle()
    [sent] = fake_telegram[0].sent()
    assert sent["text"] == "Is this right?"
    rows = sent["reply_markup"]["inline_keyboard"]
    assert [r[0]["text"] for r in rows] == ["是", "否"]
    assert fake_telegram[0].sent("sendChatAction")


async def test_callback_query_is_acknowledged_and_its_payload_reaches_the_nlu(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_telegram: tuple[FakeTelegram, str],
    fake_rasa: tuple[FakeRasa, str],
) -> None:
    user = {"id": CHAT, "is_bot": False, "first_name": "Test"}
    chat = {"id": CHAT, "type": "private"}
    message = {"message_id": 5, "date": 0, "chat": chat, "text": "Is this right?"}
    query = {
        "id": "cb1",
        "from": user,
        "chat_instance": "1",
        "data": "e|/affirm",
        "message": message,
    }
    response = await client.post(
        "/webhooks/telegram", json={"update_id": 11, "callback_query": query}, headers=HEADERS
    )
    assert response.status_code == 200
    await gateway_of(app).queues.idle()
    assert fake_rasa[0].received[-1]["message"] == "/affirm"
    assert fake_rasa[0].received[-1]["metadata"]["language"] == "en"
    assert fake_telegram[0].sent("answerCallbackQuery")[0]["callback_query_id"] == "cb1"


async def test_start_gets_the_welcome_and_privacy_notice(
    client: httpx.AsyncClient, app: FastAPI, fake_telegram: tuple[FakeTelegram, str]
) -> None:
    await client.post("/webhooks/telegram", json=telegram_text(12, CHAT, "/start"), headers=HEADERS)
    await gateway_of(app).queues.idle()
    texts = [m["text"] for m in fake_telegram[0].sent()]
    assert any("歡迎" in t for t in texts)
    # The help centre's privacy notice in short, with the link to the whole notice.
    notice = privacy_notice().short.pick("zh-TW").split("{privacy_url}")[0]
    assert any(t.startswith(notice) and t.endswith("/help/privacy") for t in texts)


async def test_every_example_update_is_parsed_or_politely_ignored(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    for example in EXAMPLES["examples"]:
        response = await client.post("/webhooks/telegram", json=example["update"], headers=HEADERS)
        assert response.status_code == 200, example["name"]
    broken = await client.post("/webhooks/telegram", content=b"{oops", headers=HEADERS)
    assert broken.status_code == 200
    await gateway_of(app).queues.idle()
