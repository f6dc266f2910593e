"""The one language detector: which language the citizen wrote in.

Any CJK ideograph means Traditional Chinese; Latin words mean English; a text that says
nothing about its language — a button payload like `/affirm`, a bare case number, a phone
number, an amount, an emoji — gives None, and the conversation keeps the language it had
(so answering "12000" or tapping a button never flips a Chinese conversation to English).
"""

from __future__ import annotations

import re

from textkit.case_numbers import CASE_NUMBER

ZH = "zh-TW"
EN = "en"
LANGUAGES = (ZH, EN)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str) -> str | None:
    """zh-TW, en, or None when the text carries no language signal."""
    if CJK.search(text):
        return ZH
    if text.startswith("/"):
        return None
    # Case numbers (KHH-2026-000123) carry Latin letters but no language.
    if _LATIN_WORD.search(CASE_NUMBER.sub(" ", text)):
        return EN
    return None
