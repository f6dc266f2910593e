"""Cases: intake, citizen-scoped reads, checked transitions with an immutable event log."""

import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.cases import stages, texts
from api.cases.models import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    CaseStatus,
    RejectionReason,
)
from api.cases.schemas import CaseIntake, CaseUpdate
from api.citizens import service as citizens
from api.citizens.models import Citizen
from api.citizens.privacy import mask_name, mask_phone
from api.core.actors import CITIZEN, Actor
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.insert import insert_ignore
from api.core.time import local_today, utcnow
from api.mediation import service as mediation
from api.notifications.models import NotificationKind
from api.notifications.service import emit

log = logging.getLogger(__name__)


async def _next_number(session: AsyncSession, year: int) -> str:
    """KHH-2026-000123: one atomic UPDATE per number, so concurrent intakes never collide."""
    await insert_ignore(session, CaseNumberCounter, {"year": year, "last_value": 0})
    bump = (
        update(CaseNumberCounter)
        .where(CaseNumberCounter.year == year)
        .values(last_value=CaseNumberCounter.last_value + 1)
        .returning(CaseNumberCounter.last_value)
    )
    value = (await session.execute(bump)).scalar_one()
    return f"KHH-{year}-{value:06d}"


async def _record(
    session: AsyncSession,
    *,
    case: Case,
    source: CaseStatus | None,
    target: CaseStatus,
    actor: Actor,
    note: str | None,
) -> CaseEvent:
    event = CaseEvent(
        case_id=case.id,
        from_status=source,
        to_status=target,
        actor_kind=actor.kind,
        staff_id=actor.staff.id if actor.staff else None,
        note=note,
        created_at=utcnow(),
    )
    session.add(event)
    await session.flush()
    return event


async def create_from_intake(
    session: AsyncSession, *, citizen: Citizen, intake: CaseIntake
) -> Case:
    """A first complaint: contact stored on the citizen, case "received", one event."""
    citizens.set_contact(citizen, name=intake.contact_name, phone=intake.contact_phone)
    today = local_today()
    fields = intake.model_dump(exclude={"contact_name", "contact_phone"})
    case = Case(
        number=await _next_number(session, today.year),
        citizen_id=citizen.id,
        status=CaseStatus.RECEIVED,
        first_complaint_date=today,
        created_at=utcnow(),
        **fields,
    )
    session.add(case)
    await session.flush()
    await _record(
        session, case=case, source=None, target=CaseStatus.RECEIVED, actor=CITIZEN, note=None
    )
    log.info(
        "case %s filed by %s (%s)",
        case.number,
        mask_name(intake.contact_name),
        mask_phone(intake.contact_phone),
    )
    return case


async def list_for_citizen(session: AsyncSession, *, citizen: Citizen) -> Sequence[Case]:
    query = select(Case).where(Case.citizen_id == citizen.id).order_by(Case.id.desc())
    return (await session.execute(query)).scalars().all()


