"""Ideas build on ideas; a phase runs a technique (brainwriting, 1-2-4-All, NGT, SCAMPER).

A note may build on another note of its session (``builds_on``, a deferred foreign
key as ``merged_into``); when that note is deleted the link is cleared and
``builds_on_deleted`` says the idea built on a deleted note, so the link always names
a note that exists, and undo puts it back. A note keeps the prompt it answered. A
phase keeps its technique and the technique's settings (a JSON object as text).
Every row stored before builds on nothing, answered no prompt and runs no technique:
constant defaults, so the rows already there read so.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TECHNIQUES = ("none", "brainwriting_635", "one_two_four_all", "nominal_group", "scamper")


def upgrade() -> None:
    # Their CHECKs make SQLite rebuild the tables (foreign keys are off meanwhile).
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("builds_on", sa.String(length=36), nullable=True))
        batch.add_column(
            sa.Column(
                "builds_on_deleted",
                sa.Boolean(create_constraint=True, name="builds_on_deleted_bool"),
                nullable=False,
                server_default=sa.false(),
            )
        )
        batch.add_column(
            sa.Column("prompt", sa.String(length=200), nullable=False, server_default="")
        )
        batch.create_foreign_key(
            op.f("fk_notes_builds_on_notes"),
            "notes",
            ["builds_on"],
            ["id"],
            ondelete="SET NULL",
            deferrable=True,
            initially="DEFERRED",
        )
        batch.create_index(op.f("ix_notes_builds_on"), ["builds_on"])
    with op.batch_alter_table("phases") as batch:
        batch.add_column(
            sa.Column(
                "technique",
                sa.Enum(
                    *TECHNIQUES,
                    name="technique",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=False,
                server_default="none",
            )
        )
        batch.add_column(
            sa.Column("technique_settings", sa.Text(), nullable=False, server_default="{}")
        )


def downgrade() -> None:
    # A server keeps booleans as booleans: only SQLite has their CHECKs.
    bool_checks = not op.get_bind().dialect.supports_native_boolean
    with op.batch_alter_table("phases") as batch:
        batch.drop_constraint(op.f("ck_phases_technique"), type_="check")
        batch.drop_column("technique_settings")
        batch.drop_column("technique")
    with op.batch_alter_table("notes") as batch:
        batch.drop_index(op.f("ix_notes_builds_on"))
        batch.drop_constraint(op.f("fk_notes_builds_on_notes"), type_="foreignkey")
        if bool_checks:
            batch.drop_constraint(op.f("ck_notes_builds_on_deleted_bool"), type_="check")
        batch.drop_column("prompt")
        batch.drop_column("builds_on_deleted")
        batch.drop_column("builds_on")
