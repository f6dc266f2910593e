"""Defects from review (issue 10 item 8): a long handoff request still reaches a person, and a
booking id that is not a number never crashes the cancel action."""

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff, mediation
from actions.desk_api import DeskError


class FakeDesk:
    """The desk API as the actions call it; records what was sent."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    async def handoff(self, reason: str | None, *, bot_until_taken: bool = False) -> dict[str, Any]:
        if reason is not None and len(reason) > 200:  # what POST /api/bot/handoff refuses
            raise DeskError(422, {"error": "validation_error"})
        self.calls.append(("handoff_in_form" if bot_until_taken else "handoff", reason))
        return {"handoff_active": True}

    async def cancel_booking(self, booking_id: int, reason: str) -> dict[str, Any]:
        self.calls.append(("cancel", booking_id))
        return {}

    async def bookings(self) -> list[dict[str, Any]]:
        return [{"id": 7, "case_number": "KHH-2026-000001", "slot": {"label_zh": "12月3日"}}]


@pytest.fixture
def desk(monkeypatch: pytest.MonkeyPatch) -> FakeDesk:
    fake = FakeDesk()
    monkeypatch.setattr(handoff, "api_for", lambda tracker: fake)
    monkeypatch.setattr(mediation, "api_for", lambda tracker: fake)
    return fake


def tracker(text: str, slots: dict[str, Any] | None = None, form: str | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": "x"}, "entities": []}
    loop = {"name": form} if form else {}
    return Tracker(
        "line:U1", {"language": "zh-TW", **(slots or {})}, latest, [], False, None, loop,
        "action_listen",
    )  # fmt: skip


def run(action: Any, t: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


def test_a_long_handoff_request_reaches_a_person(desk: FakeDesk) -> None:
    messages, _ = run(handoff.ActionHandoff(), tracker("我要找真人，" + "事情經過很長。" * 80))
    assert [m.get("response") for m in messages] == ["utter_handoff"]
    [(verb, reason)] = desk.calls
    assert verb == "handoff" and len(reason) == handoff.HANDOFF_REASON_MAX


def test_a_person_asked_for_inside_the_form_keeps_the_bot_on_the_form(desk: FakeDesk) -> None:
    """The desk is told to let the bot go on until staff takes over; the citizen is told so."""
    messages, _ = run(handoff.ActionHandoff(), tracker("我要找真人", form="complaint_form"))
    assert [m.get("response") for m in messages] == ["utter_handoff_in_form"]
    assert desk.calls == [("handoff_in_form", "我要找真人")]


@pytest.mark.parametrize("typed", ["abc", "七", "1; drop", "", "³"])
def test_a_booking_id_that_is_not_a_number_shows_the_bookings_again(
    desk: FakeDesk, typed: str
) -> None:
    slots = {"booking_id": typed, "mediation_mode": "cancel"}
    messages, _ = run(mediation.ActionMediationChooseBooking(), tracker(typed, slots))
    assert desk.calls == []
    assert "KHH-2026-000001" in messages[0]["buttons"][0]["title"]


def test_a_booking_button_cancels(desk: FakeDesk) -> None:
    slots = {"booking_id": "7", "mediation_mode": "cancel"}
    messages, _ = run(mediation.ActionMediationChooseBooking(), tracker("/choose_booking", slots))
    assert desk.calls == [("cancel", 7)]
    assert messages[0]["response"] == "utter_booking_cancelled"
