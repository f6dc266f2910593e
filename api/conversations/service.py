"""Store every message before it is processed; hand conversations to staff and back."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.citizens import service as citizens
from api.citizens.models import Citizen
from api.conversations.models import Author, Conversation, Direction, Message, MessageStatus
from api.core.errors import Conflict, NotFound
from api.core.insert import insert_ignore
from api.core.time import utcnow


async def find_for_citizen(session: AsyncSession, citizen_id: int) -> Conversation | None:
    query = select(Conversation).where(Conversation.citizen_id == citizen_id)
    return (await session.execute(query)).scalar_one_or_none()


async def for_citizen(session: AsyncSession, citizen: Citizen) -> Conversation:
    await insert_ignore(session, Conversation, {"citizen_id": citizen.id})
    conversation = await find_for_citizen(session, citizen.id)
    assert conversation is not None  # inserted above or already there
    return conversation


async def for_sender(session: AsyncSession, sender_id: str) -> Conversation:
    return await for_citizen(session, await citizens.get_by_sender(session, sender_id))


def add_outbound(
    session: AsyncSession,
    *,
    conversation: Conversation,
    channel: str,
    text: str,
    language: str,
    author: Author = Author.BOT,
    payload: dict[str, Any] | None = None,
    status: MessageStatus = MessageStatus.QUEUED,
    staff_id: int | None = None,
    delivery: str | None = None,
) -> Message:
    """Store an outbound message; `delivery` says how it already went out (reply, push)."""
    message = Message(
        conversation_id=conversation.id,
        channel=channel,
        direction=Direction.OUTBOUND,
        author=author,
        status=status,
        language=language,
        text=text,
        payload=payload or {},
        staff_id=staff_id,
        delivery=delivery,
        created_at=utcnow(),
    )
    session.add(message)
    conversation.last_message_at = message.created_at
    return message


async def get(session: AsyncSession, conversation_id: int) -> Conversation:
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound("conversation not found")
    return conversation


async def get_message(session: AsyncSession, message_id: int) -> Message:
    message = await session.get(Message, message_id)
    if message is None:
        raise NotFound("message not found")
    return message


async def by_ids(session: AsyncSession, message_ids: Sequence[int]) -> Sequence[Message]:
    """The given messages in one query, oldest first."""
    query = select(Message).where(Message.id.in_(message_ids)).order_by(Message.id)
    return (await session.execute(query)).scalars().all()


async def messages_after(
    session: AsyncSession, conversation: Conversation, *, after_id: int = 0, limit: int = 100
) -> Sequence[Message]:
    query = (
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.id > after_id)
        .order_by(Message.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


def start_handoff(
    conversation: Conversation, reason: str | None, *, bot_until_taken: bool = False
) -> None:
    conversation.handoff_active = True
    conversation.handoff_reason = (reason or "")[:200] or None
    conversation.handoff_at = utcnow()
    conversation.bot_until_taken = bot_until_taken


def staff_present(conversation: Conversation) -> None:
    """A person is on the conversation: from now on the citizen's messages are for staff."""
    conversation.bot_until_taken = False


def end_handoff(conversation: Conversation) -> None:
    conversation.handoff_active = False
    conversation.bot_until_taken = False
    # The bot starts afresh: earlier misses no longer put the conversation in the inbox.
    conversation.failed_turns = 0


async def delivery_counts(session: AsyncSession, conversation_id: int) -> dict[str, int]:
    """How the conversation's outbound messages went out: replies are free, pushes cost."""
    query = (
        select(Message.delivery, func.count())
        .where(Message.conversation_id == conversation_id, Message.delivery.is_not(None))
        .group_by(Message.delivery)
    )
    return {str(how): int(n) for how, n in (await session.execute(query)).all()}


async def citizen_of_message(session: AsyncSession, message_id: int) -> int:
    message = await session.get_one(Message, message_id)
    conversation = await session.get_one(Conversation, message.conversation_id)
    return conversation.citizen_id


