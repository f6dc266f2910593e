"""help-centre feedback and unanswered searches

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 10:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "faq_feedback",
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.String(length=500), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("language IN ('zh-TW', 'en')", name=op.f("ck_faq_feedback_language")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_feedback")),
    )
    with op.batch_alter_table("faq_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_feedback_topic"), ["topic"], unique=False)
    op.create_table(
        "faq_unanswered_searches",
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "language IN ('zh-TW', 'en')", name=op.f("ck_faq_unanswered_searches_language")
        ),
        sa.CheckConstraint("times >= 1", name=op.f("ck_faq_unanswered_searches_times_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_unanswered_searches")),
        sa.UniqueConstraint(
            "query", "language", name=op.f("uq_faq_unanswered_searches_query_language")
        ),
    )


def downgrade() -> None:
    op.drop_table("faq_unanswered_searches")
    with op.batch_alter_table("faq_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_feedback_topic"))
    op.drop_table("faq_feedback")
