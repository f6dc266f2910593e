"""The citizen's language, the one `say` helper and the settings shared with the desk."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.common import language_of, say
from actions.desk_api import DeskApi
from textkit.bilingual import Bilingual


def tracker(text: str, language: str | None) -> Tracker:
    return Tracker("web:1", {"language": language}, {"text": text}, [], False, None, {}, None)


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        ("/affirm", "en", "en"),  # a button keeps the conversation's language
        ("KHH-2026-000123", "en", "en"),
        ("I want to complain", "zh-TW", "zh-TW"),  # the NLU's slot decides
        ("I want to complain", None, "en"),  # no slot: the text
        ("/affirm", None, "zh-TW"),  # neither: zh-TW
        ("12000", None, "zh-TW"),
    ],
)
def test_language_of(text: str, slot: str | None, expected: str) -> None:
    assert language_of(tracker(text, slot)) == expected


def test_say_picks_the_citizens_language() -> None:
    dispatcher = CollectingDispatcher()
    say(dispatcher, "en", Bilingual("你好", "Hello"), [{"title": "OK", "payload": "/affirm"}])
    say(dispatcher, "zh-TW", Bilingual("你好", "Hello"))
    assert [m["text"] for m in dispatcher.messages] == ["Hello", "你好"]
    assert dispatcher.messages[0]["buttons"] == [{"title": "OK", "payload": "/affirm"}]


def test_desk_api_reads_the_desks_variable_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_API_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("SERVICE_TOKEN", "s3cret")
    api = DeskApi("web:1")
    assert api.base_url == "http://127.0.0.1:9"
    assert api.headers == {"Authorization": "Bearer s3cret", "X-Desk-Sender": "web:1"}


def test_timezone_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIMEZONE", raising=False)
    assert settings.local_timezone() == ZoneInfo("Asia/Taipei")
    monkeypatch.setenv("TIMEZONE", "Pacific/Kiritimati")  # UTC+14: often a day ahead of UTC
    assert settings.local_today() == datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
