"""One check per shortcut of :mod:`app.ui.shortcuts`: press its keys where it works, see it work.

Each module here registers checks with :func:`checks`; ``tests/ui/test_shortcuts.py``
runs every one and fails for a shortcut that has none. A check presses every key of
its shortcut with real key events (``QTest.keyClick`` through the application, so
window shortcuts, focus and event filters all take part) and looks at the effect:
the database, the widgets, the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.core.session_ops import build_session
from app.core.types import NewSessionSpec, PhaseKind, Session
from app.storage.repository import SessionRepository
from app.ui.library.window import LibraryWindow
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.shortcuts import Shortcut
from app.ui.workspace import Workspace
from tests.fakes import FakeChime, FakeClock
from tests.ui.conftest import ModalHandler
from tests.ui.windows import open_session, show_active

FRESH = NewSessionSpec(
    title="Faster onboarding",
    goal="Customers live within a week",
    question="How might we halve onboarding time?",
    facilitator="Maya Chen",
    participants=(
        ("Maya Chen", "Operations"),
        ("Jonas Weber", "Sales"),
        ("Ann Lee", "Support"),
        ("Bo Berg", "Engineering"),
        ("Cy Diaz", "Finance"),
    ),
    phases=(
        (PhaseKind.IDEATE, "Ideas", 600),
        (PhaseKind.SILENT_IDEATE, "Silent ideas", 300),
        (PhaseKind.VOTE, "Vote", 300),
    ),
)
"""A session about to start: its first phase ready, nothing on the board yet."""


@dataclass
class Harness:
    """The places shortcuts work in, opened on demand, and a way to press keys."""

    qtbot: QtBot
    repository: SessionRepository
    settings: AppSettings
    when_modal_opens: Callable[[ModalHandler], None]
    tmp_path: Path
    clock: FakeClock = field(default_factory=FakeClock)
    chime: FakeChime = field(default_factory=FakeChime)

    def press(self, widget: QWidget, keys: str) -> None:
        """Press and release ``keys`` (as the registry writes them: "Ctrl+Shift+Z")."""
        sequence = QKeySequence(keys)
        assert sequence.count() == 1, keys
        combination = sequence[0]  # type: ignore[index]  # the stubs miss __getitem__
        self.qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())

    def focus(self) -> QWidget | None:
        """Where the keyboard is."""
        return QApplication.focusWidget()

    def store(self, session: Session) -> Session:
        """Put a session in the database."""
        self.repository.add_session(session)
        return session

    def session_window(self, session: Session | None = None) -> SessionWindow:
        """A session window, on the demo (a full board, a closed round) by default."""
        stored = self.store(session or build_demo_session())
        return open_session(
            self.qtbot,
            self.repository,
            self.settings,
            stored.id,
            clock=self.clock,
            chime=self.chime,
            ask_about_gap=lambda _phase, _gap: False,
        )

    def fresh_window(self) -> SessionWindow:
        """A session window on a session about to start."""
        return self.session_window(build_session(FRESH))

    def library(self) -> LibraryWindow:
        """The library window with the demo session listed and selected."""
        self.store(build_demo_session())
        window = show_active(self.qtbot, LibraryWindow(self.settings))
        window.attach(Workspace(self.repository))
        window.table.setFocus()
        window.table.selectRow(0)
        return window

    def activate(self, window: QWidget) -> None:
        """Give a window the keyboard back (offscreen Qt does not after a dialog)."""
        window.activateWindow()
        self.qtbot.waitUntil(window.isActiveWindow)

    def answer_popup(self, handler: Callable[[QMenu], None]) -> None:
        """Run ``handler`` on the next popup menu, as a person would answer it."""

        def attempt() -> None:
            popup = QApplication.activePopupWidget()
            if not isinstance(popup, QMenu):
                QTimer.singleShot(10, attempt)
                return
            handler(popup)

        QTimer.singleShot(0, attempt)


Check = Callable[[Harness, Shortcut], None]
CHECKS: dict[Shortcut, Check] = {}


def checks(*shortcuts: Shortcut) -> Callable[[Check], Check]:
    """Register the decorated function as the check of these shortcuts."""

    def register(check: Check) -> Check:
        for shortcut in shortcuts:
            assert shortcut not in CHECKS, f"two checks for {shortcut}"
            CHECKS[shortcut] = check
        return check

    return register
