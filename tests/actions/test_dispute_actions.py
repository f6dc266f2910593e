"""The actions around a dispute: an FAQ answer ends with the next step, a hesitation does both,
the form starts prefilled, and free-text fields refuse what is plainly not an answer."""

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import complaint_fields as f
from actions import complaint_start, faq
from actions.complaint import ValidateComplaintForm
from actions.complaint_start import ActionStartComplaint
from actions.faq import ActionAnswerFaq, ActionFallback

ENTRY = {
    "question": "網購有七天鑑賞期嗎？",
    "answer": "有。收到商品後七天內可以退貨。不需說明理由。",
    "article": "消保法第19條",
}
DISPUTE = "我在網路上買了一件外套，收到後第三天想退貨，賣家說特價品不能退，怎麼辦？"


def tracker(
    text: str,
    intent: str,
    ranking: list[tuple[str, float]] | None = None,
    *,
    language: str = "zh-TW",
    loop: str | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking or [(intent, 0.9)]],
        "entities": [],
    }
    return Tracker(
        "web:1", {"language": language}, latest, events or [], False, None,
        {"name": loop} if loop else {}, "action_listen",
    )  # fmt: skip


@pytest.fixture(autouse=True)
def knowledge_base(monkeypatch: pytest.MonkeyPatch) -> None:
    async def find_entry(tracker: Tracker, lang: str) -> dict[str, Any]:
        return ENTRY

    monkeypatch.setattr(faq, "find_entry", find_entry)
    monkeypatch.setattr(complaint_start, "find_entry", find_entry)


def run(
    action: Any, t: Tracker, domain: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain or {}))
    return dispatcher.messages, events


