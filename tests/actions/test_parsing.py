"""Pure text helpers: language, amounts, dates, phones, case numbers, categories."""

from datetime import date

import pytest

from actions.categories import normalize_category
from actions.parsing import (
    AMOUNT,
    DATE,
    detect_language,
    find_spans,
    normalize_case_number,
    normalize_phone,
    parse_amount,
    parse_date,
)

TODAY = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("我要申訴", "zh-TW"),
        ("I want to complain", "en"),
        ("hello 你好", "zh-TW"),
        ("0912345678", None),
        ("/affirm", "en"),
        ("KHH-2026-000123", None),
        ("5000", None),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3萬6千元", 36000),
        ("NT$1,200", 1200),
        ("1.5萬", 15000),
        ("5k", 5000),
        ("三千元", 3000),
        ("800", 800),
        ("三萬五千", 35000),
        ("2萬元", 20000),
        ("about 3000 dollars", None),
        ("abc", None),
    ],
)
def test_parse_amount(text, value):
    assert parse_amount(text) == value


def test_amount_spans_in_a_story():
    spans = find_spans(AMOUNT, "花了3萬6千元，另外付了NT$1,200")
    assert [s.text for s in spans] == ["3萬6千元", "NT$1,200"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024年3月5日", date(2024, 3, 5)),
        ("113年3月5日", date(2024, 3, 5)),
        ("3月5號", date(2026, 3, 5)),
        ("12/25", date(2025, 12, 25)),
        ("March 5, 2024", date(2024, 3, 5)),
        ("5th of June", date(2025, 6, 5)),
        ("昨天", date(2026, 4, 30)),
        ("2025-02-30", None),
        ("hello", None),
    ],
)
def test_parse_date(text, value):
    assert parse_date(text, TODAY) == value


def test_date_spans():
    assert [s.text for s in find_spans(DATE, "2024年3月5日簽約, last week")] == [
        "2024年3月5日",
        "last week",
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0912-345-678", "0912345678"),
        ("+886 912 345 678", "0912345678"),
        ("07-1234567", "071234567"),
        ("(02)2345-6789", "0223456789"),
        ("12345", None),
        ("0112345678", None),
    ],
)
def test_normalize_phone(text, value):
    assert normalize_phone(text) == value


def test_case_number():
    assert normalize_case_number("我的案件 khh-2026-000123 呢") == "KHH-2026-000123"
    assert normalize_case_number("沒有編號") is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("健身房", "gym"),
        ("ecommerce", "ecommerce"),
        ("在蝦皮買的", "ecommerce"),
        ("補習班", "education"),
        ("其他", "other"),
        ("Online shopping", "ecommerce"),
        ("??", None),
    ],
)
def test_normalize_category(text, key):
    assert normalize_category(text) == key
