"""The privacy notice (Personal Data Protection Act Art. 8), kept as data so the help
centre's page and the chat channels (LINE follow, Telegram /start, the web chat) all
give the same text: api/help/data/privacy_notice.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from textkit.bilingual import Bilingual

NOTICE_FILE = Path(__file__).parent / "data" / "privacy_notice.json"
PRIVACY_PATH = "/help/privacy"


@dataclass(frozen=True)
class NoticeSection:
    key: str
    title: Bilingual
    paragraphs: tuple[Bilingual, ...]


@dataclass(frozen=True)
class PrivacyNotice:
    version: str
    """The date the text last changed."""
    short: Bilingual
    """The whole notice in a few lines, with a `{privacy_url}` placeholder."""
    sections: tuple[NoticeSection, ...]


@lru_cache(maxsize=1)
def privacy_notice() -> PrivacyNotice:
    data = json.loads(NOTICE_FILE.read_text(encoding="utf-8"))
    sections = tuple(
        NoticeSection(
            key=section["key"],
            title=Bilingual.from_dict(section["title"]),
            paragraphs=tuple(Bilingual.from_dict(p) for p in section["paragraphs"]),
        )
        for section in data["sections"]
    )
    return PrivacyNotice(data["version"], Bilingual.from_dict(data["short"]), sections)


def short_notice(language: str | None, *, base_url: str) -> str:
    """What a chat channel sends before the first message: the short form and the link."""
    url = base_url.rstrip("/") + PRIVACY_PATH
    return privacy_notice().short.format(privacy_url=url).pick(language)
