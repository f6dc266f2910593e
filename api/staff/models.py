"""Staff accounts: service desk agents, consumer protection officers, admins."""

from enum import StrEnum

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin


class StaffRole(StrEnum):
    AGENT = "agent"
    """Service desk agent: answers citizens, registers and forwards complaints, edits FAQ."""
    OFFICER = "officer"
    """Consumer protection officer (消保官): second complaints, mediation, its outcome."""
    ADMIN = "admin"
    """Everything an officer may do, plus staff accounts."""


class Staff(IdMixin, TimestampMixin, Base):
    __tablename__ = "staff"
    __table_args__ = (CheckConstraint("role IN ('agent', 'officer', 'admin')", name="role"),)

    # Stored lower-cased so logins are case-insensitive and unique.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[StaffRole] = mapped_column(String(8))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
