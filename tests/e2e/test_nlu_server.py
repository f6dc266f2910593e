"""The trained model as the Rasa server serves it: Chinese is cut with our domain
dictionary (nlu/jieba), and a business name the model tags is the whole name."""

from typing import Any

import httpx
import pytest

from scripts.stack import Stack

pytestmark = pytest.mark.e2e


def parse(stack: Stack, text: str) -> dict[str, Any]:
    response = httpx.post(
        f"{stack.config.rasa_url}/model/parse",
        params={"token": stack.config.rasa_token},
        json={"text": text},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.parametrize("word", ["定型化契約", "鑑賞期", "消保官", "補習班", "預售屋"])
def test_domain_words_are_single_tokens(desk_stack: Stack, word: str) -> None:
    text = f"請問{word}的規定"
    start = text.index(word)
    tokens = [tuple(span) for span in parse(desk_stack, text)["text_tokens"]]
    assert (start, start + len(word)) in tokens, tokens


def test_a_business_name_is_extracted_whole(desk_stack: Stack) -> None:
    text = "我上週跟快樂旅行社報名日本團，付了3萬5千元，結果團取消了卻不退錢，我要申訴"
    result = parse(desk_stack, text)
    names = [e["value"] for e in result["entities"] if e["entity"] == "business_name"]
    assert result["intent"]["name"] == "file_complaint"
    assert names == ["快樂旅行社"], result["entities"]


def pattern_entities(result: dict[str, Any]) -> dict[str, str]:
    """The entities our pipeline component adds (textkit's patterns and vocabularies)."""
    return {
        e["entity"]: e["value"]
        for e in result["entities"]
        if e.get("extractor") == "DeskPatternExtractor" and e["entity"] != "business_name"
    }


def test_language_category_amount_and_phone_come_from_textkit(desk_stack: Stack) -> None:
    text = "I bought shoes on shopee for NT$1,200 and they broke; call me at 0912-345-678"
    result = parse(desk_stack, text)
    assert pattern_entities(result) == {
        "language": "en",
        "category": "ecommerce",
        "amount": "NT$1,200",
        "contact_phone": "0912-345-678",
    }


def test_a_bare_case_number_says_nothing_about_the_language(desk_stack: Stack) -> None:
    result = parse(desk_stack, "KHH-2026-000123")
    assert pattern_entities(result) == {"case_number": "KHH-2026-000123"}
