"""Notices about mediation sessions: the day-before reminder and a moved session."""

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases.models import Case
from api.core.dates import moment
from api.core.schemas import as_utc
from api.core.time import local_today, local_zone
from api.mediation.models import BookingStatus, MediationBooking, MediationSlot
from api.mediation.views import label
from api.notifications.models import NotificationKind
from api.notifications.service import emit
from textkit.bilingual import Bilingual


def reminder_text(case: Case, slot: MediationSlot) -> Bilingual:
    when = moment(slot.starts_at)
    return Bilingual(
        f"提醒：案件 {case.number} 的調解會議在明天 {when.zh}，地點：{slot.location}。"
        "請攜帶證據出席。",
        f"Reminder: the mediation session for case {case.number} is tomorrow, {when.en}, "
        f"at {slot.location}. Please bring your evidence.",
    )


async def scan_reminders(session: AsyncSession, now: datetime) -> int:
    """Sessions that start tomorrow (local time), or later today if a scan was missed."""
    after_tomorrow = local_today(now) + timedelta(days=2)
    tomorrow_end = datetime.combine(after_tomorrow, time.min, tzinfo=local_zone())
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
        message = reminder_text(case, slot)
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
    where = label(slot)
    await emit(
        session,
        citizen_id=case.citizen_id,
        kind=NotificationKind.STAGE_CHANGED,
        dedupe_key=f"stage:{event_id}",
        text_zh=f"案件 {case.number} 的調解會議已改到：{where.zh}。",
        text_en=f"The mediation session for case {case.number} moved to: {where.en}.",
    )
