"""Slot labels in both languages and the read models built from (booking, slot) rows."""

from api.core.time import as_local
from api.mediation.models import MediationBooking, MediationSlot
from api.mediation.schemas import BookingRead, BotBookingRead, BotSlotRead, SlotRead
from textkit.bilingual import Bilingual

_WEEKDAYS_ZH = "一二三四五六日"


def label(slot: MediationSlot) -> Bilingual:
    """`12月3日（三）14:00–15:00 調解室A` and `Wed 3 Dec 14:00–15:00, 調解室A`, local time."""
    start = as_local(slot.starts_at)
    end = as_local(slot.ends_at)
    hours = f"{start:%H:%M}–{end:%H:%M}"
    zh = f"{start.month}月{start.day}日（{_WEEKDAYS_ZH[start.weekday()]}）{hours} {slot.location}"
    en = f"{start:%a} {start.day} {start:%b} {hours}, {slot.location}"
    return Bilingual(zh, en)


def bot_slot(slot: MediationSlot) -> BotSlotRead:
    text = label(slot)
    return BotSlotRead(
        id=slot.id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        location=slot.location,
        label_zh=text.zh,
        label_en=text.en,
    )


def bot_booking(booking: MediationBooking, slot: MediationSlot, number: str) -> BotBookingRead:
    return BotBookingRead(
        id=booking.id, case_number=number, status=booking.status, slot=bot_slot(slot)
    )


def staff_booking(booking: MediationBooking, slot: MediationSlot, number: str) -> BookingRead:
    return BookingRead(
        id=booking.id,
        case_number=number,
        status=booking.status,
        slot=SlotRead.model_validate(slot),
        cancel_reason=booking.cancel_reason,
        reschedule_reason=booking.reschedule_reason,
        reschedule_count=booking.reschedule_count,
        created_at=booking.created_at,
    )
