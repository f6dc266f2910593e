"""What was erased, when and why: the record that outlives the personal data (PDPA)."""

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin


class ErasureReason(StrEnum):
    CASE_CLOSED = "case_closed"
    """The retention period after the citizen's last case closed has passed."""
    QUIET = "quiet"
    """The conversation went quiet without a case and the period has passed."""
    REQUEST = "request"
    """The citizen asked; a staff member erased on their behalf."""


class Erasure(IdMixin, TimestampMixin, Base):
    """Counts only: no text, no contact data, nothing that names the citizen."""

    __tablename__ = "privacy_erasures"
    __table_args__ = (
        CheckConstraint("reason IN ('case_closed', 'quiet', 'request')", name="reason"),
        CheckConstraint("(reason = 'request') = (staff_id IS NOT NULL)", name="request_has_staff"),
        Index("ix_privacy_erasures_citizen_id", "citizen_id"),
    )

    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    reason: Mapped[ErasureReason] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    messages: Mapped[int] = mapped_column(default=0)
    evidence_files: Mapped[int] = mapped_column(default=0)
    tracker_events: Mapped[int] = mapped_column(default=0)
    cases: Mapped[int] = mapped_column(default=0)
