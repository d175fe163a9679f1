"""Committing one user action, and session files of 5,000 notes in and out."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from app.core.session_format import dump_session
from app.core.session_ops import with_fresh_ids
from app.core.types import Session, new_id
from app.export.session_file import read_session_file
from app.storage.bulk_rows import driver_rows, send_rows
from app.storage.models import NoteRow
from app.storage.repository import SessionRepository
from app.storage.session_rows import note_values
from bench.common import Figure, alternate, median, percentile, timed


def action_figures(repository: SessionRepository, session: Session, actions: int) -> list[Figure]:
    """A note added, then moved, each through the session document's undo stack.

    The floor is a raw sqlite3 insert and commit with the same durability (WAL,
    synchronous=FULL), one transaction per row.
    """
    with tempfile.TemporaryDirectory() as folder:
        raw = sqlite3.connect(Path(folder) / "floor.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT, x REAL, y REAL)")
        text = session.notes[0].text

        def insert() -> None:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO notes VALUES (?, ?, ?, ?)", (new_id(), text, 1.0, 2.0))
            raw.execute("COMMIT")

        app_samples, floor_samples = action_samples(repository, session, actions, insert)
        raw.close()
    return action_figures_from(app_samples, floor_samples, "")


def action_samples(
    repository: SessionRepository,
    session: Session,
    actions: int,
    floor_insert: Callable[[], None],
) -> tuple[list[float], list[float]]:
    """Timings of a note added through the undo stack, alternating with ``floor_insert``."""
    from app.ui.board.commands import AddNotesCommand
    from app.ui.document import SessionDocument

    # As a window does: on a server it holds the session, and each write checks the hold.
    hold = repository.hold_session(session.id)
    document = SessionDocument(repository.for_view(hold), session.id)
    template = session.notes[0]

    def ours() -> float:
        note = replace(template, id=new_id(), x=template.x + 5)
        return timed(lambda: document.undo_stack.push(AddNotesCommand(document, [note])))

    try:
        return alternate(actions, ours, lambda: timed(floor_insert))
    finally:
        if hold is not None:
            hold.release()


def action_figures_from(
    app_samples: list[float], floor_samples: list[float], where: str, *, max_ratio: float = 0
) -> list[Figure]:
    """The median and p99 figures of one user action (``max_ratio``: of the floor, too)."""
    mid, p99 = median(app_samples), percentile(app_samples, 0.99)
    floor_mid = median(floor_samples)
    ratio_ok = not max_ratio or mid <= max_ratio * floor_mid
    return [
        Figure(
            f"one user action committed{where} (median)",
            mid,
            "s",
            floor_mid,
            "≤ 2 ms" + (f", ≤ {max_ratio:g}× floor" if max_ratio else ""),
            mid <= 0.002 and ratio_ok,
        ),
        Figure(
            f"one user action committed{where} (p99)",
            p99,
            "s",
            percentile(floor_samples, 0.99),
            "≤ 10 ms",
            p99 <= 0.010,
        ),
    ]


def json_figures(
    engine: Engine, repository: SessionRepository, session: Session, runs: int, where: str = ""
) -> list[Figure]:
    """Import (read, validate, store) and export (load, write) beside their floors.

    The import's floor is the least any import must do: ``json.load`` of the file, then
    the driver's plain bulk insert of the very rows the import stores (sqlite3's
    ``executemany``, psycopg's ``COPY`` on a server) into the same database, made by
    the app's migrations (so the same tables, indexes, triggers and foreign keys), and
    the commit (see :func:`_bulk_floor`). The two alternate. ``json.load`` alone stays a
    reported line. An import is also timed of the same file again, where every id is
    taken and renewed, and beside it the database's own work for the notes (see
    :func:`_database_work`).
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "session.json"
        path.write_bytes(dump_session(session))
        out = Path(folder) / "out.json"

        def import_ours() -> float:
            stored: list[str] = []
            took = timed(
                lambda: stored.append(repository.import_session(read_session_file(path)).id)
            )
            repository.delete_session(stored[0])
            return took

        def json_load() -> float:
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

        bulk_floor = _bulk_floor(engine, repository, path)
        imported, floored = alternate(runs, import_ours, bulk_floor)
        imported_too, loaded = alternate(runs, import_ours, json_load)
        stored, loaded_for_store = alternate(
            runs, lambda: _database_work(engine, repository, session), json_load
        )
        repository.import_session(read_session_file(path))  # now the database holds it
        again, loaded_again = alternate(runs, import_ours, json_load)
        exported, dumped = alternate(runs, export_ours, export_floor)
    count = len(session.notes)
    ratio = median(imported) / median(floored)
    return [
        Figure(
            f"import JSON of {count:,} notes{where}",
            median(imported),
            "s",
            median(floored),
            "≤ 2× floor",
            ratio <= 2,
        ),
        Figure(
            f"import JSON of {count:,} notes{where}, beside json.load alone",
            median(imported_too),
            "s",
            median(loaded),
        ),
        Figure(
            f"import's database work alone{where}: {count:,} notes inserted, committed",
            median(stored),
            "s",
            median(loaded_for_store),
        ),
        Figure(
            f"import the same file again{where} (every id renewed)",
            median(again),
            "s",
            median(loaded_again),
        ),
        Figure(f"export JSON of {count:,} notes{where}", median(exported), "s", median(dumped)),
    ]


