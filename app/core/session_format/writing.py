"""Writing a session file: a :class:`~app.core.types.Session` to JSON bytes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from app.core.session_format.errors import FORMAT_NAME, FORMAT_VERSION, Json
from app.core.session_format.values import format_time, plain_number
from app.core.types import Goal, Outcome, Phase, RoundKind, Session, Technique, Via, VoteRound


def session_to_document(session: Session, exported_at: datetime | None = None) -> Json:
    """Build the JSON document (a dict) of the session file for ``session``.

    ``anonymous_ideas``, ``goal_record``, a note's ``idea_status``, ``merged_into``,
    ``via``, ``builds_on`` and ``prompt``, a phase's ``technique`` and
    ``technique_settings``, an action's ``outcome``, and a vote round's ``runoff_of``, ``items``,
    ``kind``, ``criteria``, ``ratings``, ``rank_size``, ``ranks``, ``shuffle`` and
    ``no_self_votes`` are optional fields that readers of v1 ignore; each is written only
    when it is not its default, so files of sessions without them are exactly as the
    format's example shows.
    """
    document = _document(session, exported_at)
    if session.anonymous_ideas:
        document["session"]["anonymous_ideas"] = True
    if session.goal_record is not None:
        document["session"]["goal_record"] = _goal_document(session.goal_record)
    statuses = dict(session.idea_statuses)
    for note, written in zip(session.notes, document["session"]["notes"], strict=True):
        status = statuses.get(note.id, "new")
        if status != "new":
            written["idea_status"] = status
        if note.merged_into is not None:
            written["merged_into"] = note.merged_into
        if note.via is not Via.LAPTOP:
            written["via"] = note.via.value
        if note.builds_on is not None:
            written["builds_on"] = note.builds_on
        if note.prompt:
            written["prompt"] = note.prompt
    for action, written in zip(
        session.action_items, document["session"]["action_items"], strict=True
    ):
        if action.outcome is not None:
            written["outcome"] = outcome_document(action.outcome)
    for vote_round, written in zip(
        session.vote_rounds, document["session"]["vote_rounds"], strict=True
    ):
        # Optional fields, left out at their default (null) as the format asks.
        if vote_round.runoff_of is not None:
            written["runoff_of"] = vote_round.runoff_of
        if vote_round.item_ids:
            written["items"] = list(vote_round.item_ids)
        written.update(_kind_fields(vote_round))
    return document


def _kind_fields(vote_round: VoteRound) -> Json:
    """A round's kind, its criteria and ballots, its bias controls: each unless default."""
    fields: Json = {}
    if vote_round.kind is not RoundKind.DOTS:
        fields["kind"] = vote_round.kind.value
    if vote_round.criteria:
        fields["criteria"] = [
            {
                "id": c.id,
                "name": c.name,
                "min": c.min,
                "max": c.max,
                "higher_is_better": c.higher_is_better,
            }
            for c in vote_round.criteria
        ]
    if vote_round.ratings:
        fields["ratings"] = [
            {
                "voter_id": r.voter_id,
                "item_id": r.item_id,
                "criterion_id": r.criterion_id,
                "value": r.value,
            }
            for r in vote_round.ratings
        ]
    if vote_round.rank_size is not None:
        fields["rank_size"] = vote_round.rank_size
    if vote_round.ranks:
        fields["ranks"] = [
            {"voter_id": r.voter_id, "item_id": r.item_id, "position": r.position}
            for r in vote_round.ranks
        ]
    if vote_round.shuffle:
        fields["shuffle"] = True
    if vote_round.no_self_votes:
        fields["no_self_votes"] = True
    return fields


