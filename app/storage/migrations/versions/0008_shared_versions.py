"""Laptops on one server: shared rows carry a version, and every change is announced.

Goals, actions and idea statuses get a version (optimistic concurrency: a laptop never
writes over a change it has not seen). On PostgreSQL, every change to a Dotstorm table
also sends a notice on the ``dotstorm_changes`` channel, so the other laptops' libraries
read again within a moment (SQLite has one laptop, and nothing to announce).

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = (("goals", "version"), ("action_items", "version"), ("notes", "idea_version"))
ANNOUNCED = (
    "goals",
    "metric_readings",
    "sessions",
    "participants",
    "phases",
    "clusters",
    "notes",
    "similarity_dismissals",
    "vote_rounds",
    "round_voters",
    "round_items",
    "ballots",
    "dots",
    "action_items",
)
# The payload names the writer (its application_name), so a laptop skips its own notices.
# A statement-level trigger, and PostgreSQL folds equal notices of one transaction
# into one: a change costs the writer no extra round trip.
NOTIFY_FUNCTION = """
CREATE FUNCTION dotstorm_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dotstorm_changes', current_setting('application_name'));
    RETURN NULL;
END;
$$
"""


def upgrade() -> None:
    for table, column in VERSIONED:
        # ADD COLUMN with a constant default: no table rebuild on either backend.
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=False, server_default="1"))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(NOTIFY_FUNCTION)
    for table in ANNOUNCED:
        op.execute(
            f"CREATE TRIGGER dotstorm_announce_{table} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION dotstorm_announce_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ANNOUNCED:
            op.execute(f"DROP TRIGGER dotstorm_announce_{table} ON {table}")
        op.execute("DROP FUNCTION dotstorm_announce_change()")
    for table, column in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
