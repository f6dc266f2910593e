"""Case numbers as citizens type them: KHH-2026-000123, khh 2026 000123, KHH2026000123."""

from __future__ import annotations

import re

CASE_NUMBER = re.compile(r"\b(KHH)[-\s]?(\d{4})[-\s]?(\d{6})\b", re.IGNORECASE)


def normalize_case_number(text: str) -> str | None:
    """'khh 2026 000123' -> 'KHH-2026-000123'."""
    m = CASE_NUMBER.search(text or "")
    return f"KHH-{m.group(2)}-{m.group(3)}" if m else None
