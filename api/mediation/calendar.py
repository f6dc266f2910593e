"""The mediation calendar: sessions with their bookings by day or week; close a session to
new bookings; move a session, which re-books its citizens into the new one and tells them.

Locks follow the service's order: the cases first (id order), then the slots."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import service as cases
from api.cases.models import Case
from api.core.actors import Actor
from api.core.errors import Conflict
from api.core.schemas import as_utc
from api.core.time import utcnow
from api.mediation import notices, service
from api.mediation.models import BookingStatus, MediationBooking, MediationSlot
from api.mediation.schemas import (
    CalendarBooking,
    CalendarSlot,
    SlotCreate,
    SlotMove,
    SlotRead,
)


async def sessions_between(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[CalendarSlot]:
    """Sessions starting in [start, end) that were not moved away, with active bookings."""
    query = (
        select(MediationSlot)
        .where(
            MediationSlot.starts_at >= as_utc(start),
            MediationSlot.starts_at < as_utc(end),
            MediationSlot.moved_to_id.is_(None),
        )
        .order_by(MediationSlot.starts_at, MediationSlot.location)
    )
    slots = (await session.execute(query)).scalars().all()
    booked = await _active_bookings(session, [slot.id for slot in slots])
    return [
        CalendarSlot(
            **SlotRead.model_validate(slot).model_dump(),
            closed=slot.closed_at is not None,
            bookings=booked.get(slot.id, []),
        )
        for slot in slots
    ]


async def _active_bookings(
    session: AsyncSession, slot_ids: list[int]
) -> dict[int, list[CalendarBooking]]:
    query = (
        select(MediationBooking, Case.number)
        .join(Case, Case.id == MediationBooking.case_id)
        .where(
            MediationBooking.slot_id.in_(slot_ids),
            MediationBooking.status == BookingStatus.ACTIVE,
        )
        .order_by(MediationBooking.id)
    )
    found: dict[int, list[CalendarBooking]] = {}
    for booking, number in (await session.execute(query)).all():
        row = CalendarBooking(id=booking.id, case_number=number, status=booking.status)
        found.setdefault(booking.slot_id, []).append(row)
    return found


async def close(session: AsyncSession, *, slot_id: int) -> MediationSlot:
    """No new bookings in this session; those already made stay."""
    slot = (await service.lock_slots(session, [slot_id]))[slot_id]
    if slot.closed_at is None:
        slot.closed_at = utcnow()
    await session.flush()
    return slot


async def _bookings_of(session: AsyncSession, slot_id: int) -> Sequence[MediationBooking]:
    query = (
        select(MediationBooking)
        .where(
            MediationBooking.slot_id == slot_id,
            MediationBooking.status == BookingStatus.ACTIVE,
        )
        .order_by(MediationBooking.case_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalars().all()


def _check_movable(slot: MediationSlot, move_in: SlotMove) -> None:
    if slot.moved_to_id is not None:
        raise Conflict("this session was already moved", moved_to=slot.moved_to_id)
    if as_utc(slot.starts_at) <= utcnow():
        raise Conflict("this session has already started", slot_id=slot.id)
    if as_utc(move_in.starts_at) <= utcnow():
        raise Conflict("a session can only move to a time in the future")


async def move(
    session: AsyncSession, *, slot_id: int, move_in: SlotMove, actor: Actor
) -> MediationSlot:
    """A new session at the new time takes over every active booking; the old one is closed
    and points at it; each booked citizen gets a moved-session notice."""
    waiting = await _bookings_of(session, slot_id)
    locked = {case.id: case for case in [await cases.lock(session, b.case_id) for b in waiting]}
    old = (await service.lock_slots(session, [slot_id]))[slot_id]
    _check_movable(old, move_in)
    new = await service.create_slot(
        session,
        slot_in=SlotCreate(
            starts_at=move_in.starts_at,
            ends_at=move_in.ends_at,
            location=move_in.location or old.location,
            mediator=move_in.mediator or old.mediator,
            capacity=old.capacity,
        ),
    )
    bookings = await _bookings_of(session, slot_id)
    now = utcnow()
    for booking in bookings:
        booking.slot_id = new.id
        booking.reschedule_reason = move_in.reason
        booking.reschedule_count += 1
        booking.updated_at = now
    new.booked_count, old.booked_count = len(bookings), 0
    old.closed_at, old.moved_to_id = now, new.id
    await session.flush()
    for booking in bookings:
        case = locked.get(booking.case_id) or await cases.lock(session, booking.case_id)
        note = f"session moved: {move_in.reason}"
        event = await cases.add_note(session, case=case, actor=actor, note=note)
        await notices.rescheduled(session, case=case, slot=new, event_id=event.id)
    return new
