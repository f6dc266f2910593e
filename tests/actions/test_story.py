"""A story is told once: the recent conversation prefills the complaint form; a dispute is
recognised; the classifier's hesitation is read from the intent ranking."""

from datetime import date
from typing import Any

from actions.story import recall_story, recent_messages, runner_up, tells_a_dispute

TODAY = date(2026, 11, 29)
STORY_EN = (
    "I bought a phone online from QuickBuy Ltd on Nov 3 for NT$12,000 and it broke after two days"
)
STORY_ZH = "我在網路上買了一件外套，收到後第三天想退貨，賣家說特價品不能退，怎麼辦？"


def user(text: str, intent: str, at: float, **entities: str) -> dict[str, Any]:
    found = [{"entity": name, "value": value} for name, value in entities.items()]
    parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": found, "text": text}
    return {"event": "user", "text": text, "timestamp": at, "parse_data": parse}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def test_an_english_story_then_a_complaint_prefills_everything_it_told() -> None:
    events = [
        {"event": "session_started"},
        user(STORY_EN, "faq", 1000, amount="NT$12,000", purchase_date="Nov 3"),
        action("action_answer_faq"),
        user("I want to file a complaint", "file_complaint", 1060),
    ]
    told = recall_story(events, TODAY)
    assert told == {
        "business_name": "QuickBuy Ltd",
        "category": "ecommerce",
        "purchase_date": "2026-11-03",
        "amount": "12000",
        "description": STORY_EN,
    }


def test_the_remedy_in_the_complaint_message_and_the_story_before_it() -> None:
    events = [
        user(STORY_ZH, "faq", 1000),
        action("action_answer_faq"),
        user("我要申訴要求退費", "file_complaint", 1030),
    ]
    told = recall_story(events, TODAY)
    assert told["desired_remedy"] == "refund"
    assert told["category"] == "ecommerce"
    assert told["description"] == STORY_ZH


def test_the_newest_value_wins_and_the_stories_join_oldest_first() -> None:
    first = "我在陽光健身房繳了一年會費12000元，兩週後店家倒閉了"
    second = "後來老闆說只能退6000元，其他的不退，我覺得很不合理"
    events = [
        user(first, "faq", 1000, amount="12000元"),
        user(second, "faq", 1100, amount="6000元"),
        user("/file_complaint", "file_complaint", 1200),
    ]
    told = recall_story(events, TODAY)
    assert told["amount"] == "6000"
    assert told["business_name"] == "陽光健身房"
    assert told["description"] == f"{first} {second}"


def test_the_window_ends_at_the_last_intake_and_skips_other_business() -> None:
    events = [
        user(STORY_EN, "faq", 1000, amount="NT$12,000"),
        action("action_submit_complaint"),
        user("what is the status of KHH-2026-000123? I paid NT$5,000", "check_case_status", 1100),
        user("我要申訴", "file_complaint", 1200),
    ]
    assert recall_story(events, TODAY) == {}


def test_old_or_distant_turns_are_forgotten() -> None:
    old = [user(STORY_EN, "faq", 0), user("我要申訴", "file_complaint", 3 * 3600)]
    assert recall_story(old, TODAY) == {}
    many = [user(STORY_EN, "faq", 1000)] + [user("你好", "greet", 1001 + i) for i in range(4)]
    assert len(recent_messages([*many, user("我要申訴", "file_complaint", 1100)])) == 1


def test_a_general_question_is_not_a_story() -> None:
    events = [user("網購有七天鑑賞期嗎", "faq", 1000), user("我要申訴", "file_complaint", 1010)]
    assert recall_story(events, TODAY) == {}


def test_tells_a_dispute_counts_the_nlu_entities() -> None:
    assert tells_a_dispute({"text": STORY_ZH})
    assert tells_a_dispute({"text": "健身房倒閉了，預付的錢怎麼辦？"})
    assert not tells_a_dispute({"text": "網購有七天鑑賞期嗎"})
    found = [{"entity": "business_name", "value": "快樂旅行社"}]
    assert tells_a_dispute({"text": "快樂旅行社不退", "entities": found})


def test_runner_up_within_the_margin() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.55},
        {"name": "faq", "confidence": 0.48},
        {"name": "file_complaint", "confidence": 0.41},
    ]
    assert runner_up({"intent_ranking": ranking}, "faq") == "file_complaint"
    assert runner_up({"intent_ranking": ranking}, "file_complaint") is None
    far = [{"name": "faq", "confidence": 0.9}, {"name": "file_complaint", "confidence": 0.05}]
    assert runner_up({"intent_ranking": far}, "faq") is None


def test_a_complaint_nearly_read_as_a_question() -> None:
    ranking = [{"name": "file_complaint", "confidence": 0.6}, {"name": "faq", "confidence": 0.38}]
    assert runner_up({"intent_ranking": ranking}, "file_complaint") == "faq"
