"""An exception in a slot is logged, shown without blocking, and the views reload."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.storage.repository import SessionRepository
from app.ui.error_reporting import (
    BANNER_TEXT,
    configure_logging,
    error_sentence,
    install_exception_hook,
)
from app.ui.library.window import LibraryWindow
from app.ui.settings import AppSettings
from tests.ui.windows import open_through_the_library


def test_an_unexpected_error_is_logged_shown_and_the_session_reloads(
    qtbot: QtBot, settings: AppSettings, repository: SessionRepository, tmp_path: Path
):
    demo = build_demo_session()
    library, window = open_through_the_library(qtbot, repository, settings, demo)
    # Something changes the database behind the window's back...
    repository.board.delete_notes(demo.id, [demo.notes[0].id])
    log_file = configure_logging(tmp_path / "logs")
    assert log_file is not None
    previous = install_exception_hook(library.recover_from_error)
    try:
        try:
            raise RuntimeError("a slot went wrong")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # what PySide6 does with an exception in a slot
    finally:
        sys.excepthook = previous
        for handler in list(logging.getLogger("dotstorm").handlers):
            handler.close()
            logging.getLogger("dotstorm").removeHandler(handler)
    assert "Traceback" in log_file.read_text("utf-8")
    assert "a slot went wrong" in log_file.read_text("utf-8")
    assert library.banner.isVisible() and library.banner.text().startswith(BANNER_TEXT)
    assert window.banner.isVisible()
    assert "reloaded from the database" in window.banner.text()
    # ...and after the error the window shows what the database holds.
    assert demo.notes[0].id not in window.scene.note_items
    assert len(window.scene.note_items) == len(demo.notes) - 1


def test_an_error_that_carries_a_password_is_logged_printed_and_shown_masked(
    qtbot: QtBot,
    settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    from app.ui.error_reporting import error_report

    secret, from_environment = "Tr0ub4dor-x9-Secret", "Env-Only-Secret-3"
    monkeypatch.setenv("PGPASSWORD", from_environment)
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    library.show()
    log_file = configure_logging(tmp_path / "logs")
    assert log_file is not None
    previous = install_exception_hook(library.recover_from_error)
    error = RuntimeError(
        f"postgresql://maya:{secret}@db/dotstorm?password={secret} said {from_environment!r}"
    )
    try:
        try:
            raise error
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        logging.getLogger("dotstorm.storage").warning("tried %s", error)  # any log line
    finally:
        sys.excepthook = previous
        for handler in list(logging.getLogger("dotstorm").handlers):
            handler.close()
            logging.getLogger("dotstorm").removeHandler(handler)
    logged = log_file.read_text("utf-8")
    assert "Traceback" in logged and "tried postgresql://maya:***@db" in logged
    shown = [logged, capsys.readouterr().err, library.banner.text(), error_report(error)]
    assert "maya:***@db/dotstorm?password=*** said '***'" in library.banner.text()
    for text in shown:
        assert secret not in text and from_environment not in text


def test_the_sentence_loses_every_prefix_pyside_adds_on_the_way():
    wrapped = RuntimeError(
        "Error calling Python override of QObject::eventFilter(): "
        "Error calling Python override of QUndoCommand::redo(): The disk is full."
    )
    assert error_sentence(wrapped) == "The disk is full."


def test_a_lost_hold_the_library_hears_of_reaches_its_window_in_one_plain_sentence(
    qtbot: QtBot, settings: AppSettings, repository: SessionRepository
):
    """The app's hook is the library's: a lost hold raised in a step goes to its window."""
    from app.storage.errors import HoldLost

    demo = build_demo_session()
    library, window = open_through_the_library(qtbot, repository, settings, demo)
    said = "This session was opened on another laptop; nothing more is saved here."
    # As PySide6 hands it on from a step's redo(): its message prefixed on the way.
    error = HoldLost(f"Error calling Python override of QUndoCommand::redo(): {said}", demo.id)
    library.recover_from_error(error)
    assert window.hold_bar.isVisible()
    assert window.hold_bar.label.text().startswith(said)
    assert not library.banner.isVisible()  # told by the window's own bar, not twice
