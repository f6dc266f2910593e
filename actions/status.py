"""Case status in plain words with the next step and its deadline."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import api_for, button, language_of
from actions.desk_api import DeskError, DeskUnavailable
from textkit.bilingual import Bilingual
from textkit.case_numbers import normalize_case_number
from textkit.categories import category_label

CASE_LINE = Bilingual(
    "案件 {number}（{business}，{category}）：{status}。",
    "Case {number} ({business}, {category}): {status}.",
)
NEXT_STEP = Bilingual("\n下一步：{step}", "\nNext: {step}")
BOOK_MEDIATION = Bilingual("預約調解", "Book mediation")
CASE_COUNT = Bilingual("您有 {count} 件案件，最新的是：", "You have {count} cases; the latest:")


def describe_case(case: dict[str, Any], lang: str) -> str:
    """One case in plain words: number, business, status, next step."""
    status = Bilingual(str(case.get("status_label_zh")), str(case.get("status_label_en")))
    step = Bilingual(case.get("next_step_zh") or "", case.get("next_step_en") or "").pick(lang)
    text = CASE_LINE.pick(lang).format(
        number=case["number"],
        business=case.get("business_name", ""),
        category=category_label(case.get("category") or "other", lang),
        status=status.pick(lang),
    )
    return text + NEXT_STEP.pick(lang).format(step=step) if step else text


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
                        BOOK_MEDIATION.pick(lang),
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
        head = CASE_COUNT.format(count=len(cases)).pick(lang)
        dispatcher.utter_message(text="\n\n".join([head, *lines]), buttons=buttons)
        return []
