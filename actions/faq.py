"""FAQ answers served from the desk knowledge base in the citizen's language."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import api_for, language_of, say
from actions.desk_api import DeskError, DeskUnavailable
from textkit.bilingual import Bilingual
from textkit.faq_topics import FAQ_TOPICS

LEGAL_BASIS = Bilingual("\n（依據：{article}）", "\n(Legal basis: {article})")
NO_ANSWER = Bilingual(
    "抱歉，目前找不到這個問題的說明，可以輸入「找真人」由服務人員回覆。",
    'Sorry, I have no answer for that yet; type "talk to a person" and staff will reply.',
)


def faq_topic(latest_message: dict[str, Any]) -> str | None:
    """The topic key the ResponseSelector chose ('faq/cooling_off' -> 'cooling_off')."""
    selector = latest_message.get("response_selector", {})
    key = (selector.get("faq") or selector.get("default") or {}).get("response", {}).get(
        "intent_response_key"
    ) or ""
    topic = key.split("/", 1)[1] if key.startswith("faq/") else None
    return topic if topic in FAQ_TOPICS else None


def format_answer(entry: dict[str, Any], lang: str) -> str:
    """Question, answer and the article it rests on."""
    text = f"{entry.get('question', '')}\n{entry.get('answer', '')}".strip()
    article = entry.get("article")
    if article:
        text += LEGAL_BASIS.format(article=article).pick(lang)
    return text


class ActionAnswerFaq(Action):
    """Answers the FAQ topic from GET /api/bot/faq/{topic}?lang=…."""

    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language_of(tracker)
        topic = faq_topic(tracker.latest_message)
        api = api_for(tracker)
        entry: dict[str, Any] | None
        try:
            if topic:
                entry = await api.faq(topic, lang)
            else:
                found = await api.search_faq(tracker.latest_message.get("text") or "", lang)
                entry = found[0] if found else None
        except DeskUnavailable:
            dispatcher.utter_message(response="utter_api_unavailable")
            return []
        except DeskError:
            entry = None
        if not entry:
            say(dispatcher, lang, NO_ANSWER)
            return []
        dispatcher.utter_message(text=format_answer(entry, lang))
        return []
