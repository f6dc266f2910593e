"""What readers tell the help centre: "did this help?" per answer, and searches that
found nothing. Both are for staff improving the knowledge base; neither names a person,
so digits that look like a phone or ID number are masked before anything is stored."""

import re
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import NotFound
from api.core.insert import insert_ignore
from api.core.time import utcnow
from api.faq.models import AnswerFeedback, FaqEntry, UnansweredSearch
from api.faq.schemas import FeedbackCreate, FeedbackRead, FeedbackSummary, Language

MAX_QUERY = 200
COMMENTS_PER_TOPIC = 20
# A phone number, a national ID (A123456789) or any other long run of digits.
_PERSONAL_NUMBER = re.compile(r"\+?\d[\d\s-]{5,}\d|\b[A-Za-z][12]\d{8}\b")


def mask_numbers(text: str) -> str:
    return _PERSONAL_NUMBER.sub("***", text).strip()


async def record_feedback(session: AsyncSession, *, feedback_in: FeedbackCreate) -> None:
    """Store one vote on a published answer (404 for any other topic)."""
    published = select(FaqEntry.id).where(
        FaqEntry.topic == feedback_in.topic, FaqEntry.published.is_(True)
    )
    if (await session.execute(published)).first() is None:
        raise NotFound("no published answer for this topic", topic=feedback_in.topic)
    comment = mask_numbers(feedback_in.comment or "") or None
    session.add(
        AnswerFeedback(
            topic=feedback_in.topic,
            helpful=feedback_in.helpful,
            comment=comment,
            language=feedback_in.language,
            created_at=utcnow(),
        )
    )
    await session.flush()


async def feedback_by_topic(session: AsyncSession) -> list[FeedbackSummary]:
    """Per answer: helpful / not helpful counts and the newest comments, most votes first."""
    rows = (
        await session.execute(select(AnswerFeedback).order_by(AnswerFeedback.id.desc()))
    ).scalars()
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    comments: dict[str, list[FeedbackRead]] = defaultdict(list)
    for row in rows:
        votes[row.topic][0 if row.helpful else 1] += 1
        if row.comment and len(comments[row.topic]) < COMMENTS_PER_TOPIC:
            comments[row.topic].append(FeedbackRead.model_validate(row))
    summaries = [
        FeedbackSummary(topic=topic, helpful=up, not_helpful=down, comments=comments[topic])
        for topic, (up, down) in votes.items()
    ]
    return sorted(summaries, key=lambda s: (-(s.helpful + s.not_helpful), s.topic))


async def record_unanswered(session: AsyncSession, *, query: str, language: Language) -> None:
    """Count a search that found nothing (the same words again add to one row)."""
    text = " ".join(mask_numbers(query).split())[:MAX_QUERY]
    if not text:
        return
    now = utcnow()
    values = {"query": text, "language": language, "times": 1, "created_at": now}
    if await insert_ignore(session, UnansweredSearch, {**values, "last_seen_at": now}) is None:
        await session.execute(
            update(UnansweredSearch)
            .where(UnansweredSearch.query == text, UnansweredSearch.language == language)
            .values(times=UnansweredSearch.times + 1, last_seen_at=now)
        )


async def unanswered_searches(
    session: AsyncSession, *, limit: int, offset: int
) -> Sequence[UnansweredSearch]:
    """Most frequent first, then most recent."""
    query = (
        select(UnansweredSearch)
        .order_by(UnansweredSearch.times.desc(), UnansweredSearch.last_seen_at.desc())
        .limit(limit)
        .offset(offset)
    )
    return (await session.execute(query)).scalars().all()
