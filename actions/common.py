"""Language and small helpers every action uses."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.desk_api import DeskApi
from textkit.bilingual import Bilingual
from textkit.language import LANGUAGES, ZH, detect_language


def language_of(tracker: Tracker) -> str:
    """The citizen's language: the slot filled by the NLU, else the latest text, else zh-TW.

    A text without a language signal (a button payload, a bare case number) keeps zh-TW.
    """
    slot = tracker.get_slot("language")
    if slot in LANGUAGES:
        return str(slot)
    return detect_language(tracker.latest_message.get("text") or "") or ZH


def say(
    dispatcher: CollectingDispatcher,
    language: str,
    text: Bilingual,
    buttons: list[dict[str, Any]] | None = None,
) -> None:
    """Send one message in the citizen's language."""
    dispatcher.utter_message(text=text.pick(language), buttons=buttons or [])


def api_for(tracker: Tracker) -> DeskApi:
    """A desk API client acting for this conversation's citizen."""
    return DeskApi.for_tracker(tracker)


def button(title: str, payload: str) -> dict[str, str]:
    """A quick-reply button."""
    return {"title": title[:40], "payload": payload}
