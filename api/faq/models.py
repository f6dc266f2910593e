"""FAQ knowledge base: one entry per topic, in zh-TW and English, naming its legal basis."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, DateTime, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin
from api.core.time import utcnow


class FaqCategory(StrEnum):
    SHOPPING = "shopping"
    """Distance and door-to-door sales, cooling-off, refunds, cross-border shopping."""
    CONTRACTS = "contracts"
    """Standard-form contracts, deposits, punitive damages."""
    GYM = "gym"
    """Gym memberships."""
    PREPAID = "prepaid"
    """Gift vouchers, stored-value cards, card chargebacks."""
    TRAVEL = "travel"
    """Package tours and travel agencies."""
    VEHICLES = "vehicles"
    """Car repair and car rental."""
    HOUSING = "housing"
    """Rentals and deposits."""
    COMPLAINTS = "complaints"
    """How complaints work, deadlines, refusals, the hotline."""
    MEDIATION = "mediation"
    """Mediation: applying, cost, proposals, effect, court."""


class FaqSection(StrEnum):
    """Where the public help centre lists an entry (what a citizen browses by)."""

    SHOPPING = "shopping"
    """Online shopping and the cooling-off period."""
    GYM_PREPAID = "gym_prepaid"
    """Gyms and prepaid contracts."""
    VOUCHERS = "vouchers"
    """Gift vouchers and stored-value cards."""
    TRAVEL = "travel"
    """Travel agencies and package tours."""
    CRAM_SCHOOLS = "cram_schools"
    """Cram schools and courses."""
    HOUSING = "housing"
    """Housing and rentals."""
    VEHICLES = "vehicles"
    """Car repair and car rental."""
    TELECOM = "telecom"
    """Mobile and internet contracts."""
    DISPUTES = "disputes"
    """The complaint → second complaint → mediation path."""


# An entry made without a section is listed under the one its category suggests.
DEFAULT_SECTION = {
    FaqCategory.SHOPPING: FaqSection.SHOPPING,
    FaqCategory.CONTRACTS: FaqSection.GYM_PREPAID,
    FaqCategory.GYM: FaqSection.GYM_PREPAID,
    FaqCategory.PREPAID: FaqSection.GYM_PREPAID,
    FaqCategory.TRAVEL: FaqSection.TRAVEL,
    FaqCategory.VEHICLES: FaqSection.VEHICLES,
    FaqCategory.HOUSING: FaqSection.HOUSING,
    FaqCategory.COMPLAINTS: FaqSection.DISPUTES,
    FaqCategory.MEDIATION: FaqSection.DISPUTES,
}


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class FaqEntry(IdMixin, TimestampMixin, Base):
    __tablename__ = "faq_entries"
    __table_args__ = (
        CheckConstraint("topic <> ''", name="topic_not_empty"),
        CheckConstraint(
            "category IN ('shopping', 'contracts', 'gym', 'prepaid', 'travel', 'vehicles', "
            "'housing', 'complaints', 'mediation')",
            name="category",
        ),
        CheckConstraint(_in("section", FaqSection), name="section"),
    )

    # Shared with the NLU retrieval intent `faq/<topic>` (docs/contracts.md).
    topic: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[FaqCategory] = mapped_column(String(16))
    section: Mapped[FaqSection] = mapped_column(String(16), index=True)
    question_zh: Mapped[str] = mapped_column(String(300))
    question_en: Mapped[str] = mapped_column(String(300))
    answer_zh: Mapped[str] = mapped_column(Text)
    answer_en: Mapped[str] = mapped_column(Text)
    keywords_zh: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    article_zh: Mapped[str | None] = mapped_column(String(200))
    article_en: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AnswerFeedback(IdMixin, TimestampMixin, Base):
    """A reader's "did this help?" on one answer page of the help centre."""

    __tablename__ = "faq_feedback"
    __table_args__ = (CheckConstraint("language IN ('zh-TW', 'en')", name="language"),)

    topic: Mapped[str] = mapped_column(String(64), index=True)
    helpful: Mapped[bool]
    comment: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(8))


class UnansweredSearch(IdMixin, TimestampMixin, Base):
    """A search the help centre found nothing for, counted per (query, language)."""

    __tablename__ = "faq_unanswered_searches"
    __table_args__ = (
        UniqueConstraint("query", "language"),
        CheckConstraint("language IN ('zh-TW', 'en')", name="language"),
        CheckConstraint("times >= 1", name="times_positive"),
    )

    query: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    times: Mapped[int] = mapped_column(default=1)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
