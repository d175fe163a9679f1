"""Changes of shared rows as a laptop makes them: it reads the row, then changes that copy.

Every change of a goal, an action or an idea's status is stored only over the version
it was made from. Tests that need "another laptop moved it" or "the program has this
outcome" read the current version first, as a window that shows the row has.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.core.backlog import IdeaStatus, StoredOutcome
from app.core.types import ActionStatus, Outcome
from app.storage.repository import SessionRepository


def action_version(repository: SessionRepository, action_id: str) -> int:
    """The version the action is stored at now."""
    return next(a.version for a in repository.backlog.action_entries() if a.id == action_id)


def idea_version(repository: SessionRepository, note_id: str) -> int:
    """The version the idea's status is stored at now."""
    for summary in repository.list_sessions():
        states = repository.actions.idea_states(summary.id)
        if note_id in states:
            return states[note_id][1]
    raise LookupError(f"no note {note_id}")


def set_statuses_now(
    repository: SessionRepository,
    actions: Mapping[str, ActionStatus] | None = None,
    ideas: Mapping[str, IdeaStatus] | None = None,
) -> None:
    """Move actions and ideas along from their current versions."""
    repository.actions.set_statuses(
        {
            key: (status, action_version(repository, key))
            for key, status in (actions or {}).items()
        },
        {key: (status, idea_version(repository, key)) for key, status in (ideas or {}).items()},
    )


def record_outcome_now(
    repository: SessionRepository,
    action_id: str,
    outcome: Outcome | None,
    status: ActionStatus,
    idea_status: IdeaStatus | None = None,
) -> StoredOutcome:
    """Record an outcome over the action's (and its idea's) current version."""
    action = next(a for a in repository.backlog.action_entries() if a.id == action_id)
    idea = None
    if idea_status is not None and action.source_note_id is not None:
        idea = (idea_status, idea_version(repository, action.source_note_id))
    return repository.actions.record_outcome(action_id, action.version, outcome, status, idea)
