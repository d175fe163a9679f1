"""Goals as records shared by sessions, readings of their metric, outcomes of actions.

Every distinct goal text already in the database (case and spaces aside) becomes one
goal record, and its sessions are linked to it; each session keeps its own wording.

Revision ID: 0006
Revises: 0005
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TITLE_LIMIT = 200


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("metric", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column(
            "archived",
            sa.Boolean(create_constraint=True, name="archived_bool"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    op.create_table(
        "metric_readings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("goal_id", sa.String(length=36), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_metric_readings_goal_id_goals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_readings")),
    )
    op.create_index(op.f("ix_metric_readings_goal_id"), "metric_readings", ["goal_id"])
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("goal_id", sa.String(length=36), nullable=True))
        batch.create_foreign_key(
            op.f("fk_sessions_goal_id_goals"), "goals", ["goal_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(op.f("ix_sessions_goal_id"), ["goal_id"])
    with op.batch_alter_table("action_items") as batch:
        batch.add_column(
            sa.Column(
                "outcome_result",
                _enum("outcome_result", "worked", "did_not_work", "inconclusive"),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("outcome_measured", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("outcome_learning", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column(
                "outcome_decision", _enum("decision", "adopt", "iterate", "drop"), nullable=True
            )
        )
        batch.add_column(sa.Column("outcome_recorded_at", sa.DateTime(), nullable=True))
    _goal_records_from_goal_texts()


def _goal_records_from_goal_texts() -> None:
    """One goal per distinct wording (case and spaces aside), oldest wording as its title."""
    connection = op.get_bind()
    sessions = connection.execute(
        sa.text("SELECT id, goal FROM sessions ORDER BY created_at IS NULL, created_at, id")
    ).fetchall()
    groups: dict[str, tuple[str, str, list[str]]] = {}
    for session_id, goal in sessions:
        wording = " ".join((goal or "").split())
        if not wording:
            continue
        key = wording.casefold()
        if key not in groups:
            groups[key] = (str(uuid.uuid4()), wording, [])
        groups[key][2].append(session_id)
    for goal_id, wording, session_ids in groups.values():
        title = wording if len(wording) <= TITLE_LIMIT else wording[: TITLE_LIMIT - 1] + "…"
        connection.execute(
            sa.text(
                "INSERT INTO goals (id, title, why, metric, unit, owner, archived) "
                "VALUES (:id, :title, :why, '', '', '', 0)"
            ),
            {"id": goal_id, "title": title, "why": wording if title != wording else ""},
        )
        connection.execute(
            sa.text("UPDATE sessions SET goal_id = :goal WHERE id = :session"),
            [{"goal": goal_id, "session": session_id} for session_id in session_ids],
        )


def downgrade() -> None:
    with op.batch_alter_table("action_items") as batch:
        batch.drop_constraint(op.f("ck_action_items_outcome_result"), type_="check")
        batch.drop_constraint(op.f("ck_action_items_decision"), type_="check")
        for column in (
            "outcome_recorded_at",
            "outcome_decision",
            "outcome_learning",
            "outcome_measured",
            "outcome_result",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index(op.f("ix_sessions_goal_id"))
        batch.drop_constraint(op.f("fk_sessions_goal_id_goals"), type_="foreignkey")
        batch.drop_column("goal_id")
    op.drop_index(op.f("ix_metric_readings_goal_id"), table_name="metric_readings")
    op.drop_table("metric_readings")
    op.drop_table("goals")
