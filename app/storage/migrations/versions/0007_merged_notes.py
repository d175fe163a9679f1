"""Near-duplicate notes join a stack; pairs said not to be the same are remembered.

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
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("merged_into", sa.String(length=36), nullable=True))
        batch.create_foreign_key(
            op.f("fk_notes_merged_into_notes"),
            "notes",
            ["merged_into"],
            ["id"],
            ondelete="SET NULL",
            deferrable=True,
            initially="DEFERRED",
        )
        batch.create_index(op.f("ix_notes_merged_into"), ["merged_into"])
    op.create_table(
        "similarity_dismissals",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("first_note_id", sa.String(length=36), nullable=False),
        sa.Column("second_note_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_similarity_dismissals_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "session_id",
            "first_note_id",
            "second_note_id",
            name=op.f("pk_similarity_dismissals"),
        ),
    )


def downgrade() -> None:
    op.drop_table("similarity_dismissals")
    with op.batch_alter_table("notes") as batch:
        batch.drop_index(op.f("ix_notes_merged_into"))
        batch.drop_constraint(op.f("fk_notes_merged_into_notes"), type_="foreignkey")
        batch.drop_column("merged_into")
