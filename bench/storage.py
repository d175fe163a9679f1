"""Committing one user action, and session files of 5,000 notes in and out."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

from app.core.session_format import dump_session
from app.core.types import Session, new_id
from app.export.session_file import read_session_file
from app.storage.repository import SessionRepository
from bench.common import Figure, alternate, median, percentile, timed


def action_figures(repository: SessionRepository, session: Session, actions: int) -> list[Figure]:
    """A note added, then moved, each through the session document's undo stack.

    The floor is a raw sqlite3 insert and commit with the same durability (WAL,
    synchronous=FULL), one transaction per row.
    """
    from app.ui.board.commands import AddNotesCommand
    from app.ui.document import SessionDocument

    document = SessionDocument(repository, session.id)
    template = session.notes[0]
    with tempfile.TemporaryDirectory() as folder:
        raw = sqlite3.connect(Path(folder) / "floor.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT, x REAL, y REAL)")

        def ours() -> float:
            note = replace(template, id=new_id(), x=template.x + 5)
            return timed(lambda: document.undo_stack.push(AddNotesCommand(document, [note])))

        def floor() -> float:
            def insert() -> None:
                raw.execute("BEGIN IMMEDIATE")
                raw.execute(
                    "INSERT INTO notes VALUES (?, ?, ?, ?)", (new_id(), template.text, 1.0, 2.0)
                )
                raw.execute("COMMIT")

            return timed(insert)

        app_samples, floor_samples = alternate(actions, ours, floor)
        raw.close()
    mid, p99 = median(app_samples), percentile(app_samples, 0.99)
    return [
        Figure(
            "one user action committed (median)",
            mid,
            "s",
            median(floor_samples),
            "≤ 2 ms",
            mid <= 0.002,
        ),
        Figure(
            "one user action committed (p99)",
            p99,
            "s",
            percentile(floor_samples, 0.99),
            "≤ 10 ms",
            p99 <= 0.010,
        ),
    ]


def json_figures(repository: SessionRepository, session: Session, runs: int) -> list[Figure]:
    """Import (read, validate, store) and export (load, write) beside json.load / json.dump."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "session.json"
        path.write_bytes(dump_session(session))
        out = Path(folder) / "out.json"

        def import_ours() -> float:
            return timed(lambda: repository.import_session(read_session_file(path)))

        def import_floor() -> float:
            def load() -> None:
                with path.open("rb") as handle:
                    json.load(handle)

            return timed(load)

        def export_ours() -> float:
            return timed(
                lambda: out.write_bytes(dump_session(repository.load_session(session.id)))
            )

        def export_floor() -> float:
            document = json.loads(path.read_bytes())

            def dump() -> None:
                with out.open("w", encoding="utf-8") as handle:
                    json.dump(document, handle, ensure_ascii=False, indent=2)

            return timed(dump)

        imported, loaded = alternate(runs, import_ours, import_floor)
        exported, dumped = alternate(runs, export_ours, export_floor)
    count = len(session.notes)
    return [
        Figure(f"import JSON of {count:,} notes", median(imported), "s", median(loaded)),
        Figure(f"export JSON of {count:,} notes", median(exported), "s", median(dumped)),
    ]


def damage_check_figure(db_path: Path, runs: int) -> Figure:
    """The read-only ``quick_check`` every open runs before its first write.

    The floor reads the same file's bytes: the check cannot be cheaper than that.
    """
    from app.storage.backup import quick_check_problems

    def ours() -> float:
        return timed(lambda: quick_check_problems(db_path))

    def floor() -> float:
        return timed(db_path.read_bytes)

    app_samples, floor_samples = alternate(runs, ours, floor)
    size_mb = db_path.stat().st_size / 2**20
    mid = median(app_samples)
    return Figure(
        f"damage check at open ({size_mb:.0f} MB database)",
        mid,
        "s",
        median(floor_samples),
        "≤ 100 ms",
        mid <= 0.1,
    )
