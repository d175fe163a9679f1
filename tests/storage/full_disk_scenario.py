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
from app.core.types import Note, Session
from app.export.atomic import ExportError
from app.export.exports import export_file
from app.storage.backup import integrity_problems, take_backup
from app.storage.database import open_database
from app.storage.errors import StorageError
from app.storage.repository import SessionRepository

RESERVE_BYTES = 7 * 2**20
"""Of the test's 10 MiB disk: the database fills the rest."""
NOTE_TEXT = "A longer idea, so that the disk fills in a few hundred notes. " * 30


def fill_what_is_left(filler: Path) -> Path:
    """Write ``filler`` until the disk has not one block left; return it."""
    with filler.open("wb", buffering=0) as handle:
        for block in (2**20, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * block)
            except OSError:
                continue
    return filler


def backup_and_export(path: Path, folder: Path, session: Session, label: str) -> tuple[str, str]:
    """Try a verified backup and a JSON export; say what each did."""
    try:
        take_backup(path, folder / "backups", label)
        backup = "made"
    except StorageError as error:
        backup = str(error)
    try:
        export_file(session, "json", folder / f"export-{label}.json")
        export = "written"
    except ExportError as error:
        export = str(error)
    return backup, export


def leftovers(folder: Path) -> list[str]:
    """What a failed backup or export could have left: partial and temporary files."""
    return sorted(
        p.name
        for p in folder.rglob("*")
        if p.name.endswith(".partial") or ".tmp" in p.name or p.name.startswith("export-")
    )


def main(folder: Path) -> dict[str, object]:
    """Write until the disk refuses, then report what survived and what the user read."""
    path = folder / "dotstorm.sqlite3"
    # Kept aside until the end, so that the backup and the export have room then.
    reserve = folder / "reserve"
    reserve.write_bytes(b"\0" * RESERVE_BYTES)
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
            repository.board.add_notes(session.id, [note])
        except StorageError as error:
            refusal = str(error)
            break
        acknowledged.append(note.id)
    # With not one block free, a backup and an export each need a new file: both say
    # why, and neither leaves a partial file behind.
    filler = fill_what_is_left(folder / "filler")
    stored = repository.load_session(session.id)
    backup_on_full, export_on_full = backup_and_export(path, folder, stored, "on-full")
    leftovers_on_full = leftovers(folder)
    # Once space is free again, the room carries on: the edit, the backup and the export
    # all work, on the same open database.
    filler.unlink()
    reserve.unlink()
    try:
        first = repository.load_session(session.id).notes[0]
        repository.board.update_notes(session.id, [replace(first, text=first.text + "!")])
        edit_after = "kept"
    except StorageError as error:
        edit_after = str(error)
    stored = repository.load_session(session.id)
    backup_after, export_after = backup_and_export(path, folder, stored, "after")
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
        "backup_on_full": backup_on_full,
        "export_on_full": export_on_full,
        "leftovers_on_full": leftovers_on_full,
        "backup_after": backup_after,
        "export_after": export_after,
        "edited_text_stored": stored.notes[0].text.endswith("!"),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
