"""What the citizen already told in the recent conversation: the complaint fields a story
gives (business, amount, date, category, what happened, remedy wanted) and whether a message
tells a personal dispute. Pure functions over the tracker's event dicts."""

from __future__ import annotations

from datetime import date
from typing import Any

from actions import complaint_fields as f
from textkit.business_names import find_business_name, find_english_business_name
from textkit.categories import find_category
from textkit.disputes import BUSINESS, MONEY, dispute_signals, is_personal_dispute
from textkit.remedies import find_remedy

# The fields a story can tell; contact details are always asked.
STORY_FIELDS = ("business_name", "category", "purchase_date", "amount", "desired_remedy")
# How far back a story counts: a few turns, within this many seconds, since the last intake.
EARLIER_TURNS = 3
WINDOW_SECONDS = 30 * 60
WINDOW_ENDS = {"action_submit_complaint", "action_cancel_complaint"}
# Turns about something else: their words are not part of the story.
OTHER_BUSINESS = {
    "check_case_status",
    "book_mediation",
    "reschedule_mediation",
    "cancel_mediation",
    "choose_slot",
    "choose_booking",
    "request_human",
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "affirm",
    "deny",
    "stop",
}
# The classifier hesitates when the runner-up is this close to the top intent.
HESITATION_MARGIN = 0.3


def intent_of(message: dict[str, Any]) -> str:
    return str((message.get("intent") or {}).get("name") or "")


def entity_values(message: dict[str, Any], name: str) -> list[str]:
    return [str(e["value"]) for e in message.get("entities") or [] if e.get("entity") == name]


def tells_a_dispute(message: dict[str, Any]) -> bool:
    """A personal dispute told in words, counting the business and amount the NLU found."""
    signals = dispute_signals(message.get("text") or "")
    if entity_values(message, "business_name"):
        signals.add(BUSINESS)
    if entity_values(message, "amount"):
        signals.add(MONEY)
    return is_personal_dispute(signals)


def runner_up(message: dict[str, Any], top: str) -> str | None:
    """The second intent when it is within HESITATION_MARGIN of `top` (nlu_fallback ignored)."""
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    if len(ranking) < 2 or ranking[0].get("name") != top:
        return None
    close = float(ranking[0].get("confidence", 0)) - float(ranking[1].get("confidence", 0))
    return str(ranking[1].get("name")) if close <= HESITATION_MARGIN else None


def fields_of(message: dict[str, Any], today: date) -> dict[str, str]:
    """The complaint fields one message tells, cleaned as the form would."""
    text = str(message.get("text") or "")
    english = find_english_business_name(text)
    zh = find_business_name(text)
    raw = {
        "business_name": (english.text if english else None)
        or next(iter(entity_values(message, "business_name")), None)
        or (zh.text if zh else None),
        "category": find_category(text) or next(iter(entity_values(message, "category")), None),
        "purchase_date": next(iter(entity_values(message, "purchase_date")), None),
        "amount": next(iter(entity_values(message, "amount")), None),
        "desired_remedy": find_remedy(text),
    }
    cleaned = {
        "business_name": f.clean_business_name(raw["business_name"]),
        "category": f.clean_category(raw["category"]) if raw["category"] else None,
        "purchase_date": f.clean_purchase_date(raw["purchase_date"], today)
        if raw["purchase_date"]
        else None,
        "amount": f.clean_amount(raw["amount"]) if raw["amount"] else None,
        "desired_remedy": raw["desired_remedy"],
    }
    return {key: value for key, value in cleaned.items() if value and value != f.UNKNOWN}


def recent_messages(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The latest user message and the story turns before it, newest first."""
    users: list[dict[str, Any]] = []
    latest_time: float | None = None
    for event in reversed(events):
        kind = event.get("event")
        if kind == "session_started" or (kind == "action" and event.get("name") in WINDOW_ENDS):
            break
        if kind != "user":
            continue
        stamp = float(event.get("timestamp") or 0)
        latest_time = stamp if latest_time is None else latest_time
        if len(users) > EARLIER_TURNS or latest_time - stamp > WINDOW_SECONDS:
            break
        users.append({**(event.get("parse_data") or {}), "text": event.get("text") or ""})
    earlier = [
        m
        for m in users[1:]
        if intent_of(m) not in OTHER_BUSINESS
        and (intent_of(m) == "file_complaint" or tells_a_dispute(m))
    ]
    return users[:1] + earlier


def recall_story(events: list[dict[str, Any]], today: date) -> dict[str, str]:
    """The form's fields from the recent conversation: the newest value of each, and what
    happened as the story turns told it, oldest first."""
    messages = recent_messages(events)
    found: dict[str, str] = {}
    for message in messages:
        for key, value in fields_of(message, today).items():
            found.setdefault(key, value)
    stories = [
        text
        for text in (str(m.get("text") or "") for m in reversed(messages))
        if f.clean_description(text, strict=True)
    ]
    if stories:
        found["description"] = f.clean_description(" ".join(stories), strict=True) or ""
    return {key: value for key, value in found.items() if value}
