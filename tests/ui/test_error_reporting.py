"""An exception in a slot is logged, shown without blocking, and the views reload."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.storage.repository import SessionRepository
from app.ui.error_reporting import BANNER_TEXT, configure_logging, install_exception_hook
from app.ui.library.window import LibraryWindow
from app.ui.settings import AppSettings
from app.ui.workspace import Workspace


def test_an_unexpected_error_is_logged_shown_and_the_session_reloads(
    qtbot: QtBot, settings: AppSettings, repository: SessionRepository, tmp_path: Path
):
    demo = build_demo_session()
    repository.add_session(demo)
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    library.show()
    library.attach(Workspace(repository))
    window = library.sessions.open_session(demo.id)
    # Something changes the database behind the window's back...
    repository.delete_notes(demo.id, [demo.notes[0].id])
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
