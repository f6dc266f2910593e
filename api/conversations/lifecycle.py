"""A message's status from stored to answered (inbound) or sent (outbound).

Every step is one atomic UPDATE guarded by the status it expects, so two workers never
answer or send the same message; a crashed worker's claims are handed back."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.conversations.models import Author, Conversation, Direction, Message, MessageStatus
from api.core.time import utcnow

# Answers are only inserted: through the table (Core), no ORM objects to build and flush.
MESSAGES = cast(Table, Message.__table__)


async def claim_for_processing(session: AsyncSession, message_id: int) -> bool:
    """Atomically take an inbound message for answering; False if someone else has it."""
    statement = (
        update(Message)
        .where(
            Message.id == message_id,
            Message.status.in_([MessageStatus.RECEIVED, MessageStatus.PENDING]),
        )
        .values(status=MessageStatus.PROCESSING)
    )
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Answers:
    """What answers one claimed inbound message: stored as outbound messages."""

    conversation_id: int
    channel: str
    author: Author
    # QUEUED for the delivery worker, or SENDING: the caller sends them at once.
    status: MessageStatus
    # (text, language, payload) of each answer, in order.
    messages: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


async def answer_claimed(
    session: AsyncSession, message_id: int, inbound_status: MessageStatus, answers: Answers
) -> list[int] | None:
    """Give a claimed (PROCESSING) inbound message its new status and store its answers; the
    new messages' ids in order, or None when the message is no longer claimed (a commit of
    ours that seemed lost went through). At most three statements: this is on the path
    between Rasa's answer and the citizen."""
    taken = await session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.PROCESSING)
        .values(status=inbound_status)
        .returning(Message.id)
    )
    if taken.first() is None:
        return None
    if not answers.messages:
        return []
    now = utcnow()
    rows = [_answer_row(answers, text, language, payload, now)
            for text, language, payload in answers.messages]  # fmt: skip
    statement = insert(MESSAGES).returning(MESSAGES.c.id, sort_by_parameter_order=True)
    ids = list((await session.execute(statement, rows)).scalars())
    await session.execute(
        update(Conversation)
        .where(Conversation.id == answers.conversation_id)
        .values(last_message_at=now)
    )
    return ids


def _answer_row(
    answers: Answers, text: str, language: str, payload: dict[str, Any], now: datetime
) -> dict[str, Any]:
    return {
        "conversation_id": answers.conversation_id,
        "channel": answers.channel,
        "direction": Direction.OUTBOUND,
        "author": answers.author,
        "status": answers.status,
        "language": language,
        "text": text,
        "payload": payload,
        "created_at": now,
    }


async def set_status(
    session: AsyncSession,
    message_ids: Sequence[int],
    status: MessageStatus,
    delivery: str | None = None,
) -> None:
    values: dict[str, Any] = {"status": status}
    if delivery:
        values["delivery"] = delivery
    await session.execute(update(Message).where(Message.id.in_(message_ids)).values(**values))


async def pending_inbound(session: AsyncSession, *, limit: int = 20) -> Sequence[int]:
    """Inbound messages left waiting for the NLU, oldest first."""
    query = (
        select(Message.id)
        .where(Message.direction == Direction.INBOUND, Message.status == MessageStatus.PENDING)
        .order_by(Message.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def claim_for_sending(session: AsyncSession, message_ids: Sequence[int]) -> list[int]:
    """Atomically take queued outbound messages for sending; returns the ones taken, in order."""
    if not message_ids:
        return []
    statement = (
        update(Message)
        .where(Message.id.in_(message_ids), Message.status == MessageStatus.QUEUED)
        .values(status=MessageStatus.SENDING)
        .returning(Message.id)
    )
    return sorted((await session.execute(statement)).scalars().all())


async def queued_outbound(
    session: AsyncSession, *, channels: Sequence[str], before: datetime, limit: int = 50
) -> list[tuple[int, list[int]]]:
    """(conversation id, queued message ids oldest first) for each conversation on `channels`."""
    query = (
        select(Message.conversation_id, Message.id)
        .where(
            Message.direction == Direction.OUTBOUND,
            Message.status == MessageStatus.QUEUED,
            Message.channel.in_(channels),
            # Bot answers get a grace period for the webhook's own reply-token send.
            or_(Message.author != Author.BOT, Message.created_at < before),
        )
        .order_by(Message.id)
        .limit(limit)
    )
    grouped: dict[int, list[int]] = {}
    for conversation_id, message_id in (await session.execute(query)).all():
        grouped.setdefault(conversation_id, []).append(message_id)
    return list(grouped.items())


async def release_stale(session: AsyncSession, *, claimed_before: datetime) -> int:
    """Hand back messages a crashed worker had claimed: answering goes back to waiting,
    sending back to the queue (LINE drops a repeated push by its retry key)."""
    released = 0
    for claimed, back in (
        (MessageStatus.PROCESSING, MessageStatus.PENDING),
        (MessageStatus.SENDING, MessageStatus.QUEUED),
    ):
        statement = (
            update(Message)
            .where(Message.status == claimed, Message.created_at < claimed_before)
            .values(status=back)
        )
        released += (await session.execute(statement)).rowcount  # type: ignore[attr-defined]
    return released


async def shown_on_page(session: AsyncSession, messages: Sequence[Message]) -> None:
    """The web chat has no push: a queued outbound message is delivered when the page
    fetches it."""
    queued = [
        m.id
        for m in messages
        if m.direction == Direction.OUTBOUND and m.status == MessageStatus.QUEUED
    ]
    if queued:
        await set_status(session, queued, MessageStatus.SENT, delivery="web")


async def mark_failed(session: AsyncSession, message_ids: Sequence[int], *, reason: str) -> None:
    """The channel refused these outbound messages for good; staff see why."""
    statement = (
        update(Message)
        .where(Message.id.in_(message_ids))
        .values(status=MessageStatus.FAILED, failure_reason=reason[:300] or None)
    )
    await session.execute(statement)


# Intents that mean the bot did not understand the citizen's turn.
NOT_UNDERSTOOD = frozenset({"nlu_fallback", "out_of_scope"})


async def record_understanding(
    session: AsyncSession, message_id: int, understood: dict[str, Any]
) -> None:
    """Keep what the bot understood of an inbound message (intent, confidence, entities) and
    count the conversation's misunderstood turns in a row (reset by an understood one)."""
    # Statements, not ORM objects: this runs once per turn. The count is incremented in the
    # database, so two turns recorded at once cannot lose one.
    query = select(Message.payload, Message.conversation_id).where(Message.id == message_id)
    payload, conversation_id = (await session.execute(query)).one()
    await session.execute(
        update(Message)
        .where(Message.id == message_id)
        .values(payload={**(payload or {}), "understood": understood})
    )
    missed = understood.get("intent") in NOT_UNDERSTOOD
    await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id)
        .values(failed_turns=Conversation.failed_turns + 1 if missed else 0)
    )
