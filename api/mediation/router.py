"""Mediation over HTTP: the bot books for its citizen's own cases; staff for any case."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from api.cases import service as cases
from api.citizens.deps import CurrentCitizen
from api.core.actors import CITIZEN, Actor
from api.core.deps import SessionDep
from api.core.schemas import errors
from api.core.strict import IsoDatetime
from api.core.time import utcnow
from api.mediation import calendar, service, views
from api.mediation.schemas import (
    BookingCreate,
    BookingRead,
    BotBookingRead,
    BotSlotRead,
    CalendarSlot,
    CancelRequest,
    RescheduleRequest,
    SlotCreate,
    SlotMove,
    SlotRead,
)
from api.staff.deps import CurrentStaff, OfficerStaff

bot_router = APIRouter(prefix="/api/bot/mediation", tags=["bot"])
staff_router = APIRouter(prefix="/api/mediation", tags=["mediation"])


async def _bot_read(session: SessionDep, booking_id: int) -> BotBookingRead:
    row = (await service.bookings_with_slots(session, booking_ids=[booking_id]))[0]
    return views.bot_booking(*row)


async def _staff_read(session: SessionDep, booking_id: int) -> BookingRead:
    row = (await service.bookings_with_slots(session, booking_ids=[booking_id]))[0]
    return views.staff_booking(*row)


@bot_router.get("/slots", response_model=list[BotSlotRead], responses=errors(401, 404, 409))
async def free_slots(
    case_number: str, session: SessionDep, citizen: CurrentCitizen
) -> list[BotSlotRead]:
    """Action server, for the sender: free sessions for one of the sender's cases."""
    case = await cases.get_for_citizen(session, citizen=citizen, number=case_number)
    return [views.bot_slot(s) for s in await service.free_slots_for_case(session, case=case)]


@bot_router.get("/bookings", response_model=list[BotBookingRead], responses=errors(401))
async def my_bookings(session: SessionDep, citizen: CurrentCitizen) -> list[BotBookingRead]:
    """Action server, for the sender: the sender's active bookings."""
    rows = await service.bookings_with_slots(session, citizen=citizen, active_only=True)
    return [views.bot_booking(*row) for row in rows]


@bot_router.post(
    "/bookings", status_code=201, response_model=BotBookingRead, responses=errors(401, 404, 409)
)
async def book_for_citizen(
    body: BookingCreate, session: SessionDep, citizen: CurrentCitizen
) -> BotBookingRead:
    """Action server, for the sender: book a session for the sender's own case."""
    case = await cases.get_for_citizen(session, citizen=citizen, number=body.case_number, lock=True)
    booking = await service.book(session, case=case, slot_id=body.slot_id, actor=CITIZEN)
    return await _bot_read(session, booking.id)


@bot_router.post(
    "/bookings/{booking_id}/reschedule",
    response_model=BotBookingRead,
    responses=errors(401, 404, 409),
)
async def reschedule_for_citizen(
    booking_id: int, body: RescheduleRequest, session: SessionDep, citizen: CurrentCitizen
) -> BotBookingRead:
    """Action server, for the sender: move the sender's booking to another session."""
    booking = await service.get_booking(session, booking_id=booking_id, citizen=citizen)
    await service.reschedule(
        session, booking=booking, slot_id=body.slot_id, reason=body.reason, actor=CITIZEN
    )
    return await _bot_read(session, booking.id)


@bot_router.post(
    "/bookings/{booking_id}/cancel", response_model=BotBookingRead, responses=errors(401, 404, 409)
)
async def cancel_for_citizen(
    booking_id: int, body: CancelRequest, session: SessionDep, citizen: CurrentCitizen
) -> BotBookingRead:
    """Action server, for the sender: cancel the sender's booking."""
    booking = await service.get_booking(session, booking_id=booking_id, citizen=citizen)
    await service.cancel(session, booking=booking, reason=body.reason, actor=CITIZEN)
    return await _bot_read(session, booking.id)


