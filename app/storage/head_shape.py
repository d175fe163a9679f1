"""Today's schema as data: its tables' columns and its indexes, for the label check.

Checking a current file's schema label (``schema_label``) compares its tables with
these, so ``dotstorm list`` needs no SQLAlchemy to refuse a hand-edited file. It is
written from the models by ``python -m app.storage.head_shape``, and a test keeps it
equal to them; while :data:`SHAPE_REVISION` is not the newest migration (a new one
was added), the label check reads the models instead.
"""

from __future__ import annotations

SHAPE_REVISION = "0015"
"""The schema revision :data:`HEAD_SHAPE` describes."""

HEAD_SHAPE: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("column", "action_items", "due_date"),
        ("column", "action_items", "hypothesis"),
        ("column", "action_items", "id"),
        ("column", "action_items", "outcome_decision"),
        ("column", "action_items", "outcome_learning"),
        ("column", "action_items", "outcome_measured"),
        ("column", "action_items", "outcome_recorded_at"),
        ("column", "action_items", "outcome_result"),
        ("column", "action_items", "owner_id"),
        ("column", "action_items", "position"),
        ("column", "action_items", "session_id"),
        ("column", "action_items", "source_note_id"),
        ("column", "action_items", "status"),
        ("column", "action_items", "success_metric"),
        ("column", "action_items", "title"),
        ("column", "action_items", "version"),
        ("column", "alembic_version", "version_num"),
        ("column", "ballots", "finished_at"),
        ("column", "ballots", "round_id"),
        ("column", "ballots", "via"),
        ("column", "ballots", "voter_id"),
        ("column", "clusters", "color"),
        ("column", "clusters", "effort"),
        ("column", "clusters", "effort_from_round"),
        ("column", "clusters", "id"),
        ("column", "clusters", "impact"),
        ("column", "clusters", "impact_from_round"),
        ("column", "clusters", "position"),
        ("column", "clusters", "session_id"),
        ("column", "clusters", "title"),
        ("column", "dots", "count"),
        ("column", "dots", "item_id"),
        ("column", "dots", "position"),
        ("column", "dots", "round_id"),
        ("column", "dots", "voter_id"),
        ("column", "goals", "archived"),
        ("column", "goals", "baseline"),
        ("column", "goals", "id"),
        ("column", "goals", "metric"),
        ("column", "goals", "owner"),
        ("column", "goals", "target"),
        ("column", "goals", "target_date"),
        ("column", "goals", "title"),
        ("column", "goals", "unit"),
        ("column", "goals", "version"),
        ("column", "goals", "why"),
        ("column", "metric_readings", "goal_id"),
        ("column", "metric_readings", "id"),
        ("column", "metric_readings", "measured_on"),
        ("column", "metric_readings", "note"),
        ("column", "metric_readings", "value"),
        ("column", "notes", "author_id"),
        ("column", "notes", "builds_on"),
        ("column", "notes", "builds_on_deleted"),
        ("column", "notes", "carried_from"),
        ("column", "notes", "cluster_id"),
        ("column", "notes", "color"),
        ("column", "notes", "created_at"),
        ("column", "notes", "effort"),
        ("column", "notes", "effort_from_round"),
        ("column", "notes", "hidden"),
        ("column", "notes", "id"),
        ("column", "notes", "idea_status"),
        ("column", "notes", "idea_version"),
        ("column", "notes", "impact"),
        ("column", "notes", "impact_from_round"),
        ("column", "notes", "merged_into"),
        ("column", "notes", "phase_id"),
        ("column", "notes", "position"),
        ("column", "notes", "prompt"),
        ("column", "notes", "session_id"),
        ("column", "notes", "text"),
        ("column", "notes", "via"),
        ("column", "notes", "x"),
        ("column", "notes", "y"),
        ("column", "participants", "department"),
        ("column", "participants", "id"),
        ("column", "participants", "name"),
        ("column", "participants", "position"),
        ("column", "participants", "role"),
        ("column", "participants", "session_id"),
        ("column", "phases", "adjust_seconds"),
        ("column", "phases", "elapsed_seconds"),
        ("column", "phases", "id"),
        ("column", "phases", "kind"),
        ("column", "phases", "lock_at_zero"),
        ("column", "phases", "lock_released"),
        ("column", "phases", "planned_seconds"),
        ("column", "phases", "position"),
        ("column", "phases", "running_since"),
        ("column", "phases", "session_id"),
        ("column", "phases", "started_at"),
        ("column", "phases", "status"),
        ("column", "phases", "technique"),
        ("column", "phases", "technique_settings"),
        ("column", "phases", "title"),
        ("column", "ranks", "entry"),
        ("column", "ranks", "item_id"),
        ("column", "ranks", "position"),
        ("column", "ranks", "round_id"),
        ("column", "ranks", "voter_id"),
        ("column", "ratings", "criterion_id"),
        ("column", "ratings", "item_id"),
        ("column", "ratings", "position"),
        ("column", "ratings", "round_id"),
        ("column", "ratings", "value"),
        ("column", "ratings", "voter_id"),
        ("column", "round_criteria", "higher_is_better"),
        ("column", "round_criteria", "id"),
        ("column", "round_criteria", "max"),
        ("column", "round_criteria", "min"),
        ("column", "round_criteria", "name"),
        ("column", "round_criteria", "position"),
        ("column", "round_criteria", "round_id"),
        ("column", "round_items", "item_id"),
        ("column", "round_items", "position"),
        ("column", "round_items", "round_id"),
        ("column", "round_voters", "participant_id"),
        ("column", "round_voters", "position"),
        ("column", "round_voters", "round_id"),
        ("column", "sessions", "anonymous_ideas"),
        ("column", "sessions", "created_at"),
        ("column", "sessions", "current_phase_id"),
        ("column", "sessions", "ended_at"),
        ("column", "sessions", "facilitator"),
        ("column", "sessions", "goal"),
        ("column", "sessions", "goal_id"),
        ("column", "sessions", "hold_token"),
        ("column", "sessions", "id"),
        ("column", "sessions", "question"),
        ("column", "sessions", "started_at"),
        ("column", "sessions", "status"),
        ("column", "sessions", "title"),
        ("column", "similarity_dismissals", "first_note_id"),
        ("column", "similarity_dismissals", "second_note_id"),
        ("column", "similarity_dismissals", "session_id"),
        ("column", "vote_rounds", "anonymous"),
        ("column", "vote_rounds", "blind"),
        ("column", "vote_rounds", "closed_at"),
        ("column", "vote_rounds", "dots_per_voter"),
        ("column", "vote_rounds", "id"),
        ("column", "vote_rounds", "kind"),
        ("column", "vote_rounds", "max_dots_per_item"),
        ("column", "vote_rounds", "no_self_votes"),
        ("column", "vote_rounds", "opened_at"),
        ("column", "vote_rounds", "position"),
        ("column", "vote_rounds", "rank_size"),
        ("column", "vote_rounds", "runoff_of"),
        ("column", "vote_rounds", "session_id"),
        ("column", "vote_rounds", "shuffle"),
        ("column", "vote_rounds", "status"),
        ("column", "vote_rounds", "target"),
        ("column", "vote_rounds", "title"),
        ("index", "ix_action_items_owner_id", "action_items"),
        ("index", "ix_action_items_session_id", "action_items"),
        ("index", "ix_action_items_source_note_id", "action_items"),
        ("index", "ix_clusters_session_id", "clusters"),
        ("index", "ix_dots_item_id", "dots"),
        ("index", "ix_metric_readings_goal_id", "metric_readings"),
        ("index", "ix_notes_author_id", "notes"),
        ("index", "ix_notes_builds_on", "notes"),
        ("index", "ix_notes_cluster_id", "notes"),
        ("index", "ix_notes_merged_into", "notes"),
        ("index", "ix_notes_phase_id", "notes"),
        ("index", "ix_notes_session_id_position", "notes"),
        ("index", "ix_participants_session_id", "participants"),
        ("index", "ix_phases_session_id", "phases"),
        ("index", "ix_ranks_item_id", "ranks"),
        ("index", "ix_ratings_item_id", "ratings"),
        ("index", "ix_sessions_created_at", "sessions"),
        ("index", "ix_sessions_goal_id", "sessions"),
        ("index", "ix_vote_rounds_session_id", "vote_rounds"),
    }
)
"""``("column", table, column)`` and ``("index", name, table)`` of every table."""


