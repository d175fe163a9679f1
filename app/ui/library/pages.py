"""The library's backlog and goals pages: built when first needed, read again when stale.

Every note captured in an open session says the backlog changed; a page nobody looks
at must not read every idea and action each time. The backlog is marked stale and
read again once, on the next turn, if it is on screen, else when it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.library.tabs import BACKLOG_TAB, GOALS_TAB

if TYPE_CHECKING:
    from app.ui.backlog.page import BacklogPage
    from app.ui.goals.page import GoalsPage
    from app.ui.library.contents import LibraryContents
    from app.ui.workspace import Workspace


class BacklogAndGoals(QObject):
    """Owns the backlog and goals pages of one library window, and when they read."""

    def __init__(self, window: QWidget, contents: LibraryContents, heading: QLabel) -> None:
        super().__init__(window)
        self._window = window
        self._contents = contents
        self._heading = heading
        self._workspace: Workspace | None = None
        self._backlog: BacklogPage | None = None
        self._goals: GoalsPage | None = None
        self._backlog_stale = True
        self._refresh_due = False
        contents.pages.currentChanged.connect(self.page_changed)

    def attach(self, workspace: Workspace) -> None:
        """Storage has loaded (or a restored database replaced it): the pages read it."""
        if self._workspace is None:
            workspace.backlog_changed.connect(self.backlog_changed)
        self._workspace = workspace
        if self._backlog is not None:
            self._backlog.attach(workspace)
        if self._goals is not None:
            self._goals.attach(workspace)

    @property
    def backlog(self) -> BacklogPage:
        """The backlog page, built the first time it is needed."""
        if self._backlog is None:
            from app.ui.backlog.page import BacklogPage

            self._backlog = BacklogPage()
            layout = self._contents.backlog_holder.layout()
            assert layout is not None
            layout.addWidget(self._backlog)
            if self._workspace is not None:
                self._backlog.attach(self._workspace)
        return self._backlog

    @property
    def goals(self) -> GoalsPage:
        """The goals page, built the first time it is needed."""
        if self._goals is None:
            from app.ui.goals.page import GoalsPage

            self._goals = GoalsPage()
            layout = self._contents.goals_holder.layout()
            assert layout is not None
            layout.addWidget(self._goals)
            if self._workspace is not None:
                self._goals.attach(self._workspace)
        return self._goals

    def show_page(self, index: int) -> None:
        """A page of the library; the goals with the keyboard in their list."""
        self._contents.pages.setCurrentIndex(index)
        if index == GOALS_TAB:
            self.goals.list.setFocus()

    def page_changed(self, index: int) -> None:
        """Showing the backlog reads it again if something changed meanwhile."""
        on_backlog = index == BACKLOG_TAB
        self._heading.setText(
            "Backlog" if on_backlog else "Goals" if index == GOALS_TAB else "Sessions"
        )
        if index == GOALS_TAB:
            built = self._goals is not None
            goals = self.goals  # a page built now has just read, as it was attached
            if built:
                goals.refresh()
        if on_backlog and self._backlog_stale:
            self._refresh_backlog()

    def backlog_changed(self) -> None:
        """Something the backlog shows changed; a visible backlog follows shortly."""
        self._backlog_stale = True
        if not self._refresh_due:
            self._refresh_due = True
            QTimer.singleShot(0, self, self._refresh_if_shown)  # once for many

    def update_backlog_tab(self) -> None:
        """The Backlog tab says how many actions are overdue, seen from the session list."""
        if self._workspace is None:
            return
        from datetime import date

        today = self._backlog.today if self._backlog is not None else date.today()
        late = self._workspace.repository.backlog.overdue_action_count(today)
        self._contents.pages.setTabText(
            BACKLOG_TAB, f"Backlog · {late:,} overdue" if late else "Backlog"
        )

    def _refresh_if_shown(self) -> None:
        self._refresh_due = False
        self.update_backlog_tab()
        if self._contents.pages.currentIndex() == BACKLOG_TAB and self._window.isVisible():
            self._refresh_backlog()

    def _refresh_backlog(self) -> None:
        self._backlog_stale = False
        self.backlog.refresh()
        self.update_backlog_tab()
