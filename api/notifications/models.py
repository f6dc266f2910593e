"""Proactive messages the domain emits (outbox); bot/ delivers each exactly once."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin


class NotificationKind(StrEnum):
    BUSINESS_OVERDUE = "business_overdue"
    """The business's 15 days passed without a reply: offer a second complaint or mediation."""
    MEDIATION_REMINDER = "mediation_reminder"
    """The day before a mediation session."""
    STAGE_CHANGED = "stage_changed"
    """A case moved to another stage."""


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    """Gave up after the maximum number of attempts."""


class Notification(IdMixin, TimestampMixin, Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_status_due_at", "status", "due_at"),)

    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    kind: Mapped[NotificationKind] = mapped_column(String(32))
    # Unique: emitting the same notice twice (a rescan, two workers) stores it once.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[NotificationStatus] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
