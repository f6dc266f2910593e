"""What a citizen's story tells: English business names, category, remedy wanted, whether it
is a personal dispute, and replies that are plainly not an answer to a form question."""

import pytest

from textkit.amounts import AMOUNT
from textkit.answers import asks_for_another_service, could_be_a_name, is_not_an_answer
from textkit.business_names import find_business_name, find_english_business_name
from textkit.categories import find_category
from textkit.disputes import dispute_signals, is_personal_dispute
from textkit.remedies import find_remedy
from textkit.spans import find_spans

STORY_EN = (
    "I bought a phone online from QuickBuy Ltd on Nov 3 for NT$12,000 and it broke after two days"
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (STORY_EN, "QuickBuy Ltd"),
        ("I signed up at Sunny Gym last month", "Sunny Gym"),
        ("I booked a tour with Happy Travel Agency and they cancelled", "Happy Travel Agency"),
        ("a complaint against FitLife", "FitLife"),
        ("Acme Co. sold me a broken fridge", "Acme Co"),
        ("I paid at 7-Eleven", "7-Eleven"),
        ("from Nov 3 to Nov 5", None),
        ("I live in Kaohsiung and shop at Taipei", None),
        ("the shop won't refund me", None),
        ("I want to book a mediation session", None),
    ],
)
def test_english_business_names(text: str, name: str | None) -> None:
    found = find_english_business_name(text)
    assert (found.text if found else None) == name


def test_find_business_name_prefers_the_chinese_ending_then_english() -> None:
    found = find_business_name("我跟快樂旅行社報名，also paid at Sunny Gym")
    assert found and found.text == "快樂旅行社"
    found = find_business_name(STORY_EN)
    assert found and found.text == "QuickBuy Ltd"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (STORY_EN, "ecommerce"),
        ("我在網路上買了一件外套，收到後第三天想退貨", "ecommerce"),
        ("我在網路買了一支手機", "ecommerce"),  # the story, not the goods (手機 → telecom)
        ("我的手機門號被多收錢", "telecom"),
        ("健身房倒閉了，預付的錢怎麼辦？", "gym"),
    ],
)
def test_category_from_the_story(text: str, category: str) -> None:
    assert find_category(text) == category


@pytest.mark.parametrize(
    ("text", "remedy"),
    [
        ("我要申訴要求退費", "refund"),
        ("I want my money back", "refund"),
        ("I want a refund", "refund"),
        ("can I get a full refund?", "refund"),
        ("希望業者換一個新的給我", "exchange_or_repair"),
        ("I would like them to repair it", "exchange_or_repair"),
        ("我要求賠償", "compensation"),
        ("我想解除契約", "cancel_contract"),
        # what the business refused is not a wish
        ("補習班不肯退費", None),
        ("they refuse to refund me", None),
        ("賣家說特價品不能退，怎麼辦", None),
        ("I want to file a complaint", None),
    ],
)
def test_remedy_from_the_words(text: str, remedy: str | None) -> None:
    assert find_remedy(text) == remedy


@pytest.mark.parametrize(
    ("text", "dispute"),
    [
        ("我在網路上買了一件外套，收到後第三天想退貨，賣家說特價品不能退，怎麼辦？", True),
        ("健身房倒閉了，預付的錢怎麼辦？", True),
        ("網購的衣服收到第三天想退，賣家說特價品不適用七天鑑賞期，這樣合法嗎？", True),
        ("The gym closed down and I prepaid NT$20,000, what can I do?", True),
        (STORY_EN, True),
        ("網購有七天鑑賞期嗎", False),
        ("健身房可以暫停會籍嗎", False),
        ("how many days do I have to return an online order?", False),
        ("調解要不要錢", False),
        ("禮券可以有使用期限嗎", False),
    ],
)
def test_personal_dispute(text: str, dispute: bool) -> None:
    assert is_personal_dispute(dispute_signals(text)) is dispute


@pytest.mark.parametrize(
    ("text", "not_answer", "name"),
    [
        ("I want to book a mediation session", True, False),
        ("what is the status of my case?", True, False),
        ("我要查案件進度", True, False),
        ("let me talk to a real person", True, False),
        ("王小明", False, True),
        ("John Smith", False, True),
        ("全額退費", False, True),
        ("I want my money back", False, False),  # a fine remedy, not a name
        ("0912345678", False, False),
    ],
)
def test_not_an_answer(text: str, not_answer: bool, name: bool) -> None:
    assert is_not_an_answer(text) is not_answer
    assert could_be_a_name(text) is name


def test_another_service_needs_a_request_or_question() -> None:
    assert asks_for_another_service("can I book mediation?")
    assert not asks_for_another_service("the gym staff were rude")


def test_an_amount_ends_before_a_trailing_comma() -> None:
    spans = find_spans(AMOUNT, "The gym closed and I prepaid NT$20,000, what can I do?")
    assert [span.text for span in spans] == ["NT$20,000"]
