"""The remedy a citizen asks for, from their own words: 要求退費, "I want my money back".

Only a wish counts: "賣家不肯退費" tells what the business refused, "我要求退費" what the
citizen wants. The keys are the complaint form's remedy buttons (refund, exchange_or_repair,
cancel_contract, compensation).
"""

from __future__ import annotations

import re

REMEDY_WORDS = {
    "refund": (
        r"全額退費|退費|退款|退錢|退還|退貨|退我錢|拿回錢|把錢退|錢退回|"
        r"money back|refund|reimburse"
    ),
    "exchange_or_repair": (
        r"換貨|換新|換一個|維修|修理|修好|exchange|replace|replacement|repair|fix"
    ),
    "cancel_contract": (
        r"解約|解除契約|解除合約|終止契約|終止合約|取消合約|取消會籍|"
        r"cancel (?:the |my )?(?:contract|membership|subscription)|terminate"
    ),
    "compensation": r"賠償|賠錢|compensat\w*|damages",
}
# A wish, then the remedy within a few characters (Chinese) or words (English).
_ZH_WISH = r"(?<![不沒別])(?:要求|希望|想要|想|要|請|申請)"
_EN_WISH = r"\b(?:want|wants|would like|'d like|demand|demanding|ask(?:ing)? for|need|request)\b"
_REMEDY_AFTER_WISH = {
    key: re.compile(
        _ZH_WISH + r"[^，。！？,.!?]{0,6}?(?:" + words + r")"
        r"|" + _EN_WISH + r"(?:\s+\S+){0,4}?\s+(?:" + words + r")"
        r"|\b(?:full refund|my money back)\b",
        re.IGNORECASE,
    )
    for key, words in REMEDY_WORDS.items()
}


def find_remedy(text: str) -> str | None:
    """The remedy key the citizen asks for, or None when they ask for none."""
    for key, pattern in _REMEDY_AFTER_WISH.items():
        if pattern.search(text or ""):
            return key
    return None
