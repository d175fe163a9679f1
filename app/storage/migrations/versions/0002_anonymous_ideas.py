"""Sessions can hide who wrote each idea (anonymous ideas).

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(
            sa.Column(
                "anonymous_ideas",
                sa.Boolean(create_constraint=True, name="anonymous_ideas_bool"),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_constraint(op.f("ck_sessions_anonymous_ideas_bool"), type_="check")
        batch.drop_column("anonymous_ideas")
