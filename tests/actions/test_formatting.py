"""FAQ topic selection and case status wording."""

from actions.faq import faq_topic, format_answer
from actions.status import describe_case


def test_faq_topic_from_response_selector() -> None:
    message = {
        "response_selector": {"faq": {"response": {"intent_response_key": "faq/cooling_off"}}}
    }
    assert faq_topic(message) == "cooling_off"
    assert faq_topic({"response_selector": {}}) is None


def test_faq_answer_names_the_article() -> None:
    entry = {"question": "Q", "answer": "A", "article": "Art. 19"}
    assert format_answer(entry, "en") == "Q\nA\n(Legal basis: Art. 19)"


CASE = {
    "number": "KHH-2026-000123",
    "business_name": "健身工廠",
    "category": "gym",
    "status_label_zh": "已轉業者",
    "status_label_en": "Forwarded to the business",
    "next_step_zh": "業者需於 2026-05-16 前回覆",
    "next_step_en": "Reply due by 2026-05-16",
}


def test_describe_case_uses_next_step_from_the_api() -> None:
    assert "下一步：業者需於 2026-05-16 前回覆" in describe_case(CASE, "zh-TW")
    assert "Next: Reply due by 2026-05-16" in describe_case(CASE, "en")
