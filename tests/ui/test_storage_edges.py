"""The window at the edges of the machine: full disk, read-only folder, network share, crash."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from app.core.demo import build_demo_session
from app.storage import file_checks
from app.storage.backup import integrity_problems
from app.storage.database import Database
from app.storage.errors import StorageError
from app.storage.repository import SessionRepository
from app.ui.application import start_application
from app.ui.error_reporting import install_exception_hook
from app.ui.settings import AppSettings
from tests.machine import obeying_file_permissions
from tests.ui.windows import open_through_the_library

BIG_TEXT = "An idea long enough to need a page of its own in the database file. " * 22


def fill_the_database(database: Database, repository: SessionRepository, session_id: str) -> None:
    """Cap the file at its current size (SQLITE_FULL, as a full disk), then use the rest."""

    def cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    database.engine.dispose()
    event.listen(database.engine, "connect", cap)
    template = repository.load_session(session_id).notes[0]
    for index in range(200):
        try:
            repository.board.add_notes(
                session_id, [replace(template, id=f"filler-{index}", text=BIG_TEXT[:1500])]
            )
        except StorageError:
            return
    raise AssertionError("the capped database never filled up")


@pytest.mark.qt_no_exception_capture
def test_a_full_disk_keeps_the_typed_idea_and_says_the_last_change_was_not_saved(
    qtbot: QtBot,
    settings: AppSettings,
    database: Database,
    repository: SessionRepository,
    db_path: Path,
):
    demo = build_demo_session()
    library, window = open_through_the_library(qtbot, repository, settings, demo)
    previous = install_exception_hook(library.recover_from_error)
    try:
        fill_the_database(database, repository, demo.id)
        window.document.reload()
        before = {note.id for note in repository.load_session(demo.id).notes}
        idea = window.capture_bar.idea_edit
        idea.setText(BIG_TEXT[:1500])
        qtbot.keyClick(idea, Qt.Key.Key_Return)
    finally:
        sys.excepthook = previous
    assert window.banner.isVisible()
    assert window.banner.text() == (
        f"Your last change was not saved: The disk holding {db_path} is full. "
        "Everything before it is saved."
    )
    assert idea.text() == BIG_TEXT[:1500]  # nothing the room said is thrown away
    assert set(window.scene.note_items) == before
    assert {note.id for note in repository.load_session(demo.id).notes} == before
    assert window.document.undo_stack.count() == 0  # no undo step for what never happened
    assert integrity_problems(db_path) == []


def test_a_write_ahead_log_left_by_a_crash_means_a_check_and_a_word(
    qtbot: QtBot, settings: AppSettings, db_path: Path
):
    from app.storage.database import open_database

    database = open_database(f"sqlite:///{db_path}")
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()
    # A process that dies while writing leaves its log; this one is copied mid-write.
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE notes SET text = text || '!'")
    crashed = db_path.parent / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        (crashed / (db_path.name + suffix)).write_bytes(Path(str(db_path) + suffix).read_bytes())
    writer.close()
    copy = crashed / db_path.name
    assert Path(str(copy) + "-wal").stat().st_size > 0
    assert not Path(str(copy) + ".lock").exists()
    window, loader = start_application(str(copy), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached)
    assert loader.unclean_shutdown
    assert window.statusBar().currentMessage() == (
        "Dotstorm did not close cleanly last time; the database was checked and is sound."
    )
    assert window.attached
    sessions = window.workspace.repository.list_sessions()
    assert [summary.title for summary in sessions] == [build_demo_session().title]
    loader.close()


def test_a_database_on_a_network_share_opens_with_a_notice_that_stays(
    qtbot: QtBot, settings: AppSettings, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(file_checks, "network_filesystem", lambda _path: "cifs")
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached)
    assert window.banner.isVisible()
    assert window.banner.text().startswith("The database is on a network share (cifs);")
    loader.close()


def test_the_app_in_a_folder_it_may_not_write_says_so_in_one_line(
    tmp_path: Path, isolated_env: dict[str, str]
):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    command = obeying_file_permissions(
        [sys.executable, "-m", "app", "--db", str(folder / "dotstorm.sqlite3")]
    )
    env = {**isolated_env, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env) as app:
        try:
            assert app.stderr is not None
            seen: list[str] = []
            while not seen or not seen[-1].startswith("dotstorm:"):
                seen.append(app.stderr.readline().strip())  # Qt's own notices come first
                assert seen[-1] or app.poll() is None, seen
            # Then it waits on its message box.
        finally:
            app.kill()
    folder.chmod(0o755)
    assert not [line for line in seen if "Traceback" in line]
    assert seen[-1] == (
        f"dotstorm: Dotstorm cannot write in the folder {folder}; "
        "fix its permissions, or choose another place with --db."
    )
    assert list(folder.iterdir()) == []
