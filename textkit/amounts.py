"""NTD amounts as citizens write them: 3萬6千元, NT$1,200, 1.5萬, 5k, 三千元, 800."""

from __future__ import annotations

import re

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
# Thousands separators only between digits: "NT$20,000," ends before its comma.
_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUM = r"(?:" + _DIGITS + r"|[零〇一二兩两三四五六七八九十百千]+)"
AMOUNT = re.compile(
    r"(?:NT\$|NTD|TWD|\$|新台幣|新臺幣|台幣|臺幣)\s?" + _DIGITS + r"(?:\s?[kK萬万千])?"
    r"|" + _NUM + r"(?:\s?[萬万](?:" + _NUM + r"[千]?)?|\s?千)?"
    r"\s?(?:元|塊錢|塊|NTD|TWD|dollars?|NT)"
    r"|" + _DIGITS + r"\s?[萬万]",
    re.IGNORECASE,
)


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
