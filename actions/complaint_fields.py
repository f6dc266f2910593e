"""Pure validation and formatting of the complaint intake fields (CaseIntake)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from textkit.amounts import AMOUNT, parse_amount
from textkit.answers import asks_for_another_service, could_be_a_name, is_not_an_answer, is_request
from textkit.bilingual import Bilingual
from textkit.categories import category_label, normalize_category
from textkit.dates import parse_date
from textkit.disputes import dispute_signals, is_personal_dispute
from textkit.language import CJK
from textkit.phones import normalize_phone
from textkit.remedies import find_remedy
from textkit.spans import find_spans

UNKNOWN = "unknown"
SKIP_WORDS = (
    "不記得",
    "不知道",
    "忘了",
    "忘記",
    "不確定",
    "不清楚",
    "略過",
    "跳過",
    "沒有",
    "don't remember",
    "dont remember",
    "not sure",
    "no idea",
    "forgot",
    "skip",
    "unknown",
    "i don't know",
    "idk",
)
FIELDS = (
    "business_name",
    "description",
    "category",
    "purchase_date",
    "amount",
    "desired_remedy",
    "contact_name",
    "contact_phone",
)
REMEDIES = {
    "refund": Bilingual("退費", "Refund"),
    "exchange_or_repair": Bilingual("換貨或修復", "Exchange or repair"),
    "cancel_contract": Bilingual("解除契約", "Cancel the contract"),
    "compensation": Bilingual("賠償", "Compensation"),
}
LABELS = {
    "business_name": Bilingual("業者", "Business"),
    "description": Bilingual("經過", "What happened"),
    "category": Bilingual("類別", "Category"),
    "purchase_date": Bilingual("日期", "Date"),
    "amount": Bilingual("金額", "Amount"),
    "desired_remedy": Bilingual("訴求", "Remedy"),
    "contact_name": Bilingual("姓名", "Name"),
    "contact_phone": Bilingual("電話", "Phone"),
}
NOT_SURE = Bilingual("不確定", "not sure")
SUMMARY_HEAD = Bilingual("請確認您的申訴內容：", "Please check your complaint:")
# One summary line: the field's label and its value, with the language's own colon.
SUMMARY_LINE = Bilingual("• {label}：{value}", "• {label}: {value}")


def is_skip(text: Any) -> bool:
    """The citizen said they don't know / want to skip an optional field."""
    lowered = str(text or "").strip().lower()
    return lowered == UNKNOWN or any(word in lowered for word in SKIP_WORDS)


def clean_description(text: Any, *, strict: bool) -> str | None:
    """A description long enough to be useful; strict when it comes from a first message."""
    value = re.sub(r"\s+", " ", str(text or "")).strip()
    size = len(CJK.findall(value)) + len(re.findall(r"[A-Za-z]+", value))
    minimum = 12 if strict else 4
    if asks_for_another_service(value) and not is_personal_dispute(dispute_signals(value)):
        return None  # "I want to book a mediation session" tells no story
    return value[:2000] if size >= minimum else None


def clean_business_name(text: Any) -> str | None:
    """A plausible business name: 2–100 characters, not just digits."""
    value = str(text or "").strip().strip("「」\"'。.，,")
    value = re.sub(r"^(業者|店家|公司|商家|店名|公司名稱)(是|叫|為)?[:：]?", "", value).strip()
    value = re.sub(r"^(it was|it's|the shop is|the business is)\s+", "", value, flags=re.I)
    if not 2 <= len(value) <= 100 or value.isdigit():
        return None
    return None if is_not_an_answer(value) or is_request(value) else value


def clean_category(text: Any) -> str | None:
    return normalize_category(str(text or ""))


def clean_purchase_date(text: Any, today: date) -> str | None:
    """ISO date, or 'unknown' when skipped; None when invalid or in the future."""
    if is_skip(text):
        return UNKNOWN
    if isinstance(text, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        parsed = parse_date(text, today)
    else:
        parsed = parse_date(str(text or ""), today)
    if parsed is None or parsed > today or parsed.year < 1990:
        return None
    return parsed.isoformat()


def clean_amount(text: Any) -> str | None:
    """Whole NTD as a string, or 'unknown' when skipped; None when not a number."""
    if is_skip(text):
        return UNKNOWN
    raw = str(text or "")
    spans = find_spans(AMOUNT, raw)
    value = parse_amount(spans[0].text if spans else raw)
    if value is None or value < 0 or value > 100_000_000:
        return None
    return str(value)


def clean_remedy(text: Any) -> str | None:
    """The remedy as typed (or a button's key); a question about something else is none."""
    value = str(text or "").strip()
    if not value or asks_for_another_service(value):
        return None
    if is_not_an_answer(value) and find_remedy(value) is None:
        return None
    return value[:300]


def clean_contact_name(text: Any) -> str | None:
    value = str(text or "").strip()
    value = re.sub(
        r"^(我叫|我是|我的名字是|姓名[:：]?|my name is|i am|i'm|name:)\s*", "", value, flags=re.I
    ).strip(" 。.")
    if not 1 < len(value) <= 50 or not could_be_a_name(value):
        return None  # digits, a question or a request ("I want to book…") are not a name
    return value


def clean_contact_phone(text: Any) -> str | None:
    return normalize_phone(str(text or ""))


def remedy_text(value: str | None, lang: str) -> str:
    """A remedy key in the citizen's words; free text as typed."""
    if value is not None and value in REMEDIES:
        return REMEDIES[value].pick(lang)
    return value or ""


def display(field: str, value: Any, lang: str) -> str:
    """How a field's value reads in the summary."""
    if value is None:
        return "—"
    if value == UNKNOWN:
        return NOT_SURE.pick(lang)
    if field == "category":
        return category_label(str(value), lang)
    if field == "desired_remedy":
        return remedy_text(str(value), lang)
    if field == "amount":
        return f"NT${int(value):,}"
    return str(value)


def summary(slots: dict[str, Any], lang: str) -> str:
    """The summary the citizen confirms before the case is opened."""
    lines = [SUMMARY_HEAD.pick(lang)]
    for field in FIELDS:
        value = display(field, slots.get(field), lang)
        lines.append(SUMMARY_LINE.pick(lang).format(label=LABELS[field].pick(lang), value=value))
    return "\n".join(lines)


def build_intake(slots: dict[str, Any], lang: str) -> dict[str, Any]:
    """The CaseIntake body for POST /api/bot/cases."""
    amount = slots.get("amount")
    purchase_date = slots.get("purchase_date")
    return {
        "business_name": slots["business_name"],
        "category": slots.get("category") or "other",
        "description": slots["description"],
        "purchase_date": None if purchase_date in (None, UNKNOWN) else purchase_date,
        "amount": None if amount in (None, UNKNOWN) else int(amount),
        "desired_remedy": remedy_text(slots.get("desired_remedy"), lang) or None,
        "contact_name": slots["contact_name"],
        "contact_phone": slots["contact_phone"],
    }
