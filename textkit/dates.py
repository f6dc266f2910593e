"""Purchase dates as citizens write them: 2024年3月5日, 民國113年3月5日, 3/5, March 5, 昨天."""

from __future__ import annotations

import re
from datetime import date, timedelta

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
