"""Staff accounts (service desk agents, consumer protection officers, admins) and their
sign-in sessions, stored so that logout and a password change end them server-side."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin


class StaffRole(StrEnum):
    AGENT = "agent"
    """Service desk agent: answers citizens in the console, reads their cases, drafts FAQ."""
    OFFICER = "officer"
    """Consumer protection officer (消保官): works cases and mediation."""
    ADMIN = "admin"
    """Everything, plus staff accounts, FAQ publishing and the access log."""


class Staff(IdMixin, TimestampMixin, Base):
    __tablename__ = "staff"
    __table_args__ = (CheckConstraint("role IN ('agent', 'officer', 'admin')", name="role"),)

    # Stored lower-cased so logins are case-insensitive and unique.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[StaffRole] = mapped_column(String(8))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)


class StaffSession(IdMixin, TimestampMixin, Base):
    """One sign-in. Only the token's SHA-256 is stored: a leaked table opens no session."""

    __tablename__ = "staff_sessions"
    __table_args__ = (Index("ix_staff_sessions_staff_id_revoked_at", "staff_id", "revoked_at"),)

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Sent back by the console in a header on every state-changing call (CSRF).
    csrf_token: Mapped[str] = mapped_column(String(64))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
