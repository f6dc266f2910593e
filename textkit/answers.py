"""Is a reply to a form question plainly not an answer to it?

Asked for a name, "I want to book a mediation session" is a request, not a name; asked for the
remedy wanted, "what is the status of my case?" is a question about something else.
"""

from __future__ import annotations

import re

from textkit.language import CJK

# The desk's other services: a reply naming one is about that service, not the field asked.
_OTHER_SERVICE = re.compile(
    r"進度|案件|案號|調解|預約|改期|真人|客服|專員|轉接|"
    r"\b(?:status|my case|case number|mediation|book(?:ing)?|reschedule|appointment"
    r"|human|a person|real person|agent|staff|operator)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"[?？]\s*$|嗎\s*$|呢\s*$|怎麼|如何|什麼|為什麼|多久|哪裡|能不能|可不可以|"
    r"^\s*(?:what|how|when|where|why|who|which|can|could|is|are|do|does|will|would|should)\b",
    re.IGNORECASE,
)
# Wanting or asking for something: a sentence, never a person's name.
_REQUEST = re.compile(
    r"我要|我想|想要|請問|請你|麻煩|幫我|可以幫|"
    r"\b(?:i want|i'd like|i would like|please|can you|could you|i need|let me|help me)\b",
    re.IGNORECASE,
)
_MAX_NAME_WORDS = 5
_MAX_NAME_CJK = 8


def is_question(text: str) -> bool:
    """A question rather than a statement."""
    return bool(_QUESTION.search(text or ""))


def asks_for_another_service(text: str) -> bool:
    """A question or request about case status, mediation or a person."""
    value = text or ""
    return bool(_OTHER_SERVICE.search(value)) and bool(
        _QUESTION.search(value) or _REQUEST.search(value)
    )


def is_request(text: str) -> bool:
    """Wanting or asking for something ("I want to…", "請幫我…")."""
    return bool(_REQUEST.search(text or ""))


def is_not_an_answer(text: str) -> bool:
    """A question, or a request for another service: not a value for a free-text field."""
    return is_question(text) or asks_for_another_service(text)


def could_be_a_name(text: str) -> bool:
    """Short, without digits, not a question or a request."""
    value = (text or "").strip()
    if not value or re.search(r"\d", value) or is_not_an_answer(value) or is_request(value):
        return False
    return len(value.split()) <= _MAX_NAME_WORDS and len(CJK.findall(value)) <= _MAX_NAME_CJK
