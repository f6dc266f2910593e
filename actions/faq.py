"""FAQ answers served from the desk knowledge base in the citizen's language; when the message
tells the citizen's own dispute, the answer ends with the next step (file a complaint, talk to
a person) so a dispute never dead-ends in an article."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import api_for, button, language_of, say
from actions.desk_api import DeskError, DeskUnavailable
from actions.story import runner_up, tells_a_dispute
from textkit.answers import is_not_an_answer
from textkit.bilingual import Bilingual
from textkit.faq_topics import FAQ_TOPICS

LEGAL_BASIS = Bilingual("\n（依據：{article}）", "\n(Legal basis: {article})")
NO_ANSWER = Bilingual(
    "抱歉，目前找不到這個問題的說明，可以輸入「找真人」由服務人員回覆。",
    'Sorry, I have no answer for that yet; type "talk to a person" and staff will reply.',
)
NEXT_STEP = Bilingual(
    "如果這是您自己遇到的糾紛、業者不願處理，可以直接在這裡提出申訴（剛才說的內容會先幫您填好），"
    "也可以請服務人員協助。",
    "If this is your own dispute and the business won't settle it, you can file a complaint "
    "here (what you told me is already filled in), or ask a member of staff.",
)
NEXT_STEP_BUTTONS = (
    (Bilingual("我要申訴", "File a complaint"), "/file_complaint"),
    (Bilingual("找真人客服", "Talk to a person"), "/request_human"),
)
# Inside the complaint form, an answer to these questions is often consumer vocabulary
# ("退還剩下的學費") that reads like an FAQ topic; unless it is asked as a question, it is the
# answer.
FREE_TEXT_SLOTS = ("description", "desired_remedy")
# The first sentence of an answer, for a brief answer before the complaint form.
FIRST_SENTENCE = re.compile(r".+?(?:[。！？]|[.!?](?=\s|$))", re.S)


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


def answer_to_the_form(tracker: Tracker) -> EventType | None:
    """The message as the answer the complaint form asked for, when it asked for a free-text
    field and the message is an answer by the form's own measure (not a question, not a request
    for another service)."""
    if (tracker.active_loop or {}).get("name") != "complaint_form":
        return None
    slot = tracker.get_slot("requested_slot")
    text = str(tracker.latest_message.get("text") or "").strip()
    if slot not in FREE_TEXT_SLOTS or not text or text.startswith("/") or is_not_an_answer(text):
        return None
    return SlotSet(slot, text)


def brief_answer(entry: dict[str, Any], lang: str) -> str:
    """The question and the answer's first sentence."""
    answer = str(entry.get("answer", "")).strip()
    first = FIRST_SENTENCE.match(answer)
    return f"{entry.get('question', '')}\n{first.group(0) if first else answer}".strip()


def wants_next_step(tracker: Tracker) -> bool:
    """Outside a form, a message telling a dispute, or one the classifier nearly read as a
    complaint, gets the complaint and the person as buttons after the answer."""
    if (tracker.active_loop or {}).get("name"):
        return False
    message = tracker.latest_message
    return tells_a_dispute(message) or runner_up(message, "faq") == "file_complaint"


def offer_next_step(dispatcher: CollectingDispatcher, lang: str) -> None:
    buttons = [button(title.pick(lang), payload) for title, payload in NEXT_STEP_BUTTONS]
    say(dispatcher, lang, NEXT_STEP, buttons)


async def find_entry(tracker: Tracker, lang: str) -> dict[str, Any] | None:
    """The answer for the topic the NLU chose, else the best search hit; DeskUnavailable
    when the desk cannot be reached."""
    topic = faq_topic(tracker.latest_message)
    api = api_for(tracker)
    try:
        if topic:
            return await api.faq(topic, lang)
        found = await api.search_faq(tracker.latest_message.get("text") or "", lang)
        return found[0] if found else None
    except DeskError:
        return None


class ActionAnswerFaq(Action):
    """Answers the FAQ topic from GET /api/bot/faq/{topic}?lang=…; a dispute gets the next step."""

    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answer = answer_to_the_form(tracker)
        if answer:
            return [answer]  # the form, next, validates it and asks for the next field
        lang = language_of(tracker)
        try:
            entry = await find_entry(tracker, lang)
        except DeskUnavailable:
            dispatcher.utter_message(response="utter_api_unavailable")
            return []
        if entry:
            dispatcher.utter_message(text=format_answer(entry, lang))
        if wants_next_step(tracker):
            offer_next_step(dispatcher, lang)
        elif not entry:
            say(dispatcher, lang, NO_ANSWER)
        return []


class ActionFallback(Action):
    """Low confidence: between a complaint and a question, do both (a brief answer and the
    complaint offered); otherwise ask to rephrase."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = tracker.latest_message
        hesitating = (
            runner_up(message, "faq") == "file_complaint"
            or runner_up(message, "file_complaint") == "faq"
        )
        if not hesitating:
            dispatcher.utter_message(response="utter_default")
            return []
        lang = language_of(tracker)
        try:
            entry = await find_entry(tracker, lang)
        except DeskUnavailable:
            entry = None
        if entry:
            dispatcher.utter_message(text=brief_answer(entry, lang))
        offer_next_step(dispatcher, lang)
        return []
