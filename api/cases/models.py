"""Consumer dispute cases on the Consumer Protection Act path, and their event log."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.citizens.models import Citizen
from api.core.actors import ActorKind
from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin
from api.core.time import utcnow


class CaseStatus(StrEnum):
    RECEIVED = "received"
    """First complaint (Art. 43 I) received by the desk, not yet forwarded."""
    FORWARDED = "forwarded"
    """Forwarded to the business, which must reply within 15 days (Art. 43 II)."""
    BUSINESS_REPLIED = "business_replied"
    """The business answered the first complaint."""
    SECOND_COMPLAINT = "second_complaint"
    """Second complaint with the consumer protection officer (Art. 43 III)."""
    MEDIATION_REQUESTED = "mediation_requested"
    """Mediation application accepted by the committee (Art. 44); no session booked yet."""
    MEDIATION_SCHEDULED = "mediation_scheduled"
    """A mediation session is booked."""
    MEDIATION_PROPOSED = "mediation_proposed"
    """The committee proposed a solution; parties may object within 10 days (Art. 45-2)."""
    SETTLED = "settled"
    """Mediation succeeded (a mediation record exists)."""
    NOT_SETTLED = "not_settled"
    """Mediation failed; the consumer may go to court."""
    CLOSED = "closed"
    """Finished; no further steps at the desk."""
    REJECTED = "rejected"
    """Refused with a reason (not a consumer dispute, no business named, duplicate …)."""


class CaseCategory(StrEnum):
    GYM = "gym"
    """Gyms, fitness and beauty prepaid contracts."""
    ECOMMERCE = "ecommerce"
    """Online shopping, TV and mail-order sales, delivery platforms."""
    TRAVEL = "travel"
    """Travel agencies, package tours."""
    EDUCATION = "education"
    """Cram schools, courses."""
    HOUSING = "housing"
    """Pre-sale houses, rentals."""
    VEHICLES = "vehicles"
    """Cars, motorcycles, repairs, car rental."""
    TELECOM = "telecom"
    """Phones and telecom contracts."""
    FOOD = "food"
    """Food and restaurants."""
    PREPAID = "prepaid"
    """Gift vouchers and stored-value cards."""
    GAMES = "games"
    """Online games and in-game purchases."""
    OTHER = "other"
    """Anything else."""


class RejectionReason(StrEnum):
    NOT_CONSUMER_DISPUTE = "not_consumer_dispute"
    """Bought to resell, invest or run a business, or no consumer relation."""
    NO_BUSINESS_NAMED = "no_business_named"
    """The complaint names no business."""
    NO_CONTACT = "no_contact"
    """No real name or contact details."""
    NOT_CONSUMER_OR_AGENT = "not_consumer_or_agent"
    """Made by neither the consumer nor an authorised agent."""
    DUPLICATE = "duplicate"
    """Duplicates an open case on the same facts."""
    ALREADY_RESOLVED = "already_resolved"
    """Already settled, mediated, arbitrated or judged."""
    NO_PRIOR_COMPLAINT = "no_prior_complaint"
    """Mediation asked for before any Art. 43 complaint was made."""
    INCOMPLETE = "incomplete"
    """Required information still missing after a request to complete it."""


def _in(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(str(m)) for m in enum)})"


class CaseNumberCounter(IdMixin, Base):
    """One row per year; an atomic UPDATE … +1 hands out case numbers without gaps or races."""

    __tablename__ = "case_number_counters"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    last_value: Mapped[int] = mapped_column(default=0)


class Case(IdMixin, TimestampMixin, Base):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(_in("status", CaseStatus), name="status"),
        CheckConstraint(_in("category", CaseCategory), name="category"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        CheckConstraint(
            "(status = 'rejected') = (rejection_reason IS NOT NULL)", name="rejected_has_reason"
        ),
        CheckConstraint(
            "status <> 'forwarded' OR business_due_date IS NOT NULL", name="forwarded_has_due"
        ),
        Index("ix_cases_status_business_due_date", "status", "business_due_date"),
        Index("ix_cases_citizen_id_id", "citizen_id", "id"),
        Index("ix_cases_assigned_officer_id", "assigned_officer_id"),
    )

    number: Mapped[str] = mapped_column(String(20), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    status: Mapped[CaseStatus] = mapped_column(String(24), default=CaseStatus.RECEIVED)
    category: Mapped[CaseCategory] = mapped_column(String(16))
    business_name: Mapped[str] = mapped_column(String(200))
    business_address: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    purchase_date: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[int | None] = mapped_column()
    desired_remedy: Mapped[str | None] = mapped_column(Text)
    complained_to_business: Mapped[bool | None] = mapped_column()
    first_complaint_date: Mapped[date] = mapped_column(Date)
    business_due_date: Mapped[date | None] = mapped_column(Date)
    objection_due_date: Mapped[date | None] = mapped_column(Date)
    rejection_reason: Mapped[RejectionReason | None] = mapped_column(String(32))
    # The day the business answered the first complaint (on time or late against the due date).
    business_reply_date: Mapped[date | None] = mapped_column(Date)
    # The consumer protection officer working the case (staff.id), if one was assigned.
    assigned_officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    citizen: Mapped[Citizen] = relationship(lazy="raise")


class CaseEvent(IdMixin, TimestampMixin, Base):
    """Immutable: one row per transition (or note such as a reschedule); never updated."""

    __tablename__ = "case_events"
    __table_args__ = (
        CheckConstraint(_in("actor_kind", ActorKind), name="actor_kind"),
        CheckConstraint(
            "(actor_kind = 'staff') = (staff_id IS NOT NULL)", name="staff_actor_has_id"
        ),
        Index("ix_case_events_case_id_id", "case_id", "id"),
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    from_status: Mapped[CaseStatus | None] = mapped_column(String(24))
    to_status: Mapped[CaseStatus] = mapped_column(String(24))
    actor_kind: Mapped[ActorKind] = mapped_column(String(8))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str | None] = mapped_column(Text)


class CaseEvidence(IdMixin, TimestampMixin, Base):
    """A photo or file the citizen sent through a channel, kept for their open case."""

    __tablename__ = "case_evidence"
    # The evidence store is content-addressed: the same file sent twice is kept once.
    __table_args__ = (UniqueConstraint("case_id", "ref"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    kind: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(200))
    # The stored file's name in the evidence directory (`<sha256>.<ext>`), never a URL.
    ref: Mapped[str] = mapped_column(String(80))
