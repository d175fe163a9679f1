"""The phase timer survives a crash; the board can lock at zero; the current phase.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("phases") as batch:
        batch.add_column(sa.Column("running_since", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("adjust_seconds", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column(
                "lock_at_zero",
                sa.Boolean(create_constraint=True, name="lock_at_zero_bool"),
                nullable=False,
                server_default=sa.false(),
            )
        )
        batch.add_column(
            sa.Column(
                "lock_released",
                sa.Boolean(create_constraint=True, name="lock_released_bool"),
                nullable=False,
                server_default=sa.false(),
            )
        )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("current_phase_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("current_phase_id")
    with op.batch_alter_table("phases") as batch:
        # The booleans' CHECK constraints name the columns: they go first.
        batch.drop_constraint(op.f("ck_phases_lock_released_bool"), type_="check")
        batch.drop_constraint(op.f("ck_phases_lock_at_zero_bool"), type_="check")
        for column in ("lock_released", "lock_at_zero", "adjust_seconds", "running_since"):
            batch.drop_column(column)
