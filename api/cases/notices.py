"""Due notices the domain emits for the channels to deliver (idempotent by dedupe key).

`scan_due` runs periodically (the channel worker or an admin call). Emitting
the same key twice stores one notice, so rescans and parallel workers are harmless.
Stage-change messages are emitted inside `service.transition`.
"""

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import deadlines, texts
from api.cases.models import Case
from api.core.schemas import as_utc
from api.core.time import TAIPEI, today_taipei
from api.mediation.models import BookingStatus, MediationBooking, MediationSlot
from api.notifications.models import NotificationKind
from api.notifications.service import emit


async def _overdue_nudges(session: AsyncSession, now: datetime) -> int:
    emitted = 0
    for case in await deadlines.business_overdue(session, today=today_taipei(now)):
        message = texts.business_overdue(case)
        notice_id = await emit(
            session,
            citizen_id=case.citizen_id,
            kind=NotificationKind.BUSINESS_OVERDUE,
            dedupe_key=f"overdue:{case.id}",
            text_zh=message.zh,
            text_en=message.en,
            buttons=texts.overdue_buttons(case.citizen.language),
            due_at=now,
        )
        emitted += notice_id is not None
    return emitted


async def _mediation_reminders(session: AsyncSession, now: datetime) -> int:
    """Sessions that start tomorrow (Taipei), or later today if a scan was missed."""
    tomorrow_end = datetime.combine(today_taipei(now) + timedelta(days=2), time.min, tzinfo=TAIPEI)
    query = (
        select(MediationBooking, MediationSlot, Case)
        .join(MediationSlot, MediationSlot.id == MediationBooking.slot_id)
        .join(Case, Case.id == MediationBooking.case_id)
        .where(
            MediationBooking.status == BookingStatus.ACTIVE,
            MediationSlot.starts_at > now,
            MediationSlot.starts_at < as_utc(tomorrow_end),
        )
    )
    emitted = 0
    for booking, slot, case in (await session.execute(query)).all():
        message = texts.mediation_reminder(case, starts_at=slot.starts_at, location=slot.location)
        notice_id = await emit(
            session,
            citizen_id=case.citizen_id,
            kind=NotificationKind.MEDIATION_REMINDER,
            # The slot is part of the key: a rescheduled booking gets a fresh reminder.
            dedupe_key=f"reminder:{booking.id}:{slot.id}",
            text_zh=message.zh,
            text_en=message.en,
            due_at=now,
        )
        emitted += notice_id is not None
    return emitted


async def scan_due(session: AsyncSession, now: datetime) -> int:
    """Emit every notice that has come due; returns how many are new."""
    now = as_utc(now)  # bound values must be UTC: SQLite drops the offset
    return await _overdue_nudges(session, now) + await _mediation_reminders(session, now)
