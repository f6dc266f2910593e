"""case work and the mediation calendar: a case's officer and business reply date, closed and
moved sessions, the change log of staff corrections to a citizen's data

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("business_reply_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("assigned_officer_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_cases_assigned_officer_id_staff"), "staff", ["assigned_officer_id"], ["id"]
        )
        batch.create_index("ix_cases_assigned_officer_id", ["assigned_officer_id"])
    with op.batch_alter_table("mediation_slots") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("moved_to_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_mediation_slots_moved_to_id_mediation_slots"),
            "mediation_slots",
            ["moved_to_id"],
            ["id"],
        )
    op.create_table(
        "change_log",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_change_log_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_change_log_citizen_id_citizens")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index("ix_change_log_citizen_id_id", "change_log", ["citizen_id", "id"])
    op.create_index("ix_change_log_staff_id_id", "change_log", ["staff_id", "id"])


def downgrade() -> None:
    op.drop_table("change_log")
    with op.batch_alter_table("mediation_slots") as batch:
        batch.drop_constraint(
            op.f("fk_mediation_slots_moved_to_id_mediation_slots"), type_="foreignkey"
        )
        batch.drop_column("moved_to_id")
        batch.drop_column("closed_at")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_assigned_officer_id")
        batch.drop_constraint(op.f("fk_cases_assigned_officer_id_staff"), type_="foreignkey")
        batch.drop_column("assigned_officer_id")
        batch.drop_column("business_reply_date")
