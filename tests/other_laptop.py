"""Another laptop, as a real process: it reads a shared row as its window would, and changes it.

``python -m tests.other_laptop URL goal GOAL_ID owner=Maya target=40``
``python -m tests.other_laptop URL action ACTION_ID title=… status=dropped``
``python -m tests.other_laptop URL idea NOTE_ID adopted``
``python -m tests.other_laptop URL hold SESSION_ID`` (holds it until its stdin closes)

Each change is made from the row as it is stored now (as a window that just opened
the dialog, or the backlog just refreshed), in its own process with its own
connection, and prints the version it stored.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from app.core.backlog import IdeaStatus
from app.core.types import ActionStatus
from app.storage.database import open_database
from app.storage.repository import SessionRepository


def main(argv: list[str]) -> int:
    """Make one change on the database at ``argv[0]``; print the version it stored."""
    url, kind, row_id, *changes = argv
    database = open_database(url)
    try:
        repository = SessionRepository(database.engine)
        fields = dict(change.split("=", 1) for change in changes if "=" in change)
        if kind == "goal":
            goal = repository.goals.goal(row_id)
            typed: dict[str, object] = dict(fields)
            if "target" in fields:
                typed["target"] = float(fields["target"])
            stored = repository.goals.update_goal(replace(goal, **typed))  # type: ignore[arg-type]
            print(stored.version)
        elif kind == "action":
            entry = next(a for a in repository.backlog.action_entries() if a.id == row_id)
            (action,) = [
                a for a in repository.actions.action_items(entry.session_id) if a.id == row_id
            ]
            if "status" in fields:
                action = replace(action, status=ActionStatus(fields["status"]))
            if "title" in fields:
                action = replace(action, title=fields["title"])
            print(repository.actions.update_action(entry.session_id, action).version)
        elif kind == "hold":
            lock = repository.hold_session(row_id)
            assert lock is not None
            print("held", flush=True)
            sys.stdin.read()  # until the test closes it
            lock.release()
        elif kind == "idea":
            (status,) = changes
            for summary in repository.list_sessions():
                states = repository.actions.idea_states(summary.id)
                if row_id in states:
                    version = states[row_id][1]
                    print(repository.actions.set_idea_status(row_id, IdeaStatus(status), version))
        else:
            raise SystemExit(f"unknown kind {kind!r}")
    finally:
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
