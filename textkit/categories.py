"""Complaint categories (the CaseIntake keys), their labels and the words citizens use for them.

The vocabulary is data: textkit/data/categories.yml.
"""

from __future__ import annotations

import re
from typing import Any

from textkit.bilingual import Bilingual
from textkit.data import load_data

OTHER = "other"


def _load() -> tuple[dict[str, Bilingual], dict[str, tuple[str, ...]], tuple[str, ...]]:
    data = load_data("categories.yml")
    categories: dict[str, Any] = data["categories"]
    labels = {key: Bilingual.from_dict(entry["label"]) for key, entry in categories.items()}
    keywords = {key: tuple(entry["keywords"]) for key, entry in categories.items()}
    return labels, keywords, tuple(data["other_words"])


CATEGORY_LABELS, CATEGORY_KEYWORDS, OTHER_WORDS = _load()
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)


# What a story says rather than names: "bought a phone online", "在網路上買了一件外套".
STORY_PATTERNS = {
    "ecommerce": re.compile(
        r"\b(?:bought|ordered|purchased|buy|order)\b[^.?!]{0,40}\bonline\b"
        r"|\bonline\s+(?:store|shop|seller|order|purchase)"
        r"|(?:網路|網上|線上)上?(?:買|購|訂|下單)|在網路上|網路商店|網站(?:買|購|訂|下單)"
    ),
}


def find_category(text: str) -> str | None:
    """The first category whose keyword (or story pattern) occurs in the text, else None."""
    lowered = (text or "").lower()
    for key, words in CATEGORY_KEYWORDS.items():
        pattern = STORY_PATTERNS.get(key)
        if any(word in lowered for word in words) or (pattern and pattern.search(lowered)):
            return key
    return None


def normalize_category(text: str) -> str | None:
    """A category key from a key, a label or free text; 'other' when the citizen says so."""
    lowered = (text or "").strip().lower()
    if lowered in CATEGORY_LABELS:
        return lowered
    for key, label in CATEGORY_LABELS.items():
        if lowered in (label.zh.lower(), label.en.lower()):
            return key
    found = find_category(lowered)
    if found:
        return found
    return OTHER if any(w in lowered for w in OTHER_WORDS) else None


def category_label(key: str, language: str | None) -> str:
    """The citizen-facing name of a category."""
    return CATEGORY_LABELS.get(key, CATEGORY_LABELS[OTHER]).pick(language)
