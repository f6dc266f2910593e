"""Pure text helpers shared by the NLU pattern extractor and the form validation.

Nothing here imports Rasa, so the functions are unit-tested on their own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CASE_NUMBER = re.compile(r"\b(KHH)[-\s]?(\d{4})[-\s]?(\d{6})\b", re.IGNORECASE)
PHONE = re.compile(
    r"(?<!\d)(?:\+886[-\s]?|886[-\s]?)?0?9\d{2}[-\s]?\d{3}[-\s]?\d{3}(?!\d)"
    r"|(?<!\d)\(?0[2-8]\)?[-\s]?\d{3,4}[-\s]?\d{4}(?!\d)"
)
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "萬": 10000, "万": 10000}
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|[零〇一二兩两三四五六七八九十百千]+)"
AMOUNT = re.compile(
    r"(?:NT\$|NTD|TWD|\$|新台幣|新臺幣|台幣|臺幣)\s?" + r"\d[\d,]*(?:\.\d+)?(?:\s?[kK萬万千])?"
    r"|" + _NUM + r"(?:\s?[萬万](?:" + _NUM + r"[千]?)?|\s?千)?"
    r"\s?(?:元|塊錢|塊|NTD|TWD|dollars?|NT)"
    r"|" + r"\d[\d,]*(?:\.\d+)?\s?[萬万]",
    re.IGNORECASE,
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_EN_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = re.compile(
    r"(?:民國\s?)?\d{2,4}\s?[年/.\-]\s?\d{1,2}\s?[月/.\-]\s?\d{1,2}\s?[日號号]?"
    r"|\d{1,2}\s?月\s?\d{1,2}\s?[日號号]"
    r"|(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])"
    r"|" + _EN_MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _EN_MONTH + r"(?:,?\s+\d{4})?"
    r"|前天|昨天|今天|上週|上周|上禮拜|上星期|上個月|上个月"
    r"|the day before yesterday|yesterday|today|last week|last month",
    re.IGNORECASE,
)


class Span(NamedTuple):
    """A match of a pattern inside a text."""

    start: int
    end: int
    text: str


def detect_language(text: str) -> str | None:
    """zh-TW when the text has a CJK ideograph, en when it has Latin words, else None."""
    if CJK.search(text):
        return "zh-TW"
    if LATIN_WORD.search(CASE_NUMBER.sub(" ", text)):
        return "en"
    return None


def find_spans(pattern: re.Pattern[str], text: str) -> list[Span]:
    """All non-empty matches of a pattern."""
    return [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text) if m.group(0)]


def normalize_case_number(text: str) -> str | None:
    """'khh 2026 000123' -> 'KHH-2026-000123'."""
    m = CASE_NUMBER.search(text or "")
    return f"KHH-{m.group(2)}-{m.group(3)}" if m else None


def normalize_phone(text: str) -> str | None:
    """A Taiwanese mobile (09xxxxxxxx) or landline (0x-xxxxxxx), digits only, else None."""
    digits = re.sub(r"[^\d+]", "", text or "")
    digits = re.sub(r"^\+?886", "0", digits)
    if not digits.startswith("0"):
        digits = "0" + digits if digits.startswith("9") and len(digits) == 9 else digits
    if re.fullmatch(r"09\d{8}", digits) or re.fullmatch(r"0[2-8]\d{7,8}", digits):
        return digits
    return None


def _zh_number(text: str) -> int | None:
    """Chinese numerals up to the ten-thousands: '三萬五千' -> 35000."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            unit = _ZH_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0)


_CURRENCY_WORDS = (
    r"(nt\$|ntd|twd|\$|新台幣|新臺幣|台幣|臺幣|元|塊錢|塊|dollars?|nt"
    r"|整|左右|大約|約)"
)


def parse_amount(text: str) -> int | None:
    """An NTD amount from '3萬6千元', 'NT$1,200', '1.5萬', '5k', '三千元', '800'; else None."""
    t = (text or "").strip().lower().replace(",", "").replace("，", "")
    t = re.sub(_CURRENCY_WORDS, "", t)
    t = t.strip()
    if not t:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([k萬万千])?(?:(\d+)\s*千?)?", t)
    if m:
        value = (
            float(m.group(1))
            * {"k": 1000, "千": 1000, "萬": 10000, "万": 10000, None: 1}[m.group(2)]
        )
        if m.group(3):
            rest = int(m.group(3))
            value += rest * 1000 if m.group(2) in ("萬", "万") and rest < 10 else rest
        return round(value)
    if re.fullmatch(r"\d+\s*[萬万]\s*[一二兩三四五六七八九]千?", t):
        head, tail = re.split(r"[萬万]", t)
        return int(head) * 10000 + (_zh_number(tail.strip()) or 0) * (1000 if len(tail) < 2 else 1)
    return _zh_number(t)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _relative_date(t: str, today: date) -> date | None:
    table = {
        "前天": 2,
        "the day before yesterday": 2,
        "昨天": 1,
        "yesterday": 1,
        "今天": 0,
        "today": 0,
        "上週": 7,
        "上周": 7,
        "上禮拜": 7,
        "上星期": 7,
        "last week": 7,
        "上個月": 30,
        "上个月": 30,
        "last month": 30,
    }
    for word, days in table.items():
        if word in t:
            return today - timedelta(days=days)
    return None


def _year_of(raw: str, today: date) -> int:
    year = int(raw)
    if year < 200:  # ROC (民國) year
        year += 1911
    return year


def parse_date(text: str, today: date) -> date | None:
    """A real calendar date from Chinese, ROC, ISO, slash or English forms; else None."""
    t = (text or "").strip().lower()
    m = re.search(r"(\d{2,4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})", t)
    if m:
        return _safe_date(_year_of(m.group(1), today), int(m.group(2)), int(m.group(3)))
    m = re.search(r"(\d{1,2})\s*月\s*(\d{1,2})", t) or re.fullmatch(r"(\d{1,2})/(\d{1,2})", t)
    if m:
        return _latest_past(today, int(m.group(1)), int(m.group(2)))
    m = re.search(_EN_MONTH_GROUPS, t)
    if m:
        month = _MONTHS[(m.group("m1") or m.group("m2"))[:3]]
        day = int(m.group("d1") or m.group("d2"))
        year = m.group("y1") or m.group("y2")
        if year:
            return _safe_date(int(year), month, day)
        return _latest_past(today, month, day)
    return _relative_date(t, today)


_EN_MONTH_GROUPS = re.compile(
    r"(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d1>\d{1,2})"
    r"(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{4}))?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec)[a-z]*\.?(?:,?\s+(?P<y2>\d{4}))?"
)


def _latest_past(today: date, month: int, day: int) -> date | None:
    """A month/day without a year: this year, or last year when that would be in the future."""
    found = _safe_date(today.year, month, day)
    if found and found > today:
        found = _safe_date(today.year - 1, month, day)
    return found
