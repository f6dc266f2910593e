"""privacy erasures (what the retention job and erasure requests removed, as counts)

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "privacy_erasures",
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("evidence_files", sa.Integer(), nullable=False),
        sa.Column("tracker_events", sa.Integer(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "reason IN ('case_closed', 'quiet', 'request')",
            name=op.f("ck_privacy_erasures_reason"),
        ),
        sa.CheckConstraint(
            "(reason = 'request') = (staff_id IS NOT NULL)",
            name=op.f("ck_privacy_erasures_request_has_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_privacy_erasures_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_privacy_erasures_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_erasures")),
    )
    op.create_index("ix_privacy_erasures_citizen_id", "privacy_erasures", ["citizen_id"])


def downgrade() -> None:
    op.drop_index("ix_privacy_erasures_citizen_id", table_name="privacy_erasures")
    op.drop_table("privacy_erasures")
