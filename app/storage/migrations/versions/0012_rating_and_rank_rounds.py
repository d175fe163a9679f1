"""Rating and rank rounds beside dot rounds, and the bias controls of any round.

A round gets its ``kind`` (dots, rating or rank), a rank round its ``rank_size``, and
every round two controls: ``shuffle`` (each voter sees the items in an order of their
own) and ``no_self_votes``. Every round stored before was a dot round without either
control, so the new columns start so (constant defaults: the rows already there read
as before). A rating round's criteria, its ratings and a rank round's ranks get tables
of their own; the database refuses a rating twice for one voter, item and criterion,
a scale of more than 11 steps, and a rank place or an item twice for one voter.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROUND_KINDS = ("dots", "rating", "rank")
CONTROLS = ("shuffle", "no_self_votes")
NEW_TABLES = ("round_criteria", "ratings", "ranks")


def _round_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["round_id"],
        ["vote_rounds.id"],
        name=op.f(f"fk_{table}_round_id_vote_rounds"),
        ondelete="CASCADE",
    )


def _voter_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["voter_id"],
        ["participants.id"],
        name=op.f(f"fk_{table}_voter_id_participants"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    # Its CHECKs make SQLite rebuild the table (foreign keys are off meanwhile).
    with op.batch_alter_table("vote_rounds") as batch:
        batch.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    *ROUND_KINDS,
                    name="round_kind",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=False,
                server_default="dots",
            )
        )
        batch.add_column(sa.Column("rank_size", sa.Integer(), nullable=True))
        for control in CONTROLS:
            batch.add_column(
                sa.Column(
                    control,
                    sa.Boolean(create_constraint=True, name=f"{control}_bool"),
                    nullable=False,
                    server_default=sa.false(),
                )
            )
        batch.create_check_constraint(
            op.f("ck_vote_rounds_rank_size_range"),
            "rank_size IS NULL OR rank_size BETWEEN 2 AND 10",
        )
    op.create_table(
        "round_criteria",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("min", sa.Integer(), nullable=False),
        sa.Column("max", sa.Integer(), nullable=False),
        sa.Column(
            "higher_is_better",
            sa.Boolean(create_constraint=True, name="higher_is_better_bool"),
            nullable=False,
        ),
        sa.CheckConstraint(
            '"min" < "max" AND "max" - "min" <= 10', name=op.f("ck_round_criteria_scale_range")
        ),
        _round_fk("round_criteria"),
        sa.PrimaryKeyConstraint("round_id", "id", name=op.f("pk_round_criteria")),
    )
    op.create_table(
        "ratings",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("voter_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("criterion_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        _round_fk("ratings"),
        _voter_fk("ratings"),
        sa.ForeignKeyConstraint(
            ["round_id", "criterion_id"],
            ["round_criteria.round_id", "round_criteria.id"],
            name=op.f("fk_ratings_round_id_round_criteria"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "round_id", "voter_id", "item_id", "criterion_id", name=op.f("pk_ratings")
        ),
    )
    op.create_index(op.f("ix_ratings_item_id"), "ratings", ["item_id"])
    op.create_table(
        "ranks",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("voter_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_ranks_position_positive")),
        _round_fk("ranks"),
        _voter_fk("ranks"),
        sa.PrimaryKeyConstraint("round_id", "voter_id", "position", name=op.f("pk_ranks")),
        sa.UniqueConstraint(
            "round_id", "voter_id", "item_id", name=op.f("uq_ranks_round_voter_item")
        ),
    )
    op.create_index(op.f("ix_ranks_item_id"), "ranks", ["item_id"])
    if op.get_bind().dialect.name == "postgresql":
        # Announced as every other table's changes are (migration 0008).
        for table in NEW_TABLES:
            op.execute(
                f"CREATE TRIGGER dotstorm_announce_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION dotstorm_announce_change()"
            )


def downgrade() -> None:
    # A table's triggers go with it.
    op.drop_index(op.f("ix_ranks_item_id"), table_name="ranks")
    op.drop_table("ranks")
    op.drop_index(op.f("ix_ratings_item_id"), table_name="ratings")
    op.drop_table("ratings")
    op.drop_table("round_criteria")
    # A server keeps booleans as booleans: only SQLite has their CHECKs.
    bool_checks = not op.get_bind().dialect.supports_native_boolean
    with op.batch_alter_table("vote_rounds") as batch:
        batch.drop_constraint(op.f("ck_vote_rounds_rank_size_range"), type_="check")
        batch.drop_constraint(op.f("ck_vote_rounds_round_kind"), type_="check")
        for control in reversed(CONTROLS):
            if bool_checks:
                batch.drop_constraint(op.f(f"ck_vote_rounds_{control}_bool"), type_="check")
            batch.drop_column(control)
        batch.drop_column("rank_size")
        batch.drop_column("kind")
