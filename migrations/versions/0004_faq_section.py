"""faq help-centre section

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECTIONS = (
    "shopping", "gym_prepaid", "vouchers", "travel", "cram_schools", "housing", "vehicles",
    "telecom", "disputes",
)  # fmt: skip
# Existing rows: the section their category suggests; gift vouchers have their own.
FROM_CATEGORY = """
UPDATE faq_entries SET section = CASE
    WHEN topic LIKE 'gift_voucher%' THEN 'vouchers'
    WHEN category = 'shopping' THEN 'shopping'
    WHEN category IN ('contracts', 'gym', 'prepaid') THEN 'gym_prepaid'
    WHEN category IN ('travel', 'vehicles', 'housing') THEN category
    ELSE 'disputes'
END
"""


def upgrade() -> None:
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("section", sa.String(length=16), nullable=False, server_default="disputes")
        )
    op.execute(FROM_CATEGORY)
    section_in = ", ".join(f"'{s}'" for s in SECTIONS)
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.alter_column("section", server_default=None)
        batch_op.create_check_constraint(
            op.f("ck_faq_entries_section"), f"section IN ({section_in})"
        )
        batch_op.create_index(batch_op.f("ix_faq_entries_section"), ["section"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_entries_section"))
        batch_op.drop_constraint(op.f("ck_faq_entries_section"), type_="check")
        batch_op.drop_column("section")
