"""The one language detector: which language the citizen wrote in.

Any CJK ideograph means Traditional Chinese; Latin words mean English; a text that says
nothing about its language — a button payload like `/affirm`, a bare case number, a phone
number, an amount, an emoji — gives None, and the conversation keeps the language it had
(so answering "12000" or tapping a button never flips a Chinese conversation to English).
"""

from __future__ import annotations

import re

ZH = "zh-TW"
EN = "en"
LANGUAGES = (ZH, EN)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Case numbers (KHH-2026-000123) carry Latin letters but no language.
_CASE_NUMBER = re.compile(r"\bKHH[-\s]?\d{4}[-\s]?\d{6}\b", re.IGNORECASE)


def detect_language(text: str) -> str | None:
    """zh-TW, en, or None when the text carries no language signal."""
    if CJK.search(text):
        return ZH
    if text.startswith("/"):
        return None
    if _LATIN_WORD.search(_CASE_NUMBER.sub(" ", text)):
        return EN
    return None
