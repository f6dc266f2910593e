import pytest

from textkit.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我要申訴", "zh-TW"),
        ("網購的衣服可以退嗎?", "zh-TW"),
        ("I bought a phone on 蝦皮 and it broke", "zh-TW"),
        ("I want to file a complaint", "en"),
        ("refund pls", "en"),
        ("status of KHH-2026-000123", "en"),
        ("KHH-2026-000123 進度", "zh-TW"),
    ],
)
def test_detects_the_language_the_citizen_wrote_in(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    ["/affirm", '/inform{"slot_id":"3"}', "0912345678", "12000", "👍", "KHH-2026-000123"],
)
def test_payloads_case_numbers_and_bare_numbers_say_nothing_about_the_language(
    text: str,
) -> None:
    assert detect_language(text) is None
