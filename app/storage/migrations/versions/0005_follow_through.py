"""Ideas have a status across sessions; review notes remember what they bring back.

Also an index on (session_id, position) of notes: adding a note reads max(position).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IDEA_STATUSES = ("new", "shortlisted", "trying", "adopted", "dropped")


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.add_column(
            sa.Column(
                "idea_status",
                sa.Enum(
                    *IDEA_STATUSES,
                    name="idea_status",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=False,
                server_default="new",
            )
        )
        batch.add_column(sa.Column("carried_from", sa.String(length=36), nullable=True))
    op.create_index("ix_notes_session_id_position", "notes", ["session_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_notes_session_id_position", table_name="notes")
    with op.batch_alter_table("notes") as batch:
        batch.drop_constraint(op.f("ck_notes_idea_status"), type_="check")
        batch.drop_column("carried_from")
        batch.drop_column("idea_status")
