"""Mediation sessions (slots) and the bookings that tie a case to one."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.cases.models import Case
from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin
from api.core.time import utcnow


class BookingStatus(StrEnum):
    ACTIVE = "active"
    """Holds a seat in its slot."""
    CANCELLED = "cancelled"
    """Cancelled with a reason; the seat was released."""
    COMPLETED = "completed"
    """The session took place (the case moved on to an outcome)."""


class MediationSlot(IdMixin, TimestampMixin, Base):
    __tablename__ = "mediation_slots"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        # The database, not only the service, refuses overbooking.
        CheckConstraint("booked_count >= 0 AND booked_count <= capacity", name="within_capacity"),
        # One room cannot host two sessions starting at the same time.
        UniqueConstraint("location", "starts_at"),
        Index("ix_mediation_slots_starts_at", "starts_at"),
    )

    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    location: Mapped[str] = mapped_column(String(200))
    mediator: Mapped[str] = mapped_column(String(100))
    capacity: Mapped[int] = mapped_column(default=1)
    booked_count: Mapped[int] = mapped_column(default=0)
    # A closed session takes no new bookings; a moved one points at its replacement.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    moved_to_id: Mapped[int | None] = mapped_column(ForeignKey("mediation_slots.id"))


class MediationBooking(IdMixin, TimestampMixin, Base):
    __tablename__ = "mediation_bookings"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'cancelled', 'completed')", name="status"),
        CheckConstraint(
            "status <> 'cancelled' OR cancel_reason IS NOT NULL", name="cancel_has_reason"
        ),
        # A case holds at most one active booking: no double booking, even when raced.
        Index(
            "uq_mediation_bookings_active_case",
            "case_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_mediation_bookings_slot_id", "slot_id"),
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("mediation_slots.id"))
    status: Mapped[BookingStatus] = mapped_column(String(10), default=BookingStatus.ACTIVE)
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    reschedule_reason: Mapped[str | None] = mapped_column(String(500))
    reschedule_count: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(lazy="raise")
    slot: Mapped[MediationSlot] = relationship(lazy="raise")
