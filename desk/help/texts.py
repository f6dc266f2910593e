"""The help centre's own words (labels, section names, the contact page), kept as data in
desk/help/data so wording changes need no code change. FAQ answers come from api/faq."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from textkit.bilingual import Bilingual

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def labels() -> dict[str, Bilingual]:
    raw: dict[str, dict[str, str]] = json.loads((DATA / "texts.json").read_text("utf-8"))
    return {key: Bilingual.from_dict(value) for key, value in raw.items()}


@dataclass(frozen=True)
class Step:
    title: Bilingual
    deadline: Bilingual
    body: Bilingual
    article: Bilingual


@dataclass(frozen=True)
class Contact:
    hours: tuple[Bilingual, ...]
    evidence: tuple[Bilingual, ...]
    steps: tuple[Step, ...]


def _texts(items: list[dict[str, str]]) -> tuple[Bilingual, ...]:
    return tuple(Bilingual.from_dict(item) for item in items)


@lru_cache(maxsize=1)
def contact() -> Contact:
    raw: dict[str, Any] = json.loads((DATA / "contact.json").read_text("utf-8"))
    steps = tuple(
        Step(
            *(Bilingual.from_dict(step[part]) for part in ("title", "deadline", "body", "article"))
        )
        for step in raw["steps"]
    )
    return Contact(_texts(raw["hours"]), _texts(raw["evidence"]), steps)
