"""What the library's controllers ask of the library window: a narrow interface.

The controllers never read the window's widgets; they ask for the selected session,
a path, or to show a sentence, and they write through the workspace.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from app.core.types import SessionSummary
    from app.ui.workspace import Workspace


class LibraryHost(Protocol):
    """The library window, as its controllers see it."""

    @property
    def attached(self) -> bool:
        """Whether storage has loaded."""
        ...

    @property
    def workspace(self) -> Workspace:
        """The workspace every edit goes through (only once attached)."""
        ...

    def main_window(self) -> QMainWindow:
        """The window a dialog or a question is shown over."""
        ...

    def selected_session_id(self) -> str | None:
        """The id of the selected session, if any."""
        ...

    def selected_summary(self) -> SessionSummary | None:
        """The library's line of the selected session, if any."""
        ...

    def select_session(self, session_id: str) -> None:
        """Select the row of ``session_id`` once it is listed."""
        ...

    def ask_open_path(self) -> Path | None:
        """Ask for a session file to import."""
        ...

    def ask_save_path(self, suggested_name: str) -> Path | None:
        """Ask where to export."""
        ...

    def show_error(self, title: str, message: str) -> None:
        """Tell the facilitator something did not work, in one plain sentence."""
        ...

    def show_status(self, text: str, milliseconds: int = 0) -> None:
        """A sentence in the status line."""
        ...