def _document(session: Session, exported_at: datetime | None) -> Json:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": format_time(exported_at or datetime.now(UTC).replace(microsecond=0)),
        "session": {
            "id": session.id,
            "title": session.title,
            "goal": session.goal,
            "question": session.question,
            "facilitator": session.facilitator,
            "status": session.status.value,
            "created_at": format_time(session.created_at),
            "started_at": format_time(session.started_at),
            "ended_at": format_time(session.ended_at),
            "participants": [
                {"id": p.id, "name": p.name, "department": p.department, "role": p.role.value}
                for p in session.participants
            ],
            "phases": [_phase_document(p, exported_at) for p in session.phases],
            "clusters": [
                {"id": c.id, "title": c.title, "color": c.color} for c in session.clusters
            ],
            "notes": [
                {
                    "id": n.id,
                    "text": n.text,
                    "author_id": n.author_id,
                    "color": n.color,
                    "x": plain_number(n.x),
                    "y": plain_number(n.y),
                    "cluster_id": n.cluster_id,
                    "phase_id": n.phase_id,
                    "created_at": format_time(n.created_at),
                    "hidden": n.hidden,
                    "impact": n.impact,
                    "effort": n.effort,
                }
                for n in session.notes
            ],
            "vote_rounds": [
                {
                    "id": v.id,
                    "title": v.title,
                    "target": v.target.value,
                    "dots_per_voter": v.dots_per_voter,
                    "max_dots_per_item": v.max_dots_per_item,
                    "anonymous": v.anonymous,
                    "blind": v.blind,
                    "status": v.status.value,
                    "opened_at": format_time(v.opened_at),
                    "closed_at": format_time(v.closed_at),
                    "dots": [
                        {"voter_id": d.voter_id, "item_id": d.item_id, "count": d.count}
                        for d in v.dots
                    ],
                }
                for v in session.vote_rounds
            ],
            "action_items": [
                {
                    "id": a.id,
                    "title": a.title,
                    "owner_id": a.owner_id,
                    "due_date": None if a.due_date is None else a.due_date.isoformat(),
                    "source_note_id": a.source_note_id,
                    "status": a.status.value,
                    "hypothesis": a.hypothesis,
                    "success_metric": a.success_metric,
                }
                for a in session.action_items
            ],
        },
    }


def _goal_document(goal: Goal) -> Json:
    return {
        "id": goal.id,
        "title": goal.title,
        "why": goal.why,
        "metric": goal.metric,
        "unit": goal.unit,
        "baseline": None if goal.baseline is None else plain_number(goal.baseline),
        "target": None if goal.target is None else plain_number(goal.target),
        "target_date": None if goal.target_date is None else goal.target_date.isoformat(),
    }


def outcome_document(outcome: Outcome) -> Json:
    """An outcome as the session file (and ``dotstorm actions --json``) writes it."""
    return {
        "result": outcome.result.value,
        "measured": outcome.measured,
        "learning": outcome.learning,
        "decision": None if outcome.decision is None else outcome.decision.value,
        "recorded_at": format_time(outcome.recorded_at),
    }


def _phase_document(phase: Phase, exported_at: datetime | None) -> Json:
    elapsed = phase.elapsed_seconds
    if phase.running_since is not None:  # a running phase: count up to the export
        moment = exported_at or datetime.now(UTC)
        elapsed += max(0.0, (moment - phase.running_since).total_seconds())
        elapsed = round(elapsed, 3)
    written: Json = {
        "id": phase.id,
        "kind": phase.kind.value,
        "title": phase.title,
        "planned_seconds": phase.planned_seconds,
        "started_at": format_time(phase.started_at),
        "elapsed_seconds": plain_number(elapsed),
        "status": phase.status.value,
    }
    # Optional fields, left out at their default.
    if phase.technique is not Technique.NONE:
        written["technique"] = phase.technique.value
    if not phase.technique_settings.is_empty:
        written["technique_settings"] = phase.technique_settings.as_mapping()
    return written


def dump_session(session: Session, exported_at: datetime | None = None) -> bytes:
    """Serialise ``session`` as the UTF-8 bytes of a session file."""
    document = session_to_document(session, exported_at)
    return (json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode(
        "utf-8"
    )
