"""Mediation slots and bookings: no overbooking, no double booking, even when raced.

Every write locks the case row, then the slot rows in id order (SELECT … FOR UPDATE
on PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE). The CHECK on
`booked_count <= capacity` and the partial unique index on a case's active booking
are the database's own backstop.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import service as cases
from api.cases.models import Case, CaseStatus
from api.cases.stages import MEDIATION_STATUSES
from api.citizens.models import Citizen
from api.core.actors import Actor
from api.core.errors import Conflict, NotFound
from api.core.schemas import as_utc
from api.core.time import utcnow
from api.mediation import notices
from api.mediation.models import BookingStatus, MediationBooking, MediationSlot
from api.mediation.schemas import SlotCreate


async def create_slot(session: AsyncSession, *, slot_in: SlotCreate) -> MediationSlot:
    slot = MediationSlot(**slot_in.model_dump(), booked_count=0, created_at=utcnow())
    session.add(slot)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise Conflict("that room already has a session starting then") from exc
    return slot


async def list_slots(
    session: AsyncSession, *, after: datetime, before: datetime | None, only_free: bool
) -> Sequence[MediationSlot]:
    query = select(MediationSlot).where(MediationSlot.starts_at >= as_utc(after))
    if before is not None:
        query = query.where(MediationSlot.starts_at < as_utc(before))
    if only_free:
        query = query.where(
            MediationSlot.booked_count < MediationSlot.capacity, MediationSlot.closed_at.is_(None)
        )
    query = query.order_by(MediationSlot.starts_at, MediationSlot.id).limit(200)
    return (await session.execute(query)).scalars().all()


async def active_booking(session: AsyncSession, *, case: Case) -> MediationBooking | None:
    query = select(MediationBooking).where(
        MediationBooking.case_id == case.id, MediationBooking.status == BookingStatus.ACTIVE
    )
    return (await session.execute(query)).scalar_one_or_none()


async def session_starts(session: AsyncSession, *, case_ids: list[int]) -> dict[int, datetime]:
    """Start of each case's active booking (cases without one are left out)."""
    if not case_ids:
        return {}
    query = (
        select(MediationBooking.case_id, MediationSlot.starts_at)
        .join(MediationSlot, MediationSlot.id == MediationBooking.slot_id)
        .where(
            MediationBooking.case_id.in_(case_ids),
            MediationBooking.status == BookingStatus.ACTIVE,
        )
    )
    return {case_id: starts_at for case_id, starts_at in (await session.execute(query)).all()}


async def complete_active(session: AsyncSession, *, case: Case) -> None:
    """The session took place (the case moved on): its booking is done, no longer active."""
    await session.execute(
        update(MediationBooking)
        .where(
            MediationBooking.case_id == case.id,
            MediationBooking.status == BookingStatus.ACTIVE,
        )
        .values(status=BookingStatus.COMPLETED, updated_at=utcnow())
    )


async def free_slots_for_case(
    session: AsyncSession, *, case: Case, limit: int = 20
) -> Sequence[MediationSlot]:
    """Future sessions with a free seat, other than the one the case already holds."""
    if case.status not in MEDIATION_STATUSES:
        raise Conflict("this case is not in the mediation stage", status=case.status)
    current = await active_booking(session, case=case)
    slots = await list_slots(session, after=utcnow(), before=None, only_free=True)
    return [s for s in slots if current is None or s.id != current.slot_id][:limit]


