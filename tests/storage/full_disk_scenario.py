"""Fill a small disk with notes, then check nothing acknowledged was lost (run by a test).

Usage: ``python -m tests.storage.full_disk_scenario FOLDER``. FOLDER is a small tmpfs
that exists only while this process lives, so every check happens here and the result
is printed as one JSON object for the test to read.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.core.demo import build_demo_session
from app.core.types import Note
from app.export.atomic import ExportError
from app.export.exports import export_file
from app.storage.backup import integrity_problems, take_backup
from app.storage.database import open_database
from app.storage.errors import StorageError
from app.storage.repository import SessionRepository

NOTE_TEXT = "A longer idea, so that the disk fills in a few hundred notes. " * 30


def main(folder: Path) -> dict[str, object]:
    """Write until the disk refuses, then report what survived and what the user read."""
    path = folder / "dotstorm.sqlite3"
    database = open_database(f"sqlite:///{path}")
    repository = SessionRepository(database.engine)
    session = build_demo_session()
    repository.add_session(session)
    acknowledged: list[str] = [note.id for note in session.notes]
    refusal = ""
    for index in range(20_000):
        note = Note(
            id=f"full-{index:05d}",
            text=NOTE_TEXT[: 1500 + index % 400],
            color=session.notes[0].color,
            x=float(index % 40) * 200,
            y=float(index // 40) * 150,
            created_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
        )
        try:
            repository.add_notes(session.id, [note])
        except StorageError as error:
            refusal = str(error)
            break
        acknowledged.append(note.id)
    # The room carries on after a failed write: an edit of a note that exists still works
    # once a little space is free again, or fails with the same kind of sentence.
    try:
        first = repository.load_session(session.id).notes[0]
        repository.update_notes(session.id, [replace(first, text=first.text + "!")])
        edit_after = "kept"
    except StorageError as error:
        edit_after = str(error)
    try:
        take_backup(path, folder / "backups", "full-disk")
        backup = "made"
    except StorageError as error:
        backup = str(error)
    stored = repository.load_session(session.id)
    try:
        export_file(stored, "json", folder / "export.json")
        export = "written"
    except ExportError as error:
        export = str(error)
    database.close()
    reopened = open_database(f"sqlite:///{path}")
    stored_ids = {
        note.id for note in SessionRepository(reopened.engine).load_session(session.id).notes
    }
    reopened.close()
    return {
        "refusal": refusal,
        "acknowledged": len(acknowledged),
        "missing": sorted(set(acknowledged) - stored_ids),
        "unacknowledged_stored": sorted(stored_ids - set(acknowledged)),
        "integrity": integrity_problems(path),
        "edit_after": edit_after,
        "backup": backup,
        "backup_leftovers": sorted(p.name for p in (folder / "backups").glob("*"))
        if (folder / "backups").exists()
        else [],
        "export": export,
        "export_leftovers": sorted(p.name for p in folder.glob("*export*")),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
