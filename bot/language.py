"""Which language the citizen wrote in: any CJK ideograph means Traditional Chinese."""

import re

ZH = "zh-TW"
EN = "en"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def detect(text: str) -> str | None:
    """zh-TW or en; None when the text says nothing about its language (a button payload
    like `/affirm`, a phone number, an amount, an emoji) — the conversation then keeps the
    language it had, so answering "12000" never flips a Chinese conversation to English."""
    if _CJK.search(text):
        return ZH
    if text.startswith("/") or not re.search(r"[A-Za-z]{2,}", text):
        return None
    return EN