async def lock_slots(session: AsyncSession, slot_ids: list[int]) -> dict[int, MediationSlot]:
    query = (
        select(MediationSlot)
        .where(MediationSlot.id.in_(slot_ids))
        .order_by(MediationSlot.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    slots = {slot.id: slot for slot in (await session.execute(query)).scalars().all()}
    missing = set(slot_ids) - set(slots)
    if missing:
        raise NotFound("mediation slot not found", slot_id=min(missing))
    return slots


def _take_seat(slot: MediationSlot) -> None:
    if slot.closed_at is not None:
        raise Conflict("this session is closed", slot_id=slot.id)
    if as_utc(slot.starts_at) <= utcnow():
        raise Conflict("this session has already started", slot_id=slot.id)
    if slot.booked_count >= slot.capacity:
        raise Conflict("this session is full", slot_id=slot.id)
    slot.booked_count += 1


async def _flush_or_conflict(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        # Reached only if a race slipped past the locks; the constraint held.
        raise Conflict("this booking conflicts with another one") from exc


async def book(
    session: AsyncSession, *, case: Case, slot_id: int, actor: Actor
) -> MediationBooking:
    """Book a seat for a case in "mediation requested" (the case must be locked)."""
    if case.status != CaseStatus.MEDIATION_REQUESTED:
        raise Conflict("this case is not waiting for a mediation session", status=case.status)
    if await active_booking(session, case=case) is not None:
        raise Conflict("this case already has a mediation session booked")
    slot = (await lock_slots(session, [slot_id]))[slot_id]
    _take_seat(slot)
    now = utcnow()
    booking = MediationBooking(
        case_id=case.id,
        slot_id=slot.id,
        status=BookingStatus.ACTIVE,
        created_at=now,
        updated_at=now,
    )
    session.add(booking)
    await _flush_or_conflict(session)
    await cases.transition(
        session, case=case, target=CaseStatus.MEDIATION_SCHEDULED, actor=actor, via_booking=True
    )
    return booking


async def _locked_active(session: AsyncSession, booking: MediationBooking) -> Case:
    """Lock the booking's case, then re-read the booking: it must still be active."""
    case = await cases.lock(session, booking.case_id)
    await session.refresh(booking)
    if booking.status != BookingStatus.ACTIVE:
        raise Conflict("this booking is no longer active", status=booking.status)
    return case


async def reschedule(
    session: AsyncSession, *, booking: MediationBooking, slot_id: int, reason: str, actor: Actor
) -> MediationBooking:
    case = await _locked_active(session, booking)
    if slot_id == booking.slot_id:
        raise Conflict("the booking is already in this session")
    slots = await lock_slots(session, [booking.slot_id, slot_id])
    _take_seat(slots[slot_id])
    slots[booking.slot_id].booked_count -= 1
    booking.slot_id = slot_id
    booking.reschedule_reason = reason
    booking.reschedule_count += 1
    booking.updated_at = utcnow()
    await _flush_or_conflict(session)
    event = await cases.add_note(session, case=case, actor=actor, note=f"rescheduled: {reason}")
    await notices.rescheduled(session, case=case, slot=slots[slot_id], event_id=event.id)
    return booking


async def cancel(
    session: AsyncSession, *, booking: MediationBooking, reason: str, actor: Actor
) -> MediationBooking:
    """Release the seat; the case goes back to "mediation requested"."""
    case = await _locked_active(session, booking)
    slot = (await lock_slots(session, [booking.slot_id]))[booking.slot_id]
    slot.booked_count -= 1
    booking.status = BookingStatus.CANCELLED
    booking.cancel_reason = reason
    booking.updated_at = utcnow()
    await _flush_or_conflict(session)
    await cases.transition(
        session,
        case=case,
        target=CaseStatus.MEDIATION_REQUESTED,
        actor=actor,
        note=f"booking cancelled: {reason}",
        via_booking=True,
    )
    return booking


async def get_booking(
    session: AsyncSession, *, booking_id: int, citizen: Citizen | None = None
) -> MediationBooking:
    """A booking; for a citizen only one on their own case (else 404)."""
    query = select(MediationBooking).where(MediationBooking.id == booking_id)
    if citizen is not None:
        query = query.join(Case, Case.id == MediationBooking.case_id).where(
            Case.citizen_id == citizen.id
        )
    booking = (await session.execute(query)).scalar_one_or_none()
    if booking is None:
        raise NotFound("booking not found", booking_id=booking_id)
    return booking


async def bookings_with_slots(
    session: AsyncSession,
    *,
    citizen: Citizen | None = None,
    booking_ids: list[int] | None = None,
    active_only: bool = False,
) -> list[tuple[MediationBooking, MediationSlot, str]]:
    """(booking, slot, case number) rows for views, filtered as asked."""
    query = (
        select(MediationBooking, MediationSlot, Case.number)
        .join(MediationSlot, MediationSlot.id == MediationBooking.slot_id)
        .join(Case, Case.id == MediationBooking.case_id)
        .order_by(MediationSlot.starts_at, MediationBooking.id)
    )
    if citizen is not None:
        query = query.where(Case.citizen_id == citizen.id)
    if booking_ids is not None:
        query = query.where(MediationBooking.id.in_(booking_ids))
    if active_only:
        query = query.where(MediationBooking.status == BookingStatus.ACTIVE)
    rows = (await session.execute(query.limit(500))).all()
    return [(booking, slot, number) for booking, slot, number in rows]
