"""The 15-day nudge: tell the citizen when the business let its reply deadline pass.

`scan_overdue` is one of the scanners `api.notifications.due.scan_due` runs. Emitting
the same key twice stores one notice, so rescans and parallel workers are harmless.
Stage-change messages are emitted inside `service.transition`.
"""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import deadlines, texts
from api.core.time import local_today
from api.notifications.models import NotificationKind
from api.notifications.service import emit


async def scan_overdue(session: AsyncSession, now: datetime) -> int:
    """Forwarded cases past the business's due date; returns how many notices are new."""
    emitted = 0
    for case in await deadlines.business_overdue(session, today=local_today(now)):
        message = texts.business_overdue(case)
        notice_id = await emit(
            session,
            citizen_id=case.citizen_id,
            kind=NotificationKind.BUSINESS_OVERDUE,
            dedupe_key=f"overdue:{case.id}",
            text_zh=message.zh,
            text_en=message.en,
            buttons=texts.overdue_choices(),
            due_at=now,
        )
        emitted += notice_id is not None
    return emitted
