"""The console's inbox: conversations waiting for a person and why, filtered by who holds
them; and conversations the bot holds, which staff may take over."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.citizens.models import Citizen
from api.conversations import assignment, service, staffing
from api.conversations.assignment import ConversationAssignment
from api.conversations.models import Author, Conversation, Message
from api.conversations.office_hours import OfficeHours
from api.staff.models import Staff

# Two misunderstood turns in a row: the bot is failing this citizen.
FAILED_TURNS_LIMIT = 2
# The "bot" view: conversations the bot held recently.
RECENT = timedelta(days=1)


class InboxView(StrEnum):
    MINE = "mine"
    """Waiting conversations I hold."""
    UNASSIGNED = "unassigned"
    """Waiting conversations nobody holds."""
    ALL = "all"
    """Every waiting conversation."""
    BOT = "bot"
    """Conversations the bot holds, active in the last day: candidates for a take-over."""


class WaitingReason(StrEnum):
    ASKED = "asked"
    """Handed off (the citizen asked, or staff took it over), no staff reply yet."""
    BOT_FAILED = "bot_failed"
    """The bot misunderstood the citizen twice in a row; it still holds the conversation."""
    NEW_MESSAGE = "new_message"
    """The citizen wrote again after the last staff reply."""
    ANSWERED = "answered"
    """Staff replied last; waiting for the citizen."""
    BOT = "bot"
    """The bot holds it and is doing fine."""


@dataclass(frozen=True)
class InboxEntry:
    conversation: Conversation
    citizen: Citizen
    assignee: Staff | None
    unread: int
    reason: WaitingReason
    unanswered: bool
    """Nobody answered within office hours."""


def _view_filter(view: InboxView, staff_id: int, now: datetime) -> ColumnElement[bool]:
    waiting = or_(
        Conversation.handoff_active.is_(True), Conversation.failed_turns >= FAILED_TURNS_LIMIT
    )
    held = select(ConversationAssignment.conversation_id)
    if view == InboxView.MINE:
        mine = held.where(ConversationAssignment.staff_id == staff_id)
        return waiting & Conversation.id.in_(mine)
    if view == InboxView.UNASSIGNED:
        return waiting & Conversation.id.not_in(held)
    if view == InboxView.BOT:
        return Conversation.handoff_active.is_(False) & (
            Conversation.last_message_at >= now - RECENT
        )
    return waiting


async def _last_staff_replies(
    session: AsyncSession, conversation_ids: Sequence[int]
) -> dict[int, datetime]:
    query = (
        select(Message.conversation_id, func.max(Message.created_at))
        .where(Message.conversation_id.in_(conversation_ids), Message.author == Author.STAFF)
        .group_by(Message.conversation_id)
    )
    return {int(cid): at for cid, at in (await session.execute(query)).all()}


def _reason(conversation: Conversation, unread: int, replied: datetime | None) -> WaitingReason:
    if not conversation.handoff_active:
        if conversation.failed_turns >= FAILED_TURNS_LIMIT:
            return WaitingReason.BOT_FAILED
        return WaitingReason.BOT
    if replied is None:
        return WaitingReason.ASKED
    return WaitingReason.NEW_MESSAGE if unread else WaitingReason.ANSWERED


async def entries(
    session: AsyncSession,
    *,
    view: InboxView,
    staff_id: int,
    hours: OfficeHours,
    now: datetime,
    limit: int = 100,
) -> list[InboxEntry]:
    """The inbox in `view`, most recently active first."""
    query = (
        select(Conversation, Citizen)
        .join(Citizen, Citizen.id == Conversation.citizen_id)
        .where(_view_filter(view, staff_id, now))
        .order_by(Conversation.last_message_at.desc().nulls_last(), Conversation.id)
        .limit(limit)
    )
    found = [(conversation, citizen) for conversation, citizen in await session.execute(query)]
    ids = [c.id for c, _ in found]
    unread = await service.unread_counts(session, ids)
    holders = await assignment.assignees(session, ids)
    replied = await _last_staff_replies(session, ids)
    return [
        InboxEntry(
            conversation=conversation,
            citizen=citizen,
            assignee=holders.get(conversation.id),
            unread=unread.get(conversation.id, 0),
            reason=_reason(
                conversation, unread.get(conversation.id, 0), replied.get(conversation.id)
            ),
            unanswered=staffing.waited_unanswered(
                conversation, replied.get(conversation.id), hours, now
            ),
        )
        for conversation, citizen in found
    ]