def payloads(messages: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


def test_a_dispute_answer_ends_with_complaint_and_person_buttons() -> None:
    messages, _ = run(ActionAnswerFaq(), tracker(DISPUTE, "faq"))
    assert messages[0]["text"].startswith(ENTRY["question"])
    assert payloads(messages) == ["/file_complaint", "/request_human"]
    assert "申訴" in messages[-1]["text"]


def test_the_next_step_speaks_english_to_an_english_citizen() -> None:
    text = "The gym closed down and I prepaid NT$20,000, what can I do?"
    messages, _ = run(ActionAnswerFaq(), tracker(text, "faq", language="en"))
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert titles == ["File a complaint", "Talk to a person"]


def test_a_general_question_gets_only_the_answer() -> None:
    messages, _ = run(ActionAnswerFaq(), tracker("網購有七天鑑賞期嗎", "faq"))
    assert len(messages) == 1 and payloads(messages) == []


def test_a_near_complaint_gets_the_offer_even_without_dispute_words() -> None:
    ranking = [("faq", 0.5), ("file_complaint", 0.4)]
    messages, _ = run(ActionAnswerFaq(), tracker("這樣合理嗎", "faq", ranking))
    assert "/file_complaint" in payloads(messages)


def test_no_offer_inside_the_complaint_form() -> None:
    messages, _ = run(ActionAnswerFaq(), tracker(DISPUTE, "faq", loop="complaint_form"))
    assert payloads(messages) == []


def test_fallback_between_complaint_and_question_does_both() -> None:
    ranking = [("nlu_fallback", 0.55), ("faq", 0.45), ("file_complaint", 0.42)]
    messages, _ = run(ActionFallback(), tracker("賣家這樣可以嗎", "nlu_fallback", ranking))
    assert messages[0]["text"] == "網購有七天鑑賞期嗎？\n有。"  # brief
    assert "/file_complaint" in payloads(messages)


def test_other_fallbacks_ask_to_rephrase() -> None:
    ranking = [("nlu_fallback", 0.55), ("greet", 0.3), ("faq", 0.1)]
    messages, _ = run(ActionFallback(), tracker("嗯那個", "nlu_fallback", ranking))
    assert messages == [{**messages[0], "response": "utter_default"}]


def test_start_complaint_prefills_from_the_story_before() -> None:
    story = {
        "event": "user",
        "text": DISPUTE,
        "timestamp": 100,
        "parse_data": {"intent": {"name": "faq"}, "entities": []},
    }
    now = {
        "event": "user",
        "text": "我要申訴",
        "timestamp": 130,
        "parse_data": {"intent": {"name": "file_complaint"}, "entities": []},
    }
    t = tracker("我要申訴", "file_complaint", events=[story, now])
    messages, events = run(ActionStartComplaint(), t)
    assert messages[0]["text"].splitlines()[1:] == ["• 類別：網路購物", "• 訴求：退費"]
    assert SlotSet("description", DISPUTE) in events
    assert SlotSet("category", "ecommerce") in events
    assert SlotSet("desired_remedy", "refund") in events


def test_start_complaint_answers_briefly_when_it_was_nearly_a_question() -> None:
    ranking = [("file_complaint", 0.5), ("faq", 0.4)]
    messages, _ = run(
        ActionStartComplaint(), tracker("賣家不給退可以申訴嗎", "file_complaint", ranking)
    )
    assert messages[0]["text"] == "網購有七天鑑賞期嗎？\n有。"


@pytest.mark.parametrize(
    "text",
    ["I want to book a mediation session", "what is the status of my case?", "我要查案件進度"],
)
def test_a_request_is_not_a_name_nor_a_remedy_nor_a_business(text: str) -> None:
    assert f.clean_contact_name(text) is None
    assert f.clean_remedy(text) is None
    assert f.clean_business_name(text) is None


def test_names_phones_and_remedies_that_are_answers() -> None:
    assert f.clean_contact_name("my name is Mary Chen") == "Mary Chen"
    assert f.clean_contact_name("王小明") == "王小明"
    assert f.clean_contact_phone("王小明") is None  # a name is not a phone
    assert f.clean_remedy("希望全額退費") == "希望全額退費"
    assert f.clean_remedy("can you get my money back?") == "can you get my money back?"
    assert f.clean_description("I want to book a mediation session", strict=False) is None


def test_form_activation_keeps_the_recalled_story_over_the_opening_words() -> None:
    """Rasa re-runs the slot mappings at activation: description = "我要申訴，要求退費" again."""
    story = {"event": "user", "text": DISPUTE, "timestamp": 100, "parse_data": {}}
    opening = "我要申訴，要求退費"
    now = {"event": "user", "text": opening, "timestamp": 130, "parse_data": {}}
    again = {"event": "slot", "name": "description", "value": opening}
    slots = {"description": opening, "requested_slot": None, "language": "zh-TW"}
    t = Tracker(
        "web:1", slots, {"text": opening, "intent": {"name": "file_complaint"}},
        [story, now, again], False, None, {}, "complaint_form",
    )  # fmt: skip
    domain = {"forms": {"complaint_form": {"required_slots": list(f.FIELDS)}}}
    _, events = run(ValidateComplaintForm(), t, domain)
    assert {"event": "slot", "timestamp": None, "name": "description", "value": DISPUTE} in events


def test_a_rejected_value_for_a_field_not_asked_keeps_what_the_field_had() -> None:
    """'我要申訴，要求退費' while the business is asked: the description stays the story (and
    the remedy wished for is kept)."""
    opening = "我要申訴，要求退費"
    events: list[dict[str, Any]] = [
        {"event": "slot", "name": "description", "value": DISPUTE},
        {"event": "user", "text": opening, "timestamp": 200, "parse_data": {}},
        {"event": "slot", "name": "description", "value": opening},
        {"event": "slot", "name": "business_name", "value": opening},
    ]
    slots = {"description": opening, "business_name": opening, "requested_slot": "business_name"}
    t = Tracker(
        "web:1", slots, {"text": opening, "intent": {"name": "file_complaint"}},
        events, False, None, {"name": "complaint_form"}, "complaint_form",
    )  # fmt: skip
    domain = {"forms": {"complaint_form": {"required_slots": list(f.FIELDS)}}}
    messages, result = run(ValidateComplaintForm(), t, domain)
    values = {e["name"]: e["value"] for e in result}
    assert values == {"description": DISPUTE, "business_name": None, "desired_remedy": "refund"}
    assert [m["response"] for m in messages] == ["utter_invalid_business_name"]


def test_a_remedy_wished_for_in_passing_is_kept() -> None:
    text = "QuickBuy Ltd, and I want my money back"
    events: list[dict[str, Any]] = [
        {"event": "user", "text": text, "timestamp": 200, "parse_data": {}},
        {"event": "slot", "name": "business_name", "value": text},
    ]
    slots = {"business_name": text, "requested_slot": "business_name", "desired_remedy": None}
    t = Tracker(
        "web:1", slots, {"text": text, "intent": {"name": "inform"}},
        events, False, None, {"name": "complaint_form"}, "complaint_form",
    )  # fmt: skip
    domain = {"forms": {"complaint_form": {"required_slots": list(f.FIELDS)}}}
    _, result = run(ValidateComplaintForm(), t, domain)
    values = {e["name"]: e["value"] for e in result}
    assert values["desired_remedy"] == "refund"
