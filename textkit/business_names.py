"""Business names in free text: the whole Chinese name when a model tagged only its tail, a
guess by a Chinese name's ending when it tagged none, and English names ("from QuickBuy Ltd",
"at Sunny Gym")."""

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
    """A Chinese business name by its ending (阿明機車行, 明光文理補習班; a bare 旅行社 is
    none), else an English one (QuickBuy Ltd)."""
    for match in _BUSINESS_SUFFIX.finditer(text):
        start = widen_business_name(text, match.start(), match.end())
        if start < match.start():
            return Span(start, match.end(), text[start : match.end()])
    return find_english_business_name(text)


# English names: a run of capitalised words after a preposition ("bought it from QuickBuy Ltd",
# "at Sunny Gym", "against FitLife"), or a run ending in a company word anywhere ("Acme Co").
_EN_WORD = r"(?:[A-Z0-9][\w&'.-]*[A-Za-z][\w&'.-]*|[A-Z][\w&'.-]*)"
_EN_RUN = _EN_WORD + r"(?:\s+(?:&\s+|(?:of|and|the)\s+)?" + _EN_WORD + r")*"
_EN_AFTER_PREPOSITION = re.compile(
    r"\b(?:from|at|with|against|by|to|called|named)\s+(?:the\s+)?(" + _EN_RUN + ")"
)
_EN_COMPANY_WORDS = (
    "Ltd|Inc|Co|Corp|Corporation|Company|Limited|LLC|Gym|Fitness|Travel|Tours?|Agency|Shop"
    "|Store|Mall|Clinic|Telecom|Motors|Academy|School|Hotel|Restaurant|Salon|Studio|Mobile"
)
_EN_WITH_COMPANY_WORD = re.compile(
    r"(" + _EN_WORD + r"(?:\s+" + _EN_WORD + r")*?\s+(?:" + _EN_COMPANY_WORDS + r"))\b\.?"
)
# Capitalised words that are not businesses: months, days, places, currencies, pronouns.
_NOT_NAME_WORDS = """
I I'm I've Jan January Feb February Mar March Apr April May Jun June Jul July Aug August
    Sep Sept September Oct October Nov November Dec December Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday Taiwan Kaohsiung Taipei Taichung Tainan NT NTD TWD USD Dollars
    The A An It My We You He She They This That"""
_NOT_NAMES = set(_NOT_NAME_WORDS.split())


def _english_name(run: str) -> str | None:
    """The run without a leading or trailing word that cannot be part of a name."""
    words = run.rstrip(".").split()
    while words and words[0] in _NOT_NAMES:
        words.pop(0)
    while words and words[-1] in {"&", "of", "and", "the"} | _NOT_NAMES:
        words.pop()
    name = " ".join(words)
    return name if len(name) >= 2 and not name.isdigit() else None


def find_english_business_name(text: str) -> Span | None:
    """An English business name: after from/at/with/against, or ending in Ltd, Gym, Travel…"""
    for pattern in (_EN_AFTER_PREPOSITION, _EN_WITH_COMPANY_WORD):
        for match in pattern.finditer(text):
            name = _english_name(match.group(1))
            if name:
                start = text.index(name, match.start(1))
                return Span(start, start + len(name), name)
    return None
