"""The mediation calendar: a week or a day of sessions (room, mediator, capacity, bookings);
officers create, close and move sessions. Moving one re-books its citizens into the new
session and tells each of them (api/mediation/calendar.py)."""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.actors import Actor
from api.core.deps import SessionDep
from api.core.errors import DeskError
from api.core.time import local_today, local_zone
from api.mediation import calendar, service
from api.mediation.schemas import SlotCreate, SlotMove
from api.staff.deps import SignedIn
from api.staff.policy import Permission, may
from desk.console.pages.cases import failure, staff_with
from desk.console.web import Screen, render

router = APIRouter(prefix="/console/mediation")
MediationReader = Annotated[SignedIn, Depends(staff_with(Permission.MEDIATION_READ))]
MediationWorker = Annotated[SignedIn, Depends(staff_with(Permission.MEDIATION))]
VIEWS = {"week": 7, "day": 1}


def _first_day(view: str, on: date) -> date:
    """A week starts on Monday; a day is itself."""
    return on - timedelta(days=on.weekday()) if view == "week" else on


def _local(moment: str) -> datetime:
    """A `datetime-local` field (office time) as an aware datetime."""
    return datetime.fromisoformat(moment).replace(tzinfo=local_zone())


def _period(view: str, on: str | None) -> tuple[str, date]:
    view = view if view in VIEWS else "week"
    try:
        day = date.fromisoformat(on) if on else local_today()
    except ValueError:
        day = local_today()
    return view, _first_day(view, day)


async def _calendar_context(
    db: AsyncSession, who: SignedIn, view: str, first: date, **extra: Any
) -> dict[str, Any]:
    length = VIEWS[view]
    start = datetime.combine(first, time.min, tzinfo=local_zone())
    slots = await calendar.sessions_between(db, start=start, end=start + timedelta(days=length))
    days = [first + timedelta(days=n) for n in range(length)]
    by_day: dict[date, list[Any]] = {day: [] for day in days}
    zone = local_zone()
    for slot in slots:
        by_day.setdefault(slot.starts_at.astimezone(zone).date(), []).append(slot)
    return {
        "view": view,
        "first": first,
        "days": days,
        "by_day": by_day,
        "previous": first - timedelta(days=length),
        "next": first + timedelta(days=length),
        "today": local_today(),
        "may_work": may(who.staff.role, Permission.MEDIATION),
        "local": lambda moment: moment.astimezone(zone),
        **extra,
    }


@router.get("")
async def calendar_page(
    request: Request,
    db: SessionDep,
    who: MediationReader,
    view: str = "week",
    on: str | None = None,
) -> Response:
    """Any staff: the week (or day) of mediation sessions."""
    view, first = _period(view, on)
    context = await _calendar_context(db, who, view, first)
    return render(Screen(request, who), "mediation.html", context)


async def _redraw(
    request: Request, db: AsyncSession, who: SignedIn, view: str, on: str, change: Any
) -> Response:
    """Make the change and redraw the calendar; a refusal is rolled back and shown."""
    extra: dict[str, str] = {}
    try:
        async with db.begin_nested():  # a refusal undoes this change only
            await change()
        extra["message"] = Screen(request, who).t("saved")
    except (DeskError, ValidationError, ValueError) as exc:
        extra["error"] = failure(exc)
    view, first = _period(view, on)
    context = await _calendar_context(db, who, view, first, **extra)
    return render(Screen(request, who), "partials/calendar.html", context)


@router.post("/sessions")
async def create_session(
    request: Request,
    db: SessionDep,
    who: MediationWorker,
    starts_at: Annotated[str, Form()],
    ends_at: Annotated[str, Form()],
    location: Annotated[str, Form()],
    mediator: Annotated[str, Form()],
    capacity: Annotated[int, Form()] = 1,
    view: Annotated[str, Form()] = "week",
    on: Annotated[str, Form()] = "",
) -> Response:
    """Officer: open a session."""

    async def change() -> object:
        slot_in = SlotCreate(
            starts_at=_local(starts_at),
            ends_at=_local(ends_at),
            location=location.strip(),
            mediator=mediator.strip(),
            capacity=capacity,
        )
        return await service.create_slot(db, slot_in=slot_in)

    return await _redraw(request, db, who, view, on or starts_at[:10], change)


@router.post("/sessions/{slot_id}/close")
async def close_session(
    slot_id: int,
    request: Request,
    db: SessionDep,
    who: MediationWorker,
    view: Annotated[str, Form()] = "week",
    on: Annotated[str, Form()] = "",
) -> Response:
    """Officer: no new bookings in this session."""

    async def change() -> object:
        return await calendar.close(db, slot_id=slot_id)

    return await _redraw(request, db, who, view, on, change)


@router.post("/sessions/{slot_id}/move")
async def move_session(
    slot_id: int,
    request: Request,
    db: SessionDep,
    who: MediationWorker,
    starts_at: Annotated[str, Form()],
    ends_at: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    location: Annotated[str, Form()] = "",
    mediator: Annotated[str, Form()] = "",
    view: Annotated[str, Form()] = "week",
    on: Annotated[str, Form()] = "",
) -> Response:
    """Officer: move a session; its citizens are re-booked and told."""

    async def change() -> object:
        move_in = SlotMove(
            starts_at=_local(starts_at),
            ends_at=_local(ends_at),
            location=location.strip() or None,
            mediator=mediator.strip() or None,
            reason=reason.strip(),
        )
        actor = Actor.of_staff(who.staff)
        return await calendar.move(db, slot_id=slot_id, move_in=move_in, actor=actor)

    return await _redraw(request, db, who, view, on or starts_at[:10], change)
