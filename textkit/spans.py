"""Where a pattern occurs in a text: the spans the NLU turns into entities."""

from __future__ import annotations

import re
from typing import NamedTuple


class Span(NamedTuple):
    """A match of a pattern inside a text."""

    start: int
    end: int
    text: str


def find_spans(pattern: re.Pattern[str], text: str) -> list[Span]:
    """All non-empty matches of a pattern."""
    return [Span(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text) if m.group(0)]
