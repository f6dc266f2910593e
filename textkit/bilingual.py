"""The one type for a citizen-facing text: zh-TW and English together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textkit.language import EN, ZH


@dataclass(frozen=True)
class Bilingual:
    """A text in Traditional Chinese and English; `pick` chooses the citizen's language."""

    zh: str
    en: str

    def pick(self, language: str | None) -> str:
        """The text in `language`; Chinese unless the citizen wrote English."""
        return self.en if language == EN else self.zh

    def format(self, **values: Any) -> Bilingual:
        """Both texts with `{placeholders}` filled from the same values."""
        return Bilingual(self.zh.format(**values), self.en.format(**values))

    def as_dict(self) -> dict[str, str]:
        """The JSON shape used in data files and API bodies: {"zh-TW": …, "en": …}."""
        return {ZH: self.zh, EN: self.en}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Bilingual:
        """From {"zh-TW": …, "en": …} (data files, API bodies)."""
        return cls(zh=data[ZH], en=data[EN])
