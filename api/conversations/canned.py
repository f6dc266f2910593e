"""Canned replies: ready texts in both languages (data/canned_replies.yaml), with
placeholders filled from the citizen's newest case."""

import string
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import service as cases
from api.citizens.models import Citizen
from api.core.errors import NotFound
from textkit.bilingual import Bilingual
from textkit.language import EN

DATA = Path(__file__).parent / "data" / "canned_replies.yaml"
CASE_FIELDS = frozenset({"case_number", "business", "due_date"})
# What a placeholder says when the case does not know it.
UNKNOWN = Bilingual("（未定）", "(not set)")


@dataclass(frozen=True)
class CannedReply:
    key: str
    title: Bilingual
    text: Bilingual

    @property
    def needs_case(self) -> bool:
        fields = {name for _, name, _, _ in string.Formatter().parse(self.text.zh) if name}
        return bool(fields & CASE_FIELDS)


@lru_cache
def catalogue() -> tuple[CannedReply, ...]:
    rows: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        CannedReply(row["key"], Bilingual.from_dict(row["title"]), Bilingual.from_dict(row["text"]))
        for row in rows
    )


def get(key: str) -> CannedReply:
    for reply in catalogue():
        if reply.key == key:
            return reply
    raise NotFound("no such canned reply", key=key)


def _day(value: date | None, language: str) -> str:
    if value is None:
        return UNKNOWN.pick(language)
    return value.isoformat() if language == EN else f"{value:%Y/%m/%d}"


async def values_for(session: AsyncSession, citizen: Citizen, language: str) -> dict[str, str]:
    """Placeholder values from the citizen's newest case (and their contact name)."""
    found = await cases.list_for_citizen(session, citizen=citizen)
    case = found[0] if found else None
    name = citizen.contact_name or ""
    values = {"name": name, "case_number": "", "business": "", "due_date": _day(None, language)}
    if case is not None:
        values |= {
            "case_number": case.number,
            "business": case.business_name,
            "due_date": _day(case.business_due_date, language),
        }
    if language == EN and not name:
        values["name"] = "there"
    return values


async def offered(session: AsyncSession, citizen: Citizen) -> tuple[list[CannedReply], bool]:
    """The replies that make sense for this citizen, and whether they have a case."""
    has_case = bool(await cases.list_for_citizen(session, citizen=citizen))
    return [r for r in catalogue() if has_case or not r.needs_case], has_case


async def filled(session: AsyncSession, *, key: str, citizen: Citizen, language: str) -> str:
    """The canned reply `key` in `language`, its placeholders filled for this citizen."""
    reply = get(key)
    return reply.text.pick(language).format(**await values_for(session, citizen, language))
