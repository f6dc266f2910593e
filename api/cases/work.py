"""A day's case work for staff: find cases, record the business's reply, internal notes,
contact corrections (audited with old and new value) and the officer working the case.

A settled, not settled, closed or rejected case is read-only: only the legal moves in
api/cases/stages.py remain (e.g. settled → closed)."""

from collections.abc import Sequence
from datetime import date
from typing import TypeVarTuple

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.cases import service as cases
from api.cases.models import Case, CaseEvent, CaseStatus
from api.cases.schemas import CaseFilter, ContactUpdate
from api.core.actors import Actor
from api.core.errors import Conflict, Unprocessable
from api.core.time import local_today
from api.staff.models import Staff, StaffRole

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
Columns = TypeVarTuple("Columns")


def is_overdue(case: Case, today: date) -> bool:
    """The business let its 15 days pass without a reply."""
    due = case.business_due_date
    return case.status == CaseStatus.FORWARDED and due is not None and today > due


def _matching(query: Select[*Columns], filters: CaseFilter) -> Select[*Columns]:
    """`query` narrowed by the list's filters."""
    if filters.status:
        query = query.where(Case.status == filters.status)
    if filters.category:
        query = query.where(Case.category == filters.category)
    if filters.overdue:
        query = query.where(
            Case.status == CaseStatus.FORWARDED, Case.business_due_date < local_today()
        )
    if filters.officer_id is not None:
        query = query.where(Case.assigned_officer_id == filters.officer_id)
    if filters.business:
        query = query.where(Case.business_name.contains(filters.business.strip()))
    if filters.q and filters.q.strip():
        term = filters.q.strip()
        query = query.where(or_(Case.number == term.upper(), Case.business_name.contains(term)))
    return query


async def find(
    session: AsyncSession, *, filters: CaseFilter, limit: int, offset: int
) -> Sequence[Case]:
    """Cases newest first, narrowed by the list's filters."""
    query = cases.staff_query().order_by(Case.id.desc()).limit(limit).offset(offset)
    return (await session.execute(_matching(query, filters))).scalars().all()


async def count(session: AsyncSession, *, filters: CaseFilter) -> int:
    """How many cases the list's filters match (for its paging)."""
    query = _matching(select(func.count()).select_from(Case), filters)
    return int(await session.scalar(query) or 0)


def replied_on_time(case: Case) -> bool | None:
    """Did the business reply within its 15 days? None while no reply is recorded."""
    if case.business_reply_date is None:
        return None
    due = case.business_due_date
    return due is None or case.business_reply_date <= due


async def record_business_reply(
    session: AsyncSession, *, case: Case, replied_on: date, note: str | None, actor: Actor
) -> CaseEvent:
    """The business answered: keep the date, judge it against the 15 days, move the case on
    (the citizen is told, as for every stage change)."""
    if case.status != CaseStatus.FORWARDED:
        raise Conflict("only a forwarded case waits for the business's reply", status=case.status)
    case.business_reply_date = replied_on
    verdict = "on time" if replied_on_time(case) else "late"
    text = f"business replied on {replied_on.isoformat()} ({verdict})"
    return await cases.transition(
        session,
        case=case,
        target=CaseStatus.BUSINESS_REPLIED,
        actor=actor,
        note=f"{text}: {note}" if note else text,
    )


async def add_internal_note(
    session: AsyncSession, *, case: Case, note: str, actor: Actor
) -> CaseEvent:
    """A note for colleagues on the timeline; the citizen is not told."""
    cases.ensure_editable(case)
    return await cases.add_note(session, case=case, actor=actor, note=f"note: {note.strip()}")


async def correct_contact(
    session: AsyncSession, *, case: Case, contact_in: ContactUpdate, staff: Staff
) -> list[str]:
    """Correct the citizen's contact details; each changed field goes to the change log with
    its old and new value, the timeline names the fields only. Returns the changed fields."""
    cases.ensure_editable(case)
    citizen = case.citizen
    changed = []
    for field, new in contact_in.model_dump(exclude_unset=True).items():
        old = getattr(citizen, field)
        if new is None or new == old:
            continue
        setattr(citizen, field, new)
        audit.record_change(
            session,
            staff_id=staff.id,
            citizen_id=citizen.id,
            subject=f"case {case.number}: contact",
            field=field,
            old=old,
            new=new,
        )
        changed.append(field)
    if changed:
        note = f"contact corrected: {', '.join(changed)}"
        await cases.add_note(session, case=case, actor=Actor.of_staff(staff), note=note)
    return changed


async def assign_officer(
    session: AsyncSession, *, case: Case, officer_id: int | None, actor: Actor
) -> Case:
    """Name the consumer protection officer working the case (or nobody)."""
    cases.ensure_editable(case)
    name = "nobody"
    if officer_id is not None:
        officer = await session.get(Staff, officer_id)
        if officer is None or not officer.active or officer.role == StaffRole.AGENT:
            raise Unprocessable("pick an active officer", staff_id=officer_id)
        name = officer.display_name
    case.assigned_officer_id = officer_id
    await cases.add_note(session, case=case, actor=actor, note=f"assigned to {name}")
    return case


async def officers(session: AsyncSession) -> Sequence[Staff]:
    """Staff who may work cases, for the assignment and filter lists."""
    query = (
        select(Staff)
        .where(Staff.active.is_(True), Staff.role != StaffRole.AGENT)
        .order_by(Staff.display_name)
    )
    return (await session.execute(query)).scalars().all()


async def staff_names(session: AsyncSession, staff_ids: Sequence[int | None]) -> dict[int, str]:
    """Display names of the staff behind events (for the timeline)."""
    wanted = {i for i in staff_ids if i is not None}
    if not wanted:
        return {}
    query = select(Staff.id, Staff.display_name).where(Staff.id.in_(wanted))
    return {staff_id: name for staff_id, name in (await session.execute(query)).all()}
