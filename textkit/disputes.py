"""Does a message tell a personal consumer dispute, or ask a general question?

"網購有七天鑑賞期嗎" asks about the law; "我在網路上買了外套，賣家說特價品不能退，怎麼辦？"
tells a dispute that the law's answer alone does not settle. The signals are words; the
actions add what the NLU found (a business name, an amount entity).
"""

from __future__ import annotations

import re

from textkit.amounts import AMOUNT
from textkit.business_names import find_business_name

BUSINESS = "business"
MONEY = "money"
LOSS = "loss"
REFUSAL = "refusal"
PERSONAL = "personal"

_SIGNALS = {
    BUSINESS: (
        r"店家|賣家|業者|商家|老闆|廠商|公司|健身房|旅行社|補習班|房東|建商|車行|診所|餐廳|網店|"
        r"\b(?:seller|shop|store|company|business|gym|agency|landlord|dealer|merchant|vendor"
        r"|clinic|restaurant|garage|airline|hotel)\b"
    ),
    MONEY: (
        r"付了|繳了|花了|刷了|匯了|預付|儲值|訂金|定金|押金|會費|學費|團費|的錢|錢|"
        r"\b(?:paid|pay|prepaid|deposit|charged|fee|fees|my money|spent)\b"
    ),
    LOSS: (
        r"倒閉|跑路|歇業|關門|壞了|壞掉|故障|瑕疵|沒收到|沒寄|不見|詐騙|被騙|多收|亂收|取消了|"
        r"\b(?:broke|broken|defective|never arrived|closed down|shut down|went bankrupt|bankrupt"
        r"|scam|scammed|damaged|overcharged|cancell?ed|stopped working|fake)\b"
    ),
    REFUSAL: (
        r"不退|不肯|拒絕|不給|不能退|不讓|不處理|不理|不回|不願|推託|不承認|不賠|"
        r"說[^，。？！,.?!]{0,8}(?:不|沒有|沒辦法|無法)|"  # 賣家說特價品不適用…
        r"\b(?:refuse|refused|refuses|won't|will not|wouldn't|denied|deny|ignor\w*"
        r"|no response|not respond\w*|not answer\w*|said no|says no"
        r"|says? (?:i|we) (?:can't|cannot))\b"
    ),
    PERSONAL: (
        r"我|我們|買了|買的|報名|簽了|訂了|收到|想退|"
        r"\b(?:i|my|me|we|our|i've|i'm|bought|ordered|signed|booked|purchased)\b"
    ),
}
_PATTERNS = {name: re.compile(words, re.IGNORECASE) for name, words in _SIGNALS.items()}


def dispute_signals(text: str) -> set[str]:
    """Which kinds of dispute signal the text carries."""
    found = {name for name, pattern in _PATTERNS.items() if pattern.search(text or "")}
    if find_business_name(text or ""):
        found.add(BUSINESS)
    if AMOUNT.search(text or ""):
        found.add(MONEY)
    return found


def is_personal_dispute(signals: set[str]) -> bool:
    """Two of business / money / loss / refusal, told as one's own (or refused outright)."""
    facts = len(signals & {BUSINESS, MONEY, LOSS, REFUSAL})
    return facts >= 2 and bool(signals & {PERSONAL, REFUSAL, MONEY})
