"""The access log: who read which citizen's personal data, and when (PDPA)."""

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin


class AccessRecord(IdMixin, TimestampMixin, Base):
    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_staff_id_id", "staff_id", "id"),
        Index("ix_access_log_citizen_id_id", "citizen_id", "id"),
    )

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    # What was read: an API route template or a console screen, e.g. "GET /api/cases/{number}".
    action: Mapped[str] = mapped_column(String(120))
    # Which record: the route's path parameters, e.g. "number=KHH-2026-000123".
    subject: Mapped[str] = mapped_column(String(200), default="")
    # Known when the reader resolved the citizen (the console does).
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))


class ChangeRecord(IdMixin, TimestampMixin, Base):
    """A staff correction of a citizen's data: who changed which field, from what to what."""

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_citizen_id_id", "citizen_id", "id"),
        Index("ix_change_log_staff_id_id", "staff_id", "id"),
    )

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    # What was changed, e.g. "case KHH-2026-000123: contact".
    subject: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(64))
    # Personal data: readable by admins only (the access-log permission), erased with it.
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
