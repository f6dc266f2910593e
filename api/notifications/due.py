"""Every domain's due-notice scanners, run together by the delivery worker or an admin call."""

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import notices as case_notices
from api.core.schemas import as_utc
from api.mediation import notices as mediation_notices

Scanner = Callable[[AsyncSession, datetime], Awaitable[int]]

SCANNERS: tuple[Scanner, ...] = (
    case_notices.scan_overdue,  # the business let its 15 days pass
    mediation_notices.scan_reminders,  # a mediation session tomorrow
)


async def scan_due(session: AsyncSession, now: datetime) -> int:
    """Emit every notice that has come due; returns how many are new (idempotent)."""
    now = as_utc(now)  # bound values must be UTC: SQLite drops the offset
    emitted = 0
    for scan in SCANNERS:
        emitted += await scan(session, now)
    return emitted
