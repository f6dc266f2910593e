"""Who on the staff holds a handed-off conversation: take, assign to a colleague, release.

Its own table (one row per assigned conversation) beside the conversations package's,
so assignment can change without touching the message lifecycle."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.errors import Conflict, NotFound
from api.core.models import IdMixin
from api.core.time import utcnow
from api.staff.models import Staff


class ConversationAssignment(IdMixin, Base):
    __tablename__ = "conversation_assignments"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    assigned_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))


async def _row(session: AsyncSession, conversation_id: int) -> ConversationAssignment | None:
    query = select(ConversationAssignment).where(
        ConversationAssignment.conversation_id == conversation_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def assign(
    session: AsyncSession, *, conversation_id: int, staff_id: int, by: int
) -> ConversationAssignment:
    """Give the conversation to an active colleague (or oneself: `take`)."""
    colleague = await session.get(Staff, staff_id)
    if colleague is None or not colleague.active:
        raise NotFound("no active staff member with this id")
    row = await _row(session, conversation_id)
    if row is None:
        row = ConversationAssignment(conversation_id=conversation_id, staff_id=staff_id)
        session.add(row)
    row.staff_id, row.assigned_by, row.assigned_at = staff_id, by, utcnow()
    await session.flush()
    return row


async def take(session: AsyncSession, *, conversation_id: int, staff_id: int) -> None:
    """Take an unassigned conversation; one a colleague holds must be assigned instead."""
    row = await _row(session, conversation_id)
    if row is not None and row.staff_id != staff_id:
        raise Conflict("a colleague holds this conversation", staff_id=row.staff_id)
    await assign(session, conversation_id=conversation_id, staff_id=staff_id, by=staff_id)


async def release(session: AsyncSession, *, conversation_id: int) -> None:
    await session.execute(
        delete(ConversationAssignment).where(
            ConversationAssignment.conversation_id == conversation_id
        )
    )


async def assignees(session: AsyncSession, conversation_ids: Sequence[int]) -> dict[int, Staff]:
    """conversation id → the staff member holding it, for the given conversations."""
    if not conversation_ids:
        return {}
    query = (
        select(ConversationAssignment.conversation_id, Staff)
        .join(Staff, Staff.id == ConversationAssignment.staff_id)
        .where(ConversationAssignment.conversation_id.in_(conversation_ids))
    )
    return {cid: staff for cid, staff in (await session.execute(query)).all()}
