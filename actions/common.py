"""Language and small helpers every action uses."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.desk_api import DeskApi
from actions.parsing import detect_language

EN = "en"
ZH = "zh-TW"


def language_of(tracker: Tracker) -> str:
    """The citizen's language: the slot filled by the NLU, else the latest text, else zh-TW."""
    slot = tracker.get_slot("language")
    if slot in (EN, ZH):
        return slot
    return detect_language(tracker.latest_message.get("text") or "") or ZH


def pick(lang: str, zh: str, en: str) -> str:
    """The text in the citizen's language."""
    return en if lang == EN else zh


def say(
    dispatcher: CollectingDispatcher,
    lang: str,
    zh: str,
    en: str,
    buttons: list[dict[str, Any]] | None = None,
) -> None:
    """Send one message in the citizen's language."""
    dispatcher.utter_message(text=pick(lang, zh, en), buttons=buttons or [])


def api_for(tracker: Tracker) -> DeskApi:
    """A desk API client acting for this conversation's citizen."""
    return DeskApi(tracker.sender_id)


def button(title: str, payload: str) -> dict[str, str]:
    """A quick-reply button."""
    return {"title": title[:40], "payload": payload}
