"""Voting: who votes, a runoff's items, who has finished, which round a runoff settles.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("vote_rounds") as batch:
        batch.add_column(sa.Column("runoff_of", sa.String(length=36), nullable=True))
    op.create_table(
        "round_voters",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["vote_rounds.id"],
            name=op.f("fk_round_voters_round_id_vote_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_round_voters_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "participant_id", name=op.f("pk_round_voters")),
    )
    op.create_table(
        "round_items",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["vote_rounds.id"],
            name=op.f("fk_round_items_round_id_vote_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "item_id", name=op.f("pk_round_items")),
    )
    op.create_table(
        "ballots",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("voter_id", sa.String(length=36), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["vote_rounds.id"],
            name=op.f("fk_ballots_round_id_vote_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["voter_id"],
            ["participants.id"],
            name=op.f("fk_ballots_voter_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "voter_id", name=op.f("pk_ballots")),
    )


def downgrade() -> None:
    op.drop_table("ballots")
    op.drop_table("round_items")
    op.drop_table("round_voters")
    with op.batch_alter_table("vote_rounds") as batch:
        batch.drop_column("runoff_of")
