"""Taiwanese phone numbers: mobiles (09xx-xxx-xxx, +886 9xx …) and landlines ((07)123-4567)."""

from __future__ import annotations

import re

PHONE = re.compile(
    r"(?<!\d)(?:\+886[-\s]?|886[-\s]?)?0?9\d{2}[-\s]?\d{3}[-\s]?\d{3}(?!\d)"
    r"|(?<!\d)\(?0[2-8]\)?[-\s]?\d{3,4}[-\s]?\d{4}(?!\d)"
)


def normalize_phone(text: str) -> str | None:
    """A Taiwanese mobile (09xxxxxxxx) or landline (0x-xxxxxxx), digits only, else None."""
    digits = re.sub(r"[^\d+]", "", text or "")
    digits = re.sub(r"^\+?886", "0", digits)
    if not digits.startswith("0"):
        digits = "0" + digits if digits.startswith("9") and len(digits) == 9 else digits
    if re.fullmatch(r"09\d{8}", digits) or re.fullmatch(r"0[2-8]\d{7,8}", digits):
        return digits
    return None
