"""conversation assignments (who on the staff holds a handed-off conversation)

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_assignments",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_assignments_conversation_id_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_conversation_assignments_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by"],
            ["staff.id"],
            name=op.f("fk_conversation_assignments_assigned_by_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_assignments")),
        sa.UniqueConstraint(
            "conversation_id", name=op.f("uq_conversation_assignments_conversation_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("conversation_assignments")