TableRows = tuple[str, tuple[str, ...], list[tuple[object, ...]]]
"""A table's name, its columns, and rows of driver values in that order."""


def _all_rows(engine: Engine) -> list[TableRows]:
    """Every row of every table of the app's schema, parents before children."""
    from app.storage.models import Base

    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        found = []
        for table in Base.metadata.sorted_tables:
            # The models' columns: a server's generated search column is the database's.
            columns = tuple(column.name for column in table.columns)
            names = ", ".join(f'"{column}"' for column in columns)
            cursor.execute(f'SELECT {names} FROM "{table.name}"')  # our own names
            found.append((table.name, columns, [tuple(row) for row in cursor.fetchall()]))
        cursor.close()
        raw.rollback()
    finally:
        raw.close()
    return found


def _bulk_floor(engine: Engine, repository: SessionRepository, path: Path) -> Callable[[], float]:
    """The import's floor: ``json.load`` of ``path`` and a plain bulk insert, committed.

    The rows are those a real import of the file stores (found untimed, by comparing
    every table before and after one import, which is then deleted again). Each run
    loads the file, sends the rows through the driver (``executemany`` of one prepared
    insert per table on SQLite, ``COPY … FROM STDIN`` on PostgreSQL) on a pooled
    connection with the app's own pragmas, and commits; the session is deleted after
    it, untimed.
    """
    before = {name: set(rows) for name, _, rows in _all_rows(engine)}
    session_id = repository.import_session(read_session_file(path)).id
    added = [
        (name, columns, [row for row in rows if row not in before[name]])
        for name, columns, rows in _all_rows(engine)
    ]
    added = [(name, columns, rows) for name, columns, rows in added if rows]
    repository.delete_session(session_id)
    on_server = engine.dialect.name == "postgresql"

    def insert(connection: object) -> None:
        cursor = connection.cursor()  # type: ignore[attr-defined]
        if on_server:
            for name, columns, rows in added:
                names = ", ".join(f'"{column}"' for column in columns)
                with cursor.copy(f'COPY "{name}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            cursor.execute("BEGIN IMMEDIATE")
            for name, columns, rows in added:
                names = ", ".join(f'"{column}"' for column in columns)
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', rows)
            cursor.execute("COMMIT")
            return
        connection.commit()  # type: ignore[attr-defined]

    def floor() -> float:
        raw = engine.raw_connection()
        try:
            started = time.perf_counter()
            with path.open("rb") as handle:
                json.load(handle)
            insert(raw.driver_connection)
            took = time.perf_counter() - started
        finally:
            raw.close()
        repository.delete_session(session_id)
        return took

    return floor


def _database_work(engine: Engine, repository: SessionRepository, session: Session) -> float:
    """The notes of ``session`` sent to the database and committed, nothing else timed.

    Their session, people, phases and clusters are stored first and their rows
    converted for the driver beforehand (untimed): what is left is the driver's bulk
    insert (``COPY`` on a server) with the database's indexes and foreign-key checks,
    and the commit. The session is deleted again afterwards.
    """
    fresh = with_fresh_ids(session, set(session.all_ids()))
    repository.add_session(
        replace(
            fresh, notes=(), vote_rounds=(), action_items=(), idea_statuses=(), carried_from=()
        )
    )
    with engine.connect() as connection:
        transaction = connection.begin()
        rows = driver_rows(connection, NoteRow, note_values(fresh))
        started = time.perf_counter()
        send_rows(connection, rows)
        transaction.commit()
        took = time.perf_counter() - started
    repository.delete_session(fresh.id)
    return took


def damage_check_figure(db_path: Path, runs: int) -> Figure:
    """The read-only check every open runs before its first write.

    ``quick_check``, ``foreign_key_check`` and the schema label against the tables, as
    :func:`app.storage.database.open_database` runs them. The floor reads the same
    file's bytes: the check cannot be cheaper than that.
    """
    from app.storage.backup import quick_check_problems
    from app.storage.schema_label import label_problems

    def check() -> None:
        if not quick_check_problems(db_path):
            label_problems(db_path)

    def ours() -> float:
        return timed(check)

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
