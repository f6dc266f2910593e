"""Booking, rescheduling and cancelling a mediation slot for the citizen's own case."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import api_for, button, language_of, say
from actions.desk_api import DeskApi, DeskError, DeskUnavailable
from textkit.bilingual import Bilingual
from textkit.case_numbers import normalize_case_number

MODES = {
    "book_mediation": "book",
    "reschedule_mediation": "reschedule",
    "cancel_mediation": "cancel",
}
FREE_SLOTS = Bilingual(
    "案件 {number} 可預約的調解時段如下，請點選：",
    "Free mediation slots for case {number}; tap one:",
)
WHICH_CASE = Bilingual("要為哪一件案件預約調解？", "Which case is the mediation for?")
WHICH_TO_CANCEL = Bilingual(
    "要取消哪一場調解？請點選確認：", "Which session should I cancel? Tap to confirm:"
)
WHICH_TO_MOVE = Bilingual("要更改哪一場調解？", "Which session should I move?")
BOOKED = Bilingual(
    "已為案件 {number} 預約調解：{slot}。", "Mediation booked for case {number}: {slot}."
)


def as_id(value: Any) -> int | None:
    """A booking or slot id from a button payload; anything typed that is not a number is
    None (the citizen is shown their bookings again instead of an error)."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() else None


def slot_label(slot: dict[str, Any], lang: str) -> str:
    """The slot's label from the API in the citizen's language."""
    label = Bilingual(str(slot.get("label_zh") or ""), str(slot.get("label_en") or ""))
    return label.pick(lang) or str(slot.get("starts_at"))


def slot_buttons(slots: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    """Up to six free slots as buttons."""
    return [
        button(slot_label(s, lang), f'/choose_slot{{"slot_id":"{s["id"]}"}}') for s in slots[:6]
    ]


def booking_buttons(bookings: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    return [
        button(
            f"{b['case_number']} {slot_label(b.get('slot') or {}, lang)}",
            f'/choose_booking{{"booking_id":"{b["id"]}"}}',
        )
        for b in bookings[:6]
    ]


async def offer_slots(
    dispatcher: CollectingDispatcher, api: DeskApi, case_number: str, lang: str
) -> list[EventType]:
    slots = await api.free_slots(case_number)
    if not slots:
        dispatcher.utter_message(response="utter_no_free_slots")
        return []
    say(dispatcher, lang, FREE_SLOTS.format(number=case_number), slot_buttons(slots, lang))
    return [SlotSet("case_number", case_number)]


async def start_booking(
    dispatcher: CollectingDispatcher, tracker: Tracker, api: DeskApi, lang: str
) -> list[EventType]:
    number = normalize_case_number(tracker.latest_message.get("text") or "")
    if number:
        return await offer_slots(dispatcher, api, number, lang)
    cases = [c for c in await api.list_cases() if c.get("can_book_mediation")]
    if not cases:
        dispatcher.utter_message(response="utter_no_mediation_case")
        return []
    if len(cases) == 1:
        return await offer_slots(dispatcher, api, cases[0]["number"], lang)
    buttons = [
        button(c["number"], f'/book_mediation{{"case_number":"{c["number"]}"}}') for c in cases[:6]
    ]
    say(dispatcher, lang, WHICH_CASE, buttons)
    return []


async def start_change(
    dispatcher: CollectingDispatcher, api: DeskApi, mode: str, lang: str
) -> list[EventType]:
    bookings = await api.bookings()
    if not bookings:
        dispatcher.utter_message(response="utter_no_bookings")
        return []
    if mode == "reschedule" and len(bookings) == 1:
        booking = bookings[0]
        events = await offer_slots(dispatcher, api, booking["case_number"], lang)
        return [*events, SlotSet("booking_id", str(booking["id"]))]
    question = WHICH_TO_CANCEL if mode == "cancel" else WHICH_TO_MOVE
    say(dispatcher, lang, question, booking_buttons(bookings, lang))
    return []


class ActionMediationStart(Action):
    """book / reschedule / cancel: find the case or booking, offer slots or choices."""

    def name(self) -> str:
        return "action_mediation_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language_of(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        mode = MODES.get(str(intent), "book")
        api = api_for(tracker)
        events: list[EventType] = [SlotSet("mediation_mode", mode), SlotSet("booking_id", None)]
        try:
            if mode == "book":
                return events + await start_booking(dispatcher, tracker, api, lang)
            return events + await start_change(dispatcher, api, mode, lang)
        except DeskUnavailable:
            dispatcher.utter_message(response="utter_api_unavailable")
        except DeskError:
            dispatcher.utter_message(response="utter_case_not_found")
        return events


class ActionMediationChooseSlot(Action):
    """A slot button was pressed: book it, or move the chosen booking to it."""

    def name(self) -> str:
        return "action_mediation_choose_slot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language_of(tracker)
        slot_id, booking_id = (
            as_id(tracker.get_slot("slot_id")),
            as_id(tracker.get_slot("booking_id")),
        )
        case_number = tracker.get_slot("case_number")
        api = api_for(tracker)
        try:
            if tracker.get_slot("mediation_mode") == "reschedule" and booking_id and slot_id:
                booking = await api.reschedule(booking_id, slot_id, "citizen request")
            elif case_number and slot_id:
                booking = await api.book(case_number, slot_id)
            else:
                dispatcher.utter_message(response="utter_default")
                return []
        except DeskUnavailable:
            dispatcher.utter_message(response="utter_api_unavailable")
            return []
        except DeskError:
            dispatcher.utter_message(response="utter_booking_failed")
            return [SlotSet("slot_id", None)]
        label = slot_label(booking.get("slot") or {}, lang)
        number = booking.get("case_number", case_number)
        say(dispatcher, lang, BOOKED.format(number=number, slot=label))
        return [SlotSet("slot_id", None), SlotSet("mediation_mode", None)]


class ActionMediationChooseBooking(Action):
    """A booking button was pressed: cancel it, or offer slots to move it."""

    def name(self) -> str:
        return "action_mediation_choose_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language_of(tracker)
        booking_id = as_id(tracker.get_slot("booking_id"))
        mode = tracker.get_slot("mediation_mode")
        api = api_for(tracker)
        try:
            if booking_id is None:  # not a booking button: show the citizen's bookings again
                events = await start_change(dispatcher, api, mode or "cancel", lang)
                return [SlotSet("booking_id", None), *events]
            if mode == "cancel":
                await api.cancel_booking(booking_id, "citizen request")
                dispatcher.utter_message(response="utter_booking_cancelled")
                return [SlotSet("booking_id", None), SlotSet("mediation_mode", None)]
            bookings = {str(b["id"]): b for b in await api.bookings()}
            booking = bookings.get(str(booking_id))
            if not booking:
                dispatcher.utter_message(response="utter_no_bookings")
                return []
            return await offer_slots(dispatcher, api, booking["case_number"], lang)
        except DeskUnavailable:
            dispatcher.utter_message(response="utter_api_unavailable")
        except DeskError:
            dispatcher.utter_message(response="utter_booking_failed")
        return []
