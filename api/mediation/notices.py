"""Notices about mediation sessions: the day-before reminder and a moved session."""

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import texts
from api.cases.models import Case
from api.core.schemas import as_utc
from api.core.time import TAIPEI, today_taipei
from api.mediation.models import BookingStatus, MediationBooking, MediationSlot
from api.mediation.views import labels
from api.notifications.models import NotificationKind
from api.notifications.service import emit


async def scan_reminders(session: AsyncSession, now: datetime) -> int:
    """Sessions that start tomorrow (local time), or later today if a scan was missed."""
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