def shape_from_models() -> frozenset[tuple[str, str, str]]:
    """Today's schema, from the models."""
    from app.storage.models import Base

    shape = {("column", "alembic_version", "version_num")}
    for table in Base.metadata.sorted_tables:
        shape.update(("column", table.name, column.name) for column in table.columns)
        shape.update(("index", str(index.name), table.name) for index in table.indexes)
    return frozenset(shape)


def written_module() -> str:
    """The text of this module for today's models, as ``python -m`` writes it."""
    from pathlib import Path

    from app.storage.schema_revision import HEAD_REVISION

    template = Path(__file__).read_text(encoding="utf-8")
    start = template.index("SHAPE_REVISION = ")
    end = template.index('"""The schema revision')
    rows = "\n".join(
        "        (" + ", ".join(f'"{part}"' for part in row) + "),"
        for row in sorted(shape_from_models())
    )
    shape_start = template.index("HEAD_SHAPE: ")
    shape_end = template.index('"""``("column"')
    shape = (
        "HEAD_SHAPE: frozenset[tuple[str, str, str]] = frozenset(\n    {\n" + rows + "\n    }\n)\n"
    )
    return (
        template[:start]
        + f'SHAPE_REVISION = "{HEAD_REVISION}"\n'
        + template[end:shape_start]
        + shape
        + template[shape_end:]
    )


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).write_text(written_module(), encoding="utf-8")
