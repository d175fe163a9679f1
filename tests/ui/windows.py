"""Opening windows as a desktop would: shown, exposed, and active (focus needs that)."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.types import Session
from app.storage.repository import SessionRepository
from app.ui.document import SessionDocument
from app.ui.library.window import LibraryWindow
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.workspace import Workspace
from tests.fakes import FakeChime, FakeClock

Shown = TypeVar("Shown", bound=QWidget)


def show_active(qtbot: QtBot, widget: Shown) -> Shown:
    """Show ``widget`` and wait until it is the active window, as on a desktop."""
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def open_session(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    session_id: str,
    **window_options: Any,
) -> SessionWindow:
    """A session window on a stored session, with a clock and chime that only tests move."""
    window_options.setdefault("clock", FakeClock())
    window_options.setdefault("chime", FakeChime())
    window = SessionWindow(SessionDocument(repository, session_id), settings, **window_options)
    return show_active(qtbot, window)


def open_through_the_library(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, session: Session
) -> tuple[LibraryWindow, SessionWindow]:
    """Store ``session`` and open its window from the library, as the app does."""
    repository.add_session(session)
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    library.show()
    library.attach(Workspace(repository))
    return library, library.sessions.open_session(session.id)
