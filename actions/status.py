"""Case status in plain words with the next step and its deadline."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.categories import category_label
from actions.common import api_for, button, language_of, pick
from actions.desk_api import DeskError, DeskUnavailable
from actions.parsing import normalize_case_number


def describe_case(case: dict[str, Any], lang: str) -> str:
    """One case in plain words: number, business, status, next step."""
    label = case.get("status_label_en") if lang == "en" else case.get("status_label_zh")
    step = case.get("next_step_en") if lang == "en" else case.get("next_step_zh")
    category = category_label(case.get("category") or "other", lang)
    if lang == "en":
        text = f"Case {case['number']} ({case.get('business_name', '')}, {category}): {label}."
        return f"{text}\nNext: {step}" if step else text
    text = f"案件 {case['number']}（{case.get('business_name', '')}，{category}）：{label}。"
    return f"{text}\n下一步：{step}" if step else text


class ActionCaseStatus(Action):
    """GET /api/bot/cases[/{number}] and explain where the case stands."""

    def name(self) -> str:
        return "action_case_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language_of(tracker)
        number = normalize_case_number(tracker.latest_message.get("text") or "")
        api = api_for(tracker)
        try:
            if number:
                cases = [await api.get_case(number)]
            else:
                cases = await api.list_cases()
        except DeskUnavailable:
            dispatcher.utter_message(response="utter_api_unavailable")
            return []
        except DeskError:
            dispatcher.utter_message(response="utter_case_not_found")
            return [SlotSet("case_number", None)]
        return self.report(dispatcher, cases, lang)

    @staticmethod
    def report(
        dispatcher: CollectingDispatcher, cases: list[dict[str, Any]], lang: str
    ) -> list[EventType]:
        if not cases:
            dispatcher.utter_message(response="utter_no_cases")
            return []
        if len(cases) == 1:
            case = cases[0]
            buttons = []
            if case.get("can_book_mediation"):
                buttons.append(
                    button(
                        pick(lang, "預約調解", "Book mediation"),
                        f'/book_mediation{{"case_number":"{case["number"]}"}}',
                    )
                )
            dispatcher.utter_message(text=describe_case(case, lang), buttons=buttons)
            return [SlotSet("case_number", case["number"])]
        lines = [describe_case(case, lang) for case in cases[:3]]
        buttons = [
            button(case["number"], f'/check_case_status{{"case_number":"{case["number"]}"}}')
            for case in cases[:5]
        ]
        head = pick(
            lang,
            f"您有 {len(cases)} 件案件，最新的是：",
            f"You have {len(cases)} cases; the latest:",
        )
        dispatcher.utter_message(text="\n\n".join([head, *lines]), buttons=buttons)
        return []
