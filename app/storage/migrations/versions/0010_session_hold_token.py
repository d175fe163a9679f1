"""A session's hold carries a fencing token: a window that lost its hold cannot write.

Opening a session on a server takes an advisory lock and adds one to the session's
``hold_token``; every write of that window checks, in its own transaction, that the
token is still the one it took. A window whose lock went with its connection, and
whose session another laptop has opened since, is refused at its next write instead
of writing into a session that is no longer its own. SQLite (one laptop) keeps the
column at 0.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN with a constant default: no table rebuild on either backend.
    op.add_column(
        "sessions", sa.Column("hold_token", sa.Integer(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("hold_token")
