"""Starting the complaint form with what the citizen already told: a story is told once."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import complaint_fields as f
from actions.common import language_of, say
from actions.desk_api import DeskUnavailable
from actions.faq import brief_answer, faq_topic, find_entry
from actions.settings import local_today
from actions.story import recall_story, runner_up
from textkit.answers import is_question
from textkit.bilingual import Bilingual

NOTED = Bilingual(
    "您剛才提到的這些，我先幫您填入申訴表，不用再說一次：\n{fields}",
    "I've put what you already told me into the complaint, so you needn't repeat it:\n{fields}",
)
# A story that ends in a question ("…特價品有七天鑑賞期嗎？") is a complaint that also asks:
# the question is answered briefly when the FAQ selector is this sure of its topic.
ANSWER_CONFIDENCE = 0.5

# What happened is shown in the summary at the end; here only the short facts.
NOTED_FIELDS = ("business_name", "category", "purchase_date", "amount", "desired_remedy")


def noted(told: dict[str, str], lang: str) -> Bilingual | None:
    """The short facts taken from the conversation, one summary line each."""
    lines = [
        f.SUMMARY_LINE.pick(lang).format(
            label=f.LABELS[field].pick(lang), value=f.display(field, told[field], lang)
        )
        for field in NOTED_FIELDS
        if field in told
    ]
    return NOTED.format(fields="\n".join(lines)) if lines else None


def asks_too(message: dict[str, Any]) -> bool:
    """The complaint also asks an FAQ question: the classifier nearly read it as one, or the
    text ends in a question the FAQ selector is sure about."""
    if runner_up(message, "file_complaint") == "faq":
        return True
    text = str(message.get("text") or "").strip()
    if not is_question(text) or not faq_topic(message):
        return False
    selector = message.get("response_selector", {}).get("faq", {})
    return float(selector.get("response", {}).get("confidence", 0.0)) >= ANSWER_CONFIDENCE


class ActionStartComplaint(Action):
    """Prefills the form from the recent conversation (the form then validates every prefilled
    field and asks only the missing ones); when the classifier nearly read the message as a
    question, answers it briefly first."""

    def name(self) -> str:
        return "action_start_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if asks_too(tracker.latest_message):
            await self.answer_briefly(dispatcher, tracker)
        told = recall_story(tracker.events, local_today())
        lang = language_of(tracker)
        message = noted(told, lang)
        if message:
            say(dispatcher, lang, message)
        return [SlotSet(field, value) for field, value in told.items()]

    @staticmethod
    async def answer_briefly(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        lang = language_of(tracker)
        try:
            entry = await find_entry(tracker, lang)
        except DeskUnavailable:
            return  # the complaint matters more than the article
        if entry:
            dispatcher.utter_message(text=brief_answer(entry, lang))
