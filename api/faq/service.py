"""FAQ entries: staff edit and publish; citizens read published ones and search them."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import Conflict, Forbidden, NotFound
from api.core.insert import insert_ignore
from api.core.time import utcnow
from api.faq import search
from api.faq.models import DEFAULT_SECTION, FaqEntry
from api.faq.schemas import FaqAnswer, FaqCreate, FaqHit, FaqUpdate, Language

# Tokenised documents by entry id, rebuilt only when an entry's updated_at changes.
_documents: dict[int, tuple[datetime, search.Document]] = {}


async def list_all(session: AsyncSession, *, published_only: bool = False) -> Sequence[FaqEntry]:
    query = select(FaqEntry).order_by(FaqEntry.category, FaqEntry.topic)
    if published_only:
        query = query.where(FaqEntry.published.is_(True))
    return (await session.execute(query)).scalars().all()


async def get(session: AsyncSession, *, entry_id: int) -> FaqEntry:
    entry = await session.get(FaqEntry, entry_id)
    if entry is None:
        raise NotFound("FAQ entry not found", entry_id=entry_id)
    return entry


async def create(session: AsyncSession, *, entry_in: FaqCreate) -> FaqEntry:
    now = utcnow()
    entry = FaqEntry(**_values(entry_in), created_at=now, updated_at=now)
    session.add(entry)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise Conflict("an entry for this topic exists", topic=entry_in.topic) from exc
    return entry


async def update(
    session: AsyncSession, *, entry_id: int, entry_in: FaqUpdate, may_publish: bool
) -> FaqEntry:
    """Edit an entry. A published entry's text is what citizens read next, so changing it is
    publishing: only those who may publish edit a published entry (others edit drafts)."""
    entry = await get(session, entry_id=entry_id)
    if entry.published and not may_publish:
        raise Forbidden("a published answer is edited by whoever may publish it")
    for field, value in entry_in.model_dump(exclude_unset=True).items():
        setattr(entry, field, value)
    entry.updated_at = utcnow()
    await session.flush()
    return entry


async def set_published(session: AsyncSession, *, entry_id: int, published: bool) -> FaqEntry:
    entry = await get(session, entry_id=entry_id)
    entry.published = published
    entry.updated_at = utcnow()
    await session.flush()
    return entry


def answer(entry: FaqEntry, lang: Language) -> FaqAnswer:
    english = lang == "en"
    return FaqAnswer(
        topic=entry.topic,
        question=entry.question_en if english else entry.question_zh,
        answer=entry.answer_en if english else entry.answer_zh,
        article=entry.article_en if english else entry.article_zh,
    )


async def published_entry(session: AsyncSession, *, topic: str) -> FaqEntry:
    query = select(FaqEntry).where(FaqEntry.topic == topic, FaqEntry.published.is_(True))
    entry = (await session.execute(query)).scalar_one_or_none()
    if entry is None:
        raise NotFound("no published answer for this topic", topic=topic)
    return entry


async def published_topic(session: AsyncSession, *, topic: str, lang: Language) -> FaqAnswer:
    return answer(await published_entry(session, topic=topic), lang)


async def related(session: AsyncSession, *, entry: FaqEntry, limit: int) -> list[FaqEntry]:
    """Other published answers nearest its question, those in the same section first."""
    entries = {e.id: e for e in await list_all(session, published_only=True) if e.id != entry.id}
    question = f"{entry.question_zh} {entry.question_en}"
    ranked = search.rank(question, [_document(e) for e in entries.values()], limit=len(entries))
    order = {key: position for position, (key, _) in enumerate(ranked)}
    nearest = sorted(
        (e for e in entries.values() if e.id in order or e.section == entry.section),
        key=lambda e: (e.section != entry.section, order.get(e.id, len(order))),
    )
    return nearest[:limit]


def _document(entry: FaqEntry) -> search.Document:
    cached = _documents.get(entry.id)
    if cached is not None and cached[0] == entry.updated_at:
        return cached[1]
    document = search.make_document(
        entry.id,
        question=f"{entry.question_zh} {entry.question_en}",
        keywords=[*entry.keywords_zh, *entry.keywords_en],
        answer=f"{entry.answer_zh} {entry.answer_en}",
    )
    _documents[entry.id] = (entry.updated_at, document)
    return document


async def search_published(
    session: AsyncSession, *, query: str, lang: Language, limit: int
) -> list[FaqHit]:
    """Published entries ranked for the query (either language), answered in `lang`."""
    entries = {entry.id: entry for entry in await list_all(session, published_only=True)}
    ranked = search.rank(query, [_document(e) for e in entries.values()], limit=limit)
    return [FaqHit(**answer(entries[key], lang).model_dump(), score=score) for key, score in ranked]


def _values(entry_in: FaqCreate) -> dict[str, Any]:
    values = entry_in.model_dump()
    values["section"] = entry_in.section or DEFAULT_SECTION[entry_in.category]
    return values


def _reviewed_at(entry: dict[str, Any], default: datetime) -> datetime:
    """The seed's `updated` date (when its text was last reviewed) as a UTC timestamp."""
    reviewed = entry.get("updated")
    if not reviewed:
        return default
    return datetime.combine(date.fromisoformat(reviewed), time(), tzinfo=UTC)


async def seed_missing(session: AsyncSession, *, entries: list[dict[str, Any]]) -> int:
    """Insert entries whose topic is not there yet (idempotent); returns how many were new."""
    now = utcnow()
    added = 0
    for entry in entries:
        values = {**_values(FaqCreate(**entry)), "created_at": now}
        values["updated_at"] = _reviewed_at(entry, now)
        added += await insert_ignore(session, FaqEntry, values) is not None
    return added


LEGAL_BASIS = {"zh-TW": "\n（依據：{article}）", "en": "\n(Legal basis: {article})"}


def bot_preview(entry: FaqEntry, lang: Language) -> str:
    """What the bot sends for this entry: question, answer and its legal basis (the same
    shape as actions/faq.py `format_answer`, which reads the entry from the API each time)."""
    shown = answer(entry, lang)
    text = f"{shown.question}\n{shown.answer}".strip()
    if shown.article:
        text += LEGAL_BASIS[lang].format(article=shown.article)
    return text


def draft_previews(fields: dict[str, str | None]) -> dict[str, str]:
    """The bot's answer in both languages for texts not saved yet (the editor's preview)."""
    draft = FaqEntry(
        topic="preview",
        question_zh=fields.get("question_zh") or "",
        question_en=fields.get("question_en") or "",
        answer_zh=fields.get("answer_zh") or "",
        answer_en=fields.get("answer_en") or "",
        article_zh=fields.get("article_zh"),
        article_en=fields.get("article_en"),
    )
    return {lang: bot_preview(draft, lang) for lang in ("zh-TW", "en")}