async def add_attachment(
    session: AsyncSession, message_id: int, attachment: dict[str, Any]
) -> None:
    """Record a stored attachment (evidence) on the inbound message that carried it."""
    message = await session.get_one(Message, message_id)
    payload = dict(message.payload or {})
    payload["attachments"] = [*payload.get("attachments", []), attachment]
    message.payload = payload
    # The file arrived after its message row: the console's live view redraws on this.
    conversation = await session.get_one(Conversation, message.conversation_id)
    conversation.last_message_at = utcnow()


async def handed_off(session: AsyncSession, *, limit: int = 100) -> Sequence[Conversation]:
    """Conversations staff hold now, most recently active first."""
    query = (
        select(Conversation)
        .where(Conversation.handoff_active.is_(True))
        .order_by(Conversation.last_message_at.desc().nulls_last(), Conversation.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def add_staff_reply(
    session: AsyncSession, *, conversation: Conversation, text: str, staff_id: int
) -> Message:
    """Queue a staff reply; the delivery worker pushes it through the citizen's own channel."""
    if not conversation.handoff_active:
        raise Conflict("take the conversation over before replying")
    staff_present(conversation)
    citizen = await citizens.get_by_id(session, conversation.citizen_id)
    message = add_outbound(
        session,
        conversation=conversation,
        channel=citizen.channel,
        text=text,
        language=citizen.language,
        author=Author.STAFF,
        staff_id=staff_id,
    )
    await session.flush()
    return message


def citizen_label(citizen: Citizen) -> str:
    """What the console calls a citizen: the channel's display name, else a masked id."""
    if citizen.display_name:
        return citizen.display_name
    user_id = citizen.channel_user_id
    masked = user_id if len(user_id) <= 8 else f"{user_id[:4]}…{user_id[-4:]}"
    return f"{citizen.channel}:{masked}"


async def handed_off_with_citizens(
    session: AsyncSession, *, limit: int = 100
) -> list[tuple[Conversation, Citizen]]:
    """Handed-off conversations and their citizens, most recently active first."""
    query = (
        select(Conversation, Citizen)
        .join(Citizen, Citizen.id == Conversation.citizen_id)
        .where(Conversation.handoff_active.is_(True))
        .order_by(Conversation.last_message_at.desc().nulls_last(), Conversation.id)
        .limit(limit)
    )
    return [(conversation, citizen) for conversation, citizen in (await session.execute(query))]


async def unread_counts(session: AsyncSession, conversation_ids: Sequence[int]) -> dict[int, int]:
    """Citizen messages routed to staff after the last staff reply, per conversation."""
    if not conversation_ids:
        return {}
    last_staff = (
        select(Message.conversation_id.label("cid"), func.max(Message.id).label("mid"))
        .where(Message.conversation_id.in_(conversation_ids), Message.author == Author.STAFF)
        .group_by(Message.conversation_id)
        .subquery()
    )
    query = (
        select(Message.conversation_id, func.count())
        .outerjoin(last_staff, last_staff.c.cid == Message.conversation_id)
        .where(
            Message.conversation_id.in_(conversation_ids),
            Message.status == MessageStatus.FOR_STAFF,
            Message.id > func.coalesce(last_staff.c.mid, 0),
        )
        .group_by(Message.conversation_id)
    )
    return {int(cid): int(n) for cid, n in (await session.execute(query)).all()}


async def attachment_of(
    session: AsyncSession, *, conversation_id: int, message_id: int, index: int
) -> dict[str, Any]:
    """One stored attachment of a message in this conversation (404 otherwise)."""
    message = await session.get(Message, message_id)
    if message is None or message.conversation_id != conversation_id:
        raise NotFound("message not found")
    attachments = (message.payload or {}).get("attachments") or []
    if not 0 <= index < len(attachments) or not attachments[index].get("ref"):
        raise NotFound("attachment not found")
    return dict(attachments[index])
