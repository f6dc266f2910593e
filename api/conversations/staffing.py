"""Staff and a conversation: take it, take it over from the bot, assign it to a colleague,
release it, hand it back; and the sweep that hands back a conversation gone quiet.

Every verb that puts a person on the conversation tells the citizen once per handoff."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.conversations import assignment, notes, service
from api.conversations.models import Author, Conversation, Message
from api.conversations.office_hours import OfficeHours
from api.core.schemas import as_utc

TAKEN_OVER = "taken over by staff"


async def take(
    session: AsyncSession,
    *,
    conversation: Conversation,
    staff_id: int,
    hours: OfficeHours,
    now: datetime,
) -> None:
    """Take a handed-off conversation, or take one the bot holds over from it."""
    if not conversation.handoff_active:
        service.start_handoff(conversation, TAKEN_OVER)
    service.staff_present(conversation)
    await assignment.take(session, conversation_id=conversation.id, staff_id=staff_id)
    await notes.tell_staff_joined(session, conversation, hours, now)


async def assign(
    session: AsyncSession,
    *,
    conversation: Conversation,
    staff_id: int,
    by: int,
    hours: OfficeHours,
    now: datetime,
) -> None:
    """Give the conversation to a colleague (taking it over from the bot if need be)."""
    if not conversation.handoff_active:
        service.start_handoff(conversation, TAKEN_OVER)
    service.staff_present(conversation)
    await assignment.assign(session, conversation_id=conversation.id, staff_id=staff_id, by=by)
    await notes.tell_staff_joined(session, conversation, hours, now)


async def release(session: AsyncSession, *, conversation: Conversation) -> None:
    """Let go of it: still handed off, back in the unassigned queue."""
    await assignment.release(session, conversation_id=conversation.id)


async def hand_back(session: AsyncSession, *, conversation: Conversation) -> None:
    """The bot answers the citizen again; nobody holds the conversation any more."""
    service.end_handoff(conversation)
    await assignment.release(session, conversation_id=conversation.id)
    await session.flush()


async def idle_after_staff(
    session: AsyncSession, *, quiet_since: datetime
) -> Sequence[Conversation]:
    """Handed-off conversations whose last message is a staff reply older than `quiet_since`."""
    last = (
        select(Message.conversation_id.label("cid"), func.max(Message.id).label("mid"))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.handoff_active.is_(True))
        .group_by(Message.conversation_id)
        .subquery()
    )
    query = (
        select(Conversation)
        .join(last, last.c.cid == Conversation.id)
        .join(Message, Message.id == last.c.mid)
        .where(Message.author == Author.STAFF, Message.created_at < quiet_since)
        .order_by(Conversation.id)
        .limit(100)
    )
    return (await session.execute(query)).scalars().all()


async def close_idle(session: AsyncSession, *, hours: OfficeHours, now: datetime) -> int:
    """Say goodbye politely and hand back every conversation quiet since the last staff reply."""
    closed = 0
    for conversation in await idle_after_staff(session, quiet_since=now - hours.idle_after):
        await notes.close_idle(session, conversation)
        await hand_back(session, conversation=conversation)
        closed += 1
    return closed


def waited_unanswered(
    conversation: Conversation, last_staff_reply: datetime | None, hours: OfficeHours, now: datetime
) -> bool:
    """Handed off, no staff reply since, and more office time than allowed has gone by."""
    if not conversation.handoff_active or conversation.handoff_at is None:
        return False
    since = as_utc(conversation.handoff_at)
    if last_staff_reply is not None and as_utc(last_staff_reply) >= since:
        return False
    return hours.open_time_between(since, now) >= hours.unanswered_after
