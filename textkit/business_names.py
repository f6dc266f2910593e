"""Chinese business names in free text: the whole name when a model tagged only its tail, and
a guess by the name's ending when it tagged none."""

from __future__ import annotations

import re

from textkit.language import CJK
from textkit.spans import Span

# Characters that end a Chinese business name on its left: prepositions, verbs and pronouns
# that introduce it ("跟快樂旅行社", "申訴美美診所", "在阿明機車行", "退健身房").
_NAME_BOUNDARY = set(
    "跟在向對去到找於和與被從給讓叫的了是家間買訂報我你他她們這那個裡就也都還又說要想訴告舉"
    "退辦參加入問換修送付繳住搭用吃看逛租約請幫把由經等"
)
_NAME_MAX = 20
# Words Chinese business names end with; a name is such a word with something before it.
_SUFFIX_WORDS = """
旅行社 補習班 文理補習班 安親班 才藝班 駕訓班 健身房 健身中心 俱樂部 工作室 購物網
手機行 通訊行 機車行 車行 保養廠 修車廠 診所 公司 建設 婚紗 家電 家具行 電器行
眼鏡行 美容院 髮廊 髮藝 餐廳 飯店 旅館 超市 百貨 商行 小舖 商店 店
"""
_SUFFIXES = _SUFFIX_WORDS.split()
# …but not the start of another word: 店家, 店員, 店長, 店裡, 公司內, 診所門口.
_BUSINESS_SUFFIX = re.compile(
    "(?:" + "|".join(sorted(_SUFFIXES, key=len, reverse=True)) + ")(?![家員長裡內面門])"
)


def widen_business_name(text: str, start: int, end: int) -> int:
    """The start of the whole name when a model tagged only its tail ("旅行社" of 快樂旅行社)."""
    while (
        start > 0
        and end - start < _NAME_MAX
        and CJK.match(text[start - 1])
        and text[start - 1] not in _NAME_BOUNDARY
    ):
        start -= 1
    return start


def find_business_name(text: str) -> Span | None:
    """A Chinese business name by its ending (阿明機車行, 明光文理補習班); a bare 旅行社 is none."""
    for match in _BUSINESS_SUFFIX.finditer(text):
        start = widen_business_name(text, match.start(), match.end())
        if start < match.start():
            return Span(start, match.end(), text[start : match.end()])
    return None
