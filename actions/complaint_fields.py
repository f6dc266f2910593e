"""Pure validation and formatting of the complaint intake fields (CaseIntake)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

from actions.categories import category_label, normalize_category
from actions.parsing import AMOUNT, CJK, find_spans, normalize_phone, parse_amount, parse_date

TAIPEI = timezone(timedelta(hours=8))
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
    "refund": ("退費", "Refund"),
    "exchange_or_repair": ("換貨或修復", "Exchange or repair"),
    "cancel_contract": ("解除契約", "Cancel the contract"),
    "compensation": ("賠償", "Compensation"),
}
LABELS = {
    "business_name": ("業者", "Business"),
    "description": ("經過", "What happened"),
    "category": ("類別", "Category"),
    "purchase_date": ("日期", "Date"),
    "amount": ("金額", "Amount"),
    "desired_remedy": ("訴求", "Remedy"),
    "contact_name": ("姓名", "Name"),
    "contact_phone": ("電話", "Phone"),
}


def today_taipei() -> date:
    """Today's date in Taipei."""
    return datetime.now(TAIPEI).date()


def is_skip(text: Any) -> bool:
    """The citizen said they don't know / want to skip an optional field."""
    lowered = str(text or "").strip().lower()
    return lowered == UNKNOWN or any(word in lowered for word in SKIP_WORDS)


def clean_description(text: Any, *, strict: bool) -> str | None:
    """A description long enough to be useful; strict when it comes from a first message."""
    value = re.sub(r"\s+", " ", str(text or "")).strip()
    size = len(CJK.findall(value)) + len(re.findall(r"[A-Za-z]+", value))
    minimum = 12 if strict else 4
    return value[:2000] if size >= minimum else None


def clean_business_name(text: Any) -> str | None:
    """A plausible business name: 2–100 characters, not just digits."""
    value = str(text or "").strip().strip("「」\"'。.，,")
    value = re.sub(r"^(業者|店家|公司|商家|店名|公司名稱)(是|叫|為)?[:：]?", "", value).strip()
    value = re.sub(r"^(it was|it's|the shop is|the business is)\s+", "", value, flags=re.I)
    if not 2 <= len(value) <= 100 or value.isdigit():
        return None
    return value


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
    value = str(text or "").strip()
    return value[:300] if value else None


def clean_contact_name(text: Any) -> str | None:
    value = str(text or "").strip()
    value = re.sub(
        r"^(我叫|我是|我的名字是|姓名[:：]?|my name is|i am|i'm|name:)\s*", "", value, flags=re.I
    ).strip(" 。.")
    if not 1 < len(value) <= 50 or re.search(r"\d", value):
        return None
    return value


def clean_contact_phone(text: Any) -> str | None:
    return normalize_phone(str(text or ""))


def remedy_text(value: str | None, lang: str) -> str:
    if value in REMEDIES:
        zh, en = REMEDIES[value]
        return en if lang == "en" else zh
    return value or ""


def display(field: str, value: Any, lang: str) -> str:
    """How a field's value reads in the summary."""
    if value in (None, UNKNOWN):
        return "—" if value is None else ("not sure" if lang == "en" else "不確定")
    if field == "category":
        return category_label(str(value), lang)
    if field == "desired_remedy":
        return remedy_text(str(value), lang)
    if field == "amount":
        return f"NT${int(value):,}"
    return str(value)


def summary(slots: dict[str, Any], lang: str) -> str:
    """The summary the citizen confirms before the case is opened."""
    index = 1 if lang == "en" else 0
    head = "Please check your complaint:" if lang == "en" else "請確認您的申訴內容："
    lines = [head]
    for field in FIELDS:
        lines.append(
            f"• {LABELS[field][index]}：{display(field, slots.get(field), lang)}"
            if lang != "en"
            else f"• {LABELS[field][index]}: {display(field, slots.get(field), lang)}"
        )
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
