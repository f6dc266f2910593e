"""Tell the citizen when their mediation session moves (the stage itself does not change)."""

from sqlalchemy.ext.asyncio import AsyncSession

from api.cases.models import Case
from api.mediation.models import MediationSlot
from api.mediation.views import labels
from api.notifications.models import NotificationKind
from api.notifications.service import emit


async def rescheduled(
    session: AsyncSession, *, case: Case, slot: MediationSlot, event_id: int
) -> None:
    label_zh, label_en = labels(slot)
    await emit(
        session,
        citizen_id=case.citizen_id,
        kind=NotificationKind.STAGE_CHANGED,
        dedupe_key=f"stage:{event_id}",
        text_zh=f"案件 {case.number} 的調解會議已改到：{label_zh}。",
        text_en=f"The mediation session for case {case.number} moved to: {label_en}.",
    )
