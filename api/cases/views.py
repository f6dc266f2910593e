"""Shape cases for the bot: labels and next steps come from the API, not the bot."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import service, stages, texts
from api.cases.models import Case, CaseStatus
from api.cases.schemas import BotCaseRead
from api.core.time import today_taipei


async def for_bot(session: AsyncSession, *, cases: Sequence[Case]) -> list[BotCaseRead]:
    starts = await service.session_starts(session, case_ids=[c.id for c in cases])
    today = today_taipei()
    views = []
    for case in cases:
        step = texts.next_step(case, today=today, session_start=starts.get(case.id))
        label_zh, label_en = stages.STATUS_LABELS[case.status]
        views.append(
            BotCaseRead(
                number=case.number,
                status=case.status,
                status_label_zh=label_zh,
                status_label_en=label_en,
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
