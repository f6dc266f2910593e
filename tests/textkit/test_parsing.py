"""Pure text helpers: amounts, dates, phones, case numbers, categories."""

from datetime import date

import pytest

from textkit.amounts import AMOUNT, parse_amount
from textkit.case_numbers import normalize_case_number
from textkit.categories import category_label, normalize_category
from textkit.dates import DATE, parse_date
from textkit.phones import normalize_phone
from textkit.spans import find_spans

TODAY = date(2026, 5, 1)


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
def test_parse_amount(text: str, value: int | None) -> None:
    assert parse_amount(text) == value


def test_amount_spans_in_a_story() -> None:
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
def test_parse_date(text: str, value: date | None) -> None:
    assert parse_date(text, TODAY) == value


def test_date_spans() -> None:
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
def test_normalize_phone(text: str, value: str | None) -> None:
    assert normalize_phone(text) == value


def test_case_number() -> None:
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
def test_normalize_category(text: str, key: str | None) -> None:
    assert normalize_category(text) == key


def test_category_label_in_the_citizens_language() -> None:
    assert category_label("gym", "zh-TW") == "健身房"
    assert category_label("gym", "en") == "Gym"
    assert category_label("no-such-key", "en") == "Other"
