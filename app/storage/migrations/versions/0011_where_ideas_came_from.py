"""Notes and ballots remember where they came from: the laptop, or a phone in the room.

Attendees may send ideas and cast their dots from their own phones; the minutes say
how many did. Every note and ballot stored before was made at the laptop, so both
columns start as ``laptop`` (a constant default: the rows already there read so).

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIAS = ("laptop", "phone")
TABLES = ("notes", "ballots")


def upgrade() -> None:
    for table in TABLES:
        # Its CHECK makes SQLite rebuild the table (foreign keys are off meanwhile).
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "via",
                    sa.Enum(
                        *VIAS, name="via", native_enum=False, create_constraint=True, length=20
                    ),
                    nullable=False,
                    server_default="laptop",
                )
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_via"), type_="check")
            batch.drop_column("via")
