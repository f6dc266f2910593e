"""Complaint intake: form validation, summary, submission and cancellation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import complaint_fields as f
from actions.common import api_for, button, language_of, say
from actions.desk_api import DeskError, DeskUnavailable
from actions.settings import local_today
from actions.story import recall_story
from textkit.bilingual import Bilingual
from textkit.remedies import find_remedy

FORM_SLOTS = (*f.FIELDS, "confirm", "requested_slot")
CONFIRM_BUTTONS = (
    (Bilingual("正確，送出", "Correct, submit"), "/affirm"),
    (Bilingual("修改", "Change something"), "/deny"),
    (Bilingual("取消申訴", "Cancel"), "/stop"),
)
NOT_FILED = Bilingual(
    "抱歉，申訴資料未能送出：{reason}", "Sorry, the complaint could not be filed: {reason}"
)
FILED = Bilingual(
    "已受理您的申訴，案件編號 {number}。{next_step_zh}",
    "Your complaint is filed. Case number {number}. {next_step_en}",
)


def told_before(tracker: Tracker, slot: str, value: Any) -> Any:
    """At the form's activation (nothing requested yet), what the recent conversation told.

    Rasa re-runs the slot mappings when the form activates, so the opening message ("我要申訴")
    would otherwise replace the story action_start_complaint recalled."""
    if tracker.get_slot("requested_slot") is not None:
        return value
    return recall_story(tracker.events, local_today()).get(slot, value)


def value_before_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def settle(
    slot: str, cleaned: Any, dispatcher: CollectingDispatcher, tracker: Tracker, *, loud: bool
) -> dict[str, Any]:
    """The cleaned value; a rejected one asks again (`loud`) when the field was asked, and
    keeps what the field had when another field was asked ("我要申訴" while the business is
    asked must not wipe what happened)."""
    if cleaned is not None:
        return {slot: cleaned}
    requested = tracker.get_slot("requested_slot")
    if requested not in (None, slot):
        return {slot: value_before_message(tracker, slot)}
    if loud:
        dispatcher.utter_message(response=f"utter_invalid_{slot}")
    return {slot: None}


def _validator(slot: str, clean: Callable[[Any], str | None]) -> Callable[..., dict[str, Any]]:
    """A validate_<slot> method: keep the cleaned value or ask again."""

    def validate(
        self: Any,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        cleaned = clean(told_before(tracker, slot, value))
        return settle(slot, cleaned, dispatcher, tracker, loud=True)

    validate.__name__ = f"validate_{slot}"
    return validate


class ValidateComplaintForm(FormValidationAction):
    """Validates and normalises each intake field as it is filled (or prefilled)."""

    def name(self) -> str:
        return "validate_complaint_form"

    async def extract_desired_remedy(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A remedy wished for in passing ("QuickBuy Ltd, and I want a refund") while another
        field is asked; asked for it, the citizen's own words are the answer."""
        if tracker.get_slot("desired_remedy") or tracker.get_slot("requested_slot") in (
            None,
            "desired_remedy",
        ):
            return {}
        remedy = find_remedy(tracker.latest_message.get("text") or "")
        return {"desired_remedy": remedy} if remedy else {}

    validate_business_name = _validator("business_name", f.clean_business_name)
    validate_category = _validator("category", f.clean_category)
    validate_amount = _validator("amount", f.clean_amount)
    validate_desired_remedy = _validator("desired_remedy", f.clean_remedy)
    validate_contact_name = _validator("contact_name", f.clean_contact_name)
    validate_contact_phone = _validator("contact_phone", f.clean_contact_phone)

    def validate_purchase_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        cleaned = f.clean_purchase_date(told_before(tracker, "purchase_date", value), local_today())
        return settle("purchase_date", cleaned, dispatcher, tracker, loud=True)

    def validate_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        asked = tracker.get_slot("requested_slot") == "description"
        cleaned = f.clean_description(told_before(tracker, "description", value), strict=not asked)
        return settle("description", cleaned, dispatcher, tracker, loud=asked)

    def validate_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == "yes":
            return {"confirm": "yes"}
        if value in f.FIELDS:
            return {value: None, "confirm": None}
        dispatcher.utter_message(response="utter_which_field")
        return {"confirm": None}


class ActionAskConfirm(Action):
    """Shows the summary of the intake with confirm / change / cancel buttons."""

    def name(self) -> str:
        return "action_ask_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if (tracker.latest_message.get("intent") or {}).get("name") == "deny":
            return []  # validate_confirm already asked which field to change
        lang = language_of(tracker)
        slots = {field: tracker.get_slot(field) for field in f.FIELDS}
        buttons = [button(title.pick(lang), payload) for title, payload in CONFIRM_BUTTONS]
        dispatcher.utter_message(text=f.summary(slots, lang), buttons=buttons)
        return []


def reset_form() -> list[EventType]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionSubmitComplaint(Action):
    """Opens the case through the desk API and tells the citizen its number."""

    def name(self) -> str:
        return "action_submit_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language_of(tracker)
        if tracker.get_slot("confirm") != "yes":
            return reset_form()
        slots = {field: tracker.get_slot(field) for field in f.FIELDS}
        try:
            case = await api_for(tracker).create_case(f.build_intake(slots, lang))
        except DeskUnavailable:
            dispatcher.utter_message(response="utter_api_unavailable")
            return []
        except DeskError as error:
            say(dispatcher, lang, NOT_FILED.format(reason=error.body.get("message", "")))
            return reset_form()
        filed = FILED.format(
            number=case["number"],
            next_step_zh=case.get("next_step_zh") or "",
            next_step_en=case.get("next_step_en") or "",
        )
        say(dispatcher, lang, filed)
        return [*reset_form(), SlotSet("case_number", case["number"])]


class ActionCancelComplaint(Action):
    """Stops the intake without sending anything."""

    def name(self) -> str:
        return "action_cancel_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_complaint_cancelled")
        return reset_form()
