"""Which language the citizen wrote in: any CJK ideograph means Traditional Chinese."""

import re

ZH = "zh-TW"
EN = "en"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def detect(text: str, *, previous: str | None = None) -> str:
    """zh-TW or en; text with no letters at all (a sticker, `/affirm`, digits) keeps the
    previous language so a button press doesn't flip the conversation to English."""
    if _CJK.search(text):
        return ZH
    if previous and (text.startswith("/") or not re.search(r"[A-Za-z]{2,}", text)):
        return previous
    return EN
