"""Replay a script of actions through the gestures' own path (for the crash tests).

``dotstorm --db X --replay SCRIPT`` opens the session named in the script and, for
each action, pushes the same undo command a gesture would, on the session document;
once the repository has committed it, the action is acknowledged on stdout as
``ack N``. A test can then kill the process at any moment and check that every
acknowledged action is in the database.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from app.core.types import Cluster, Dot, RoundStatus, VoteRound, VoteTarget, utc_now
from app.ui.board.commands import AddNotesCommand, GroupCommand, UpdateNotesCommand
from app.ui.document import SessionDocument
from app.ui.voting.commands import OpenRoundCommand


def run_replay(db_value: str | None, script: Path) -> int:
    """Run the actions of ``script``; return the exit status."""
    from app.storage.database import open_database
    from app.storage.location import resolve_database_url
    from app.storage.repository import SessionRepository

    application = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    plan: dict[str, Any] = json.loads(script.read_text("utf-8"))
    database = open_database(resolve_database_url(db_value))
    document = SessionDocument(SessionRepository(database.engine), plan["session_id"])
    for number, action in enumerate(plan["actions"]):
        _apply(document, action)
        print(f"ack {number}", flush=True)
    database.close()
    del application
    return 0


def _apply(document: SessionDocument, action: dict[str, Any]) -> None:
    op = action["op"]
    stack = document.undo_stack
    if op == "add":
        (note,) = document.make_notes([action["text"]], action.get("author"))
        stack.push(AddNotesCommand(document, [replace(note, id=action["id"])]))
    elif op == "move":
        before = document.notes[action["id"]]
        after = replace(before, x=action["x"], y=action["y"])
        stack.push(UpdateNotesCommand(document, [before], [after], "Move 1 note"))
    elif op == "group":
        members = [document.notes[i] for i in action["ids"]]
        cluster = Cluster(action["cluster"], action["title"], "#FFD54F")
        grouped = [replace(n, cluster_id=cluster.id) for n in members]
        stack.push(GroupCommand(document, cluster, members, grouped))
    elif op == "round":
        stack.push(
            OpenRoundCommand(
                document,
                VoteRound(
                    action["round"],
                    "Crash-test round",
                    VoteTarget.NOTES,
                    3,
                    1,
                    True,
                    True,
                    RoundStatus.OPEN,
                    opened_at=utc_now(),
                ),
            )
        )
    elif op == "ballot":
        # A ballot's dots go straight to the document, as the ballot page sends them.
        dots = tuple(Dot(action["voter"], item, 1) for item in action["items"])
        document.save_ballot(action["round"], action["voter"], dots)
        document.finish_ballot(action["round"], action["voter"])
    else:
        raise ValueError(f"unknown action {op!r}")