@staff_router.get("/slots", response_model=list[SlotRead], responses=errors(401))
async def list_slots(
    session: SessionDep,
    _: CurrentStaff,
    after: IsoDatetime | None = None,
    before: IsoDatetime | None = None,
    only_free: Annotated[bool, Query()] = False,
) -> list[SlotRead]:
    """Any staff: sessions from `after` (default now), optionally only those with seats."""
    slots = await service.list_slots(
        session, after=after or utcnow(), before=before, only_free=only_free
    )
    return [SlotRead.model_validate(slot) for slot in slots]


@staff_router.post(
    "/slots", status_code=201, response_model=SlotRead, responses=errors(401, 403, 409)
)
async def create_slot(body: SlotCreate, session: SessionDep, _: OfficerStaff) -> SlotRead:
    """Officer or admin: open a mediation session."""
    return SlotRead.model_validate(await service.create_slot(session, slot_in=body))


@staff_router.get("/calendar", response_model=list[CalendarSlot], responses=errors(401))
async def calendar_days(
    session: SessionDep,
    _: CurrentStaff,
    start: IsoDatetime,
    days: Annotated[int, Query(ge=1, le=31)] = 7,
) -> list[CalendarSlot]:
    """Any staff: sessions from `start` for `days` days, with their active bookings."""
    return await calendar.sessions_between(session, start=start, end=start + timedelta(days=days))


@staff_router.post(
    "/slots/{slot_id}/close", response_model=SlotRead, responses=errors(401, 403, 404)
)
async def close_slot(slot_id: int, session: SessionDep, _: CurrentStaff) -> SlotRead:
    """Officer: the session takes no new bookings (those made stay)."""
    return SlotRead.model_validate(await calendar.close(session, slot_id=slot_id))


@staff_router.post(
    "/slots/{slot_id}/move",
    status_code=201,
    response_model=SlotRead,
    responses=errors(401, 403, 404, 409),
)
async def move_slot(
    slot_id: int, body: SlotMove, session: SessionDep, staff: CurrentStaff
) -> SlotRead:
    """Officer: move a session; its citizens are re-booked into the new one and told."""
    moved = await calendar.move(session, slot_id=slot_id, move_in=body, actor=Actor.of_staff(staff))
    return SlotRead.model_validate(moved)


@staff_router.get("/bookings", response_model=list[BookingRead], responses=errors(401))
async def list_bookings(
    session: SessionDep, _: CurrentStaff, active_only: bool = True
) -> list[BookingRead]:
    """Any staff: bookings by session time."""
    rows = await service.bookings_with_slots(session, active_only=active_only)
    return [views.staff_booking(*row) for row in rows]


@staff_router.post(
    "/bookings", status_code=201, response_model=BookingRead, responses=errors(401, 404, 409)
)
async def book_for_case(
    body: BookingCreate, session: SessionDep, staff: CurrentStaff
) -> BookingRead:
    """Any staff: book a session for a case in the mediation stage."""
    case = await cases.get_by_number(session, number=body.case_number, lock=True)
    booking = await service.book(
        session, case=case, slot_id=body.slot_id, actor=Actor.of_staff(staff)
    )
    return await _staff_read(session, booking.id)


@staff_router.post(
    "/bookings/{booking_id}/reschedule", response_model=BookingRead, responses=errors(401, 404, 409)
)
async def reschedule_booking(
    booking_id: int, body: RescheduleRequest, session: SessionDep, staff: CurrentStaff
) -> BookingRead:
    """Any staff: move a booking to another session, with a reason."""
    booking = await service.get_booking(session, booking_id=booking_id)
    actor = Actor.of_staff(staff)
    await service.reschedule(
        session, booking=booking, slot_id=body.slot_id, reason=body.reason, actor=actor
    )
    return await _staff_read(session, booking.id)


@staff_router.post(
    "/bookings/{booking_id}/cancel", response_model=BookingRead, responses=errors(401, 404, 409)
)
async def cancel_booking(
    booking_id: int, body: CancelRequest, session: SessionDep, staff: CurrentStaff
) -> BookingRead:
    """Any staff: cancel a booking, with a reason."""
    booking = await service.get_booking(session, booking_id=booking_id)
    await service.cancel(session, booking=booking, reason=body.reason, actor=Actor.of_staff(staff))
    return await _staff_read(session, booking.id)
