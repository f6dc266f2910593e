"""Passed deadlines staff should act on: the business's 15 days, the 10-day objection window."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.cases.models import Case, CaseStatus
from api.cases.schemas import CaseRead, OverdueRead


async def business_overdue(session: AsyncSession, *, today: date) -> list[Case]:
    """Forwarded cases whose business reply due date has passed."""
    query = (
        select(Case)
        .options(selectinload(Case.citizen))
        .where(Case.status == CaseStatus.FORWARDED, Case.business_due_date < today)
        .order_by(Case.business_due_date, Case.id)
    )
    return list((await session.execute(query)).scalars().all())


async def objection_window_passed(session: AsyncSession, *, today: date) -> list[Case]:
    """Mediation proposals nobody objected to in time: staff record them as settled."""
    query = (
        select(Case)
        .options(selectinload(Case.citizen))
        .where(Case.status == CaseStatus.MEDIATION_PROPOSED, Case.objection_due_date < today)
        .order_by(Case.objection_due_date, Case.id)
    )
    return list((await session.execute(query)).scalars().all())


async def list_overdue(session: AsyncSession, *, today: date) -> list[OverdueRead]:
    rows: list[OverdueRead] = []
    for case in await business_overdue(session, today=today):
        assert case.business_due_date is not None
        rows.append(_row("business_reply", case.business_due_date, today, case))
    for case in await objection_window_passed(session, today=today):
        assert case.objection_due_date is not None
        rows.append(_row("mediation_objection", case.objection_due_date, today, case))
    return rows


def _row(kind: str, due: date, today: date, case: Case) -> OverdueRead:
    return OverdueRead(
        kind=kind,
        due_date=due,
        days_overdue=(today - due).days,
        case=CaseRead.model_validate(case),
    )