async def get_for_citizen(
    session: AsyncSession, *, citizen: Citizen, number: str, lock: bool = False
) -> Case:
    """The citizen's own case; someone else's number is indistinguishable from none."""
    query = select(Case).where(Case.number == number, Case.citizen_id == citizen.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    case = (await session.execute(query)).scalar_one_or_none()
    if case is None:
        raise NotFound("case not found", number=number)
    return case


def staff_query() -> Select[Case]:
    return select(Case).options(selectinload(Case.citizen))


def ensure_editable(case: Case) -> None:
    """Refuse changes to a decided or finished case (409): it is read-only."""
    if case.status in stages.READ_ONLY_STATUSES:
        raise Conflict(
            "this case is settled or closed and can no longer be edited", status=case.status
        )


async def get_by_number(session: AsyncSession, *, number: str, lock: bool = False) -> Case:
    query = staff_query().where(Case.number == number)
    if lock:
        query = query.with_for_update(of=Case).execution_options(populate_existing=True)
    case = (await session.execute(query)).scalar_one_or_none()
    if case is None:
        raise NotFound("case not found", number=number)
    return case


async def lock(session: AsyncSession, case_id: int) -> Case:
    """Re-read a case under a row lock (PostgreSQL) so transitions on it serialise."""
    query = (
        select(Case)
        .where(Case.id == case_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalar_one()


async def events_of(session: AsyncSession, *, case: Case) -> Sequence[CaseEvent]:
    query = select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    return (await session.execute(query)).scalars().all()


def _check(case: Case, target: CaseStatus, actor: Actor, *, via_booking: bool) -> None:
    source = case.status
    if not stages.is_legal(source, target):
        allowed = sorted(t for t in CaseStatus if stages.is_legal(source, t))
        raise Conflict(
            f"a case cannot go from {source} to {target}",
            from_status=source,
            to_status=target,
            allowed=allowed,
        )
    if ((source, target) in stages.BOOKING_DRIVEN) != via_booking:
        raise Conflict("book or cancel a mediation session to make this change")
    if (source, target) in stages.NEEDS_OVERDUE:
        assert case.business_due_date is not None
        if local_today() <= case.business_due_date:
            raise Conflict(
                "the business still has time to reply", due_date=str(case.business_due_date)
            )
    if actor.staff and not stages.role_may(actor.staff.role, source, target):
        raise Forbidden("your role may not make this change", to_status=target)


async def _apply_side_effects(
    session: AsyncSession, case: Case, target: CaseStatus, reason: RejectionReason | None
) -> None:
    today = local_today()
    if target == CaseStatus.FORWARDED:
        case.business_due_date = today + timedelta(days=stages.BUSINESS_REPLY_DAYS)
    elif target == CaseStatus.MEDIATION_PROPOSED:
        case.objection_due_date = today + timedelta(days=stages.OBJECTION_DAYS)
    elif target == CaseStatus.REJECTED:
        case.rejection_reason = reason
    if case.status == CaseStatus.MEDIATION_SCHEDULED and target != CaseStatus.MEDIATION_REQUESTED:
        await mediation.complete_active(session, case=case)


async def transition(
    session: AsyncSession,
    *,
    case: Case,
    target: CaseStatus,
    actor: Actor,
    note: str | None = None,
    rejection_reason: RejectionReason | None = None,
    via_booking: bool = False,
) -> CaseEvent:
    """Move a (locked) case along the statutory path; record the event; tell the citizen."""
    _check(case, target, actor, via_booking=via_booking)
    source = case.status
    await _apply_side_effects(session, case, target, rejection_reason)
    case.status = target
    case.updated_at = utcnow()
    event = await _record(session, case=case, source=source, target=target, actor=actor, note=note)
    starts = await mediation.session_starts(session, case_ids=[case.id])
    message = texts.stage_changed(case, today=local_today(), session_start=starts.get(case.id))
    await emit(
        session,
        citizen_id=case.citizen_id,
        kind=NotificationKind.STAGE_CHANGED,
        dedupe_key=f"stage:{event.id}",
        text_zh=message.zh,
        text_en=message.en,
    )
    return event


async def add_note(session: AsyncSession, *, case: Case, actor: Actor, note: str) -> CaseEvent:
    """An event that records something without changing the stage (e.g. a reschedule)."""
    return await _record(
        session, case=case, source=case.status, target=case.status, actor=actor, note=note
    )


async def update_fields(
    session: AsyncSession, *, case: Case, case_in: CaseUpdate, actor: Actor
) -> Case:
    """Correct form fields; the change is noted in the event log (names only, no values)."""
    ensure_editable(case)
    changes = case_in.model_dump(exclude_unset=True)
    if not changes:
        return case
    for field, value in changes.items():
        setattr(case, field, value)
    case.updated_at = utcnow()
    await add_note(session, case=case, actor=actor, note=f"edited: {', '.join(sorted(changes))}")
    return case
