from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from api.core.schemas import UtcDatetime, as_utc
from api.core.strict import refuse_numbers
from api.mediation.models import BookingStatus

# Converted to UTC on the way in: SQLite stores the wall time and drops the offset.
UtcAware = Annotated[AwareDatetime, BeforeValidator(refuse_numbers), AfterValidator(as_utc)]


class SlotCreate(BaseModel):
    starts_at: UtcAware
    ends_at: UtcAware
    location: str = Field(min_length=1, max_length=200)
    mediator: str = Field(min_length=1, max_length=100)
    capacity: int = Field(default=1, ge=1, le=50)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class SlotRead(BaseModel):
    """A mediation session as staff see it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    starts_at: UtcDatetime
    ends_at: UtcDatetime
    location: str
    mediator: str
    capacity: int
    booked_count: int


class BotSlotRead(BaseModel):
    """A session as the bot offers it, with ready-made labels."""

    id: int
    starts_at: UtcDatetime
    ends_at: UtcDatetime
    location: str
    label_zh: str
    label_en: str


class BookingCreate(BaseModel):
    case_number: str = Field(min_length=1, max_length=20)
    slot_id: int


class RescheduleRequest(BaseModel):
    slot_id: int
    reason: str = Field(min_length=1, max_length=500)


class CancelRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class BotBookingRead(BaseModel):
    id: int
    case_number: str
    status: BookingStatus
    slot: BotSlotRead


class BookingRead(BaseModel):
    """A booking as staff see it."""

    id: int
    case_number: str
    status: BookingStatus
    slot: SlotRead
    cancel_reason: str | None
    reschedule_reason: str | None
    reschedule_count: int
    created_at: UtcDatetime


class SlotMove(BaseModel):
    """Move a session to another time (and room, mediator); its bookings follow it."""

    starts_at: UtcAware
    ends_at: UtcAware
    location: str | None = Field(default=None, min_length=1, max_length=200)
    mediator: str | None = Field(default=None, min_length=1, max_length=100)
    reason: str = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class CalendarBooking(BaseModel):
    id: int
    case_number: str
    status: BookingStatus


class CalendarSlot(SlotRead):
    """A session on the calendar with its active bookings."""

    closed: bool
    bookings: list[CalendarBooking]
