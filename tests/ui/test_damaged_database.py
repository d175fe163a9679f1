"""A damaged page stops the window before its first write, and leads to the newest backup."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.ui.application import start_application
from app.ui.settings import AppSettings
from tests.damage import SCHEMA_LABELS, damage_a_middle_page, fingerprint, hand_edit


def damaged_with_a_backup(db_path: Path, *, backup: bool = True) -> str:
    """The demo in a database (and its backup, if wanted), then a page of it damaged."""
    database = open_database(f"sqlite:///{db_path}")
    repository = SessionRepository(database.engine)
    session = build_demo_session()
    repository.add_session(session)
    if backup:
        assert repository.backup("session-end") is not None
    database.close()
    damage_a_middle_page(db_path)
    return session.id


def answer_with(qtbot: QtBot, key: Qt.Key, seen: list[str]):
    """Read the message box, then answer it from the keyboard."""

    def handle(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox), widget
        seen.append(widget.text())
        qtbot.keyClick(widget, key)

    return handle


@pytest.mark.parametrize("lock_left", [None, "a dead process's lock", "a garbled lock"])
def test_a_damaged_page_is_found_before_any_write_and_the_backup_opened(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens, lock_left: str | None
):
    session_id = damaged_with_a_backup(db_path)
    damaged = db_path.read_bytes()
    lock = Path(f"{db_path}.lock")
    if lock_left == "a dead process's lock":
        lock.write_text(f"{2**22 + 12345}\nDotstorm\n{os.uname().nodename}\n")
    elif lock_left == "a garbled lock":
        lock.write_bytes(b"\x00\xff")
    if lock_left:  # left by a start long ago: a young unreadable lock may be being written
        long_ago = time.time() - 120
        os.utime(lock, (long_ago, long_ago))
    offers: list[str] = []
    when_modal_opens(answer_with(qtbot, Qt.Key.Key_Return, offers))  # Open the backup
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached)
    assert "is damaged" in offers[0] and "nothing was written to it" in offers[0]
    assert "newest good backup" in offers[0]
    assert loader.unclean_shutdown is (lock_left is not None)
    if lock_left:
        assert "did not close cleanly last time" in offers[0]
    assert [s.id for s in window.workspace.repository.list_sessions()] == [session_id]
    (aside,) = [
        found
        for found in db_path.parent.glob(db_path.name + ".set-aside-*")
        if not found.name.endswith(("-wal", "-shm"))
    ]
    assert aside.read_bytes() == damaged  # set aside as it was, never written
    loader.close()


def test_declining_the_backup_leaves_the_damaged_file_as_it_was(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens
):
    damaged_with_a_backup(db_path)
    before = fingerprint(db_path)
    offers: list[str] = []
    when_modal_opens(answer_with(qtbot, Qt.Key.Key_Escape, offers))  # Quit
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: loader.failed and bool(offers))  # the box comes after the flag
    assert "is damaged" in offers[0]
    assert not window.attached
    loader.close()
    assert fingerprint(db_path) == before
    assert not list(db_path.parent.glob("*.set-aside-*"))


def test_with_no_backup_the_window_says_so_and_writes_nothing(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens
):
    damaged_with_a_backup(db_path, backup=False)
    before = fingerprint(db_path)
    told: list[str] = []
    when_modal_opens(answer_with(qtbot, Qt.Key.Key_Return, told))
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: loader.failed and bool(told))  # the box may come a moment later
    assert "is damaged" in told[0] and "There is no good backup in" in told[0]
    loader.close()
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("edit", SCHEMA_LABELS)
def test_a_hand_edited_schema_label_is_one_sentence_in_the_window(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens, edit: str
):
    database = open_database(f"sqlite:///{db_path}")
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()
    hand_edit(db_path, SCHEMA_LABELS[edit])
    before = fingerprint(db_path)
    told: list[str] = []
    when_modal_opens(answer_with(qtbot, Qt.Key.Key_Return, told))
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    # An exception escaping a slot fails the test; the box comes after the flag.
    qtbot.waitUntil(lambda: loader.failed and bool(told))
    (sentence,) = told
    assert sentence.startswith(f"{db_path} is damaged: its schema label")
    assert "nothing was written to it" in sentence and "There is no good backup" in sentence
    loader.close()
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("kind", ["a folder", "a named pipe"])
def test_no_file_where_the_database_should_be_is_named_by_the_window(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens, kind: str
):
    db_path.parent.mkdir(parents=True)
    if kind == "a folder":
        db_path.mkdir()
    else:
        os.mkfifo(db_path)  # reading it would wait for a writer forever
    told: list[str] = []
    when_modal_opens(answer_with(qtbot, Qt.Key.Key_Return, told))
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: loader.failed and bool(told))  # the box may come a moment later
    assert told == [f"{db_path} is {kind}, not a database file; give --db the path of a file."]
    loader.close()
