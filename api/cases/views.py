"""Shape cases for readers: labels and next steps come from the API, not the bot or console."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import stages, texts
from api.cases.models import Case, CaseStatus
from api.cases.schemas import BotCaseRead, StaffCaseRead
from api.core.time import local_today
from api.mediation import service as mediation
from textkit.bilingual import Bilingual


async def _next_steps(session: AsyncSession, cases: Sequence[Case]) -> dict[int, Bilingual]:
    """What happens next in each case (a booked session's date included), by case id."""
    starts = await mediation.session_starts(session, case_ids=[c.id for c in cases])
    today = local_today()
    return {
        case.id: texts.next_step(case, today=today, session_start=starts.get(case.id))
        for case in cases
    }


async def for_bot(session: AsyncSession, *, cases: Sequence[Case]) -> list[BotCaseRead]:
    steps = await _next_steps(session, cases)
    views = []
    for case in cases:
        label, step = stages.STATUS_LABELS[case.status], steps[case.id]
        views.append(
            BotCaseRead(
                number=case.number,
                status=case.status,
                status_label_zh=label.zh,
                status_label_en=label.en,
                business_name=case.business_name,
                category=case.category,
                amount=case.amount,
                created_at=case.created_at,
                due_date=case.business_due_date,
                next_step_zh=step.zh,
                next_step_en=step.en,
                can_book_mediation=case.status == CaseStatus.MEDIATION_REQUESTED,
            )
        )
    return views


async def for_staff(session: AsyncSession, *, cases: Sequence[Case]) -> list[StaffCaseRead]:
    """A case list for the console: the deadlines staff act on, no contact details."""
    steps = await _next_steps(session, cases)
    views = []
    for case in cases:
        label, step = stages.STATUS_LABELS[case.status], steps[case.id]
        views.append(
            StaffCaseRead(
                id=case.id,
                number=case.number,
                status=case.status,
                status_label_zh=label.zh,
                status_label_en=label.en,
                category=case.category,
                business_name=case.business_name,
                amount=case.amount,
                created_at=case.created_at,
                updated_at=case.updated_at,
                business_due_date=case.business_due_date,
                objection_due_date=case.objection_due_date,
                next_step_zh=step.zh,
                next_step_en=step.en,
            )
        )
    return views
