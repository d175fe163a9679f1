"""The 2×2 remembers which values came from a rating round; clusters go on it too.

*Put on the 2×2* fills a note's impact and effort from a closed rating round's means
and marks each value as the round's, so filling again replaces what the round gave
and keeps what the facilitator placed by hand. Clusters get impact and effort of
their own (1..5, as notes have) and the same marks. Every value stored before was
placed by hand, so the marks start false (a constant default: the rows already there
read so); a cluster starts off the 2×2.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AXES = ("impact", "effort")


def _marks(batch: BatchOperations) -> None:
    for axis in AXES:
        batch.add_column(
            sa.Column(
                f"{axis}_from_round",
                sa.Boolean(create_constraint=True, name=f"{axis}_from_round_bool"),
                nullable=False,
                server_default=sa.false(),
            )
        )


def upgrade() -> None:
    # Their CHECKs make SQLite rebuild the tables (foreign keys are off meanwhile).
    with op.batch_alter_table("notes") as batch:
        _marks(batch)
    with op.batch_alter_table("clusters") as batch:
        for axis in AXES:
            batch.add_column(sa.Column(axis, sa.Integer(), nullable=True))
        _marks(batch)
        for axis in AXES:
            batch.create_check_constraint(
                op.f(f"ck_clusters_{axis}_range"), f"{axis} IS NULL OR {axis} BETWEEN 1 AND 5"
            )


def downgrade() -> None:
    # A server keeps booleans as booleans: only SQLite has their CHECKs.
    bool_checks = not op.get_bind().dialect.supports_native_boolean
    with op.batch_alter_table("clusters") as batch:
        for axis in AXES:
            batch.drop_constraint(op.f(f"ck_clusters_{axis}_range"), type_="check")
            if bool_checks:
                batch.drop_constraint(op.f(f"ck_clusters_{axis}_from_round_bool"), type_="check")
            batch.drop_column(f"{axis}_from_round")
            batch.drop_column(axis)
    with op.batch_alter_table("notes") as batch:
        for axis in AXES:
            if bool_checks:
                batch.drop_constraint(op.f(f"ck_notes_{axis}_from_round_bool"), type_="check")
            batch.drop_column(f"{axis}_from_round")
