"""The session library window: every session with search, and the backlog across them.

The window paints a bare frame first (the title and "Opening your sessions…"); the
list, the tabs and the menus (:mod:`app.ui.library.contents`) are built on the next
turn of the event loop, or as soon as anything needs them. Nothing on the way to the
first paint imports the ``Qt`` namespace, the models or the actions (about 30 ms).
Storage loads after that: the workspace arrives with :meth:`LibraryWindow.attach`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from app.ui.library.tabs import BACKLOG_TAB, GOALS_TAB, SESSIONS_TAB
from app.ui.settings import AppSettings

# The session window, the backlog and the dialogs load when first used: the library
# must paint as soon as Python and Qt are up (see bench/).
# Each PySide6 class costs a little the first time it is named: only those the bare
# frame needs are imported before it paints.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLineEdit, QTableView, QTabWidget

    from app.core.types import SessionSummary
    from app.ui.backlog.page import BacklogPage
    from app.ui.goals.page import GoalsPage
    from app.ui.library.contents import LibraryContents, LibraryMenus
    from app.ui.library.model import SessionFilterModel, SessionListModel
    from app.ui.library.other_laptops import OtherLaptops
    from app.ui.library.pages import BacklogAndGoals
    from app.ui.library.sessions import SessionsController
    from app.ui.qt_actions import UndoActions
    from app.ui.workspace import Workspace

__all__ = ["BACKLOG_TAB", "GOALS_TAB", "SESSIONS_TAB", "LibraryWindow"]

SESSION_FILE_FILTER = "Dotstorm session (*.json)"


class LibraryWindow(QMainWindow):
    """Lists the sessions, and holds the backlog; session operations live in ``sessions``."""

    restore_requested = Signal()
    """Help → Restore from backup (the storage loader owns the database file)."""

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self._settings = settings
        self._workspace: Workspace | None = None
        self._built = False
        self._build_due = False
        self._pages: BacklogAndGoals | None = None
        self._other_laptops: OtherLaptops | None = None
        self._dirty_rows: set[str] = set()
        self._sessions: SessionsController | None = None
        self._contents: LibraryContents | None = None
        self._menus: LibraryMenus | None = None
        self._undo: UndoActions | None = None
        self.setWindowTitle("Dotstorm")
        self.resize(1100, 640)
        self.heading = QLabel("Sessions")
        self.heading.setObjectName("PageTitle")
        subtitle = QLabel("Every change is saved as you make it.")
        subtitle.setObjectName("PageSubtitle")
        self.loading_label = QLabel("Opening your sessions…")
        self.loading_label.setObjectName("EmptyState")  # centred by the style sheet
        page = QWidget()
        self.page_layout = QVBoxLayout(page)
        self.page_layout.setContentsMargins(24, 20, 24, 20)
        self.page_layout.addWidget(self.heading)
        self.page_layout.addWidget(subtitle)
        self.page_layout.addWidget(self.loading_label, 1)
        self.setCentralWidget(page)
        settings.restore_geometry(self, "library_window")

    # ------------------------------------------------------------------ building

    @property
    def built(self) -> bool:
        """Whether the list, tabs and menus exist yet."""
        return self._built

    @property
    def sessions(self) -> SessionsController:
        """What the library does with sessions (built on first need)."""
        self.build_contents()
        assert self._sessions is not None
        return self._sessions

    @property
    def contents(self) -> LibraryContents:
        """The pages, the list and the banner (built on first need)."""
        self.build_contents()
        assert self._contents is not None
        return self._contents

    @property
    def menus(self) -> LibraryMenus:
        """The menu entries (built with the contents)."""
        self.build_contents()
        assert self._menus is not None
        return self._menus

    @property
    def undo(self) -> UndoActions:
        """Undo and Redo of the library's own steps (once storage has loaded)."""
        assert self._undo is not None, "storage has not loaded yet"
        return self._undo

    # The parts the facilitator works with, by their names.

    @property
    def banner(self) -> QLabel:
        """A sentence at the top of the library (an error, where the database lies)."""
        return self.contents.banner

    @property
    def model(self) -> SessionListModel:
        """The listed sessions."""
        return self.contents.model

    @property
    def proxy(self) -> SessionFilterModel:
        """The listed sessions as searched and sorted."""
        return self.contents.proxy

    @property
    def table(self) -> QTableView:
        """The table of sessions."""
        return self.contents.table

    @property
    def search_edit(self) -> QLineEdit:
        """The sessions' search box."""
        return self.contents.search_edit

    @property
    def pages(self) -> QTabWidget:
        """Sessions, Backlog and Goals."""
        return self.contents.pages

    @property
    def new_action(self) -> QAction:
        """File → New session (Ctrl+N)."""
        return self.sessions.new_action

    def build_contents(self) -> None:
        """Build the list, the tabs and the menus (once; the bare frame painted first)."""
        if self._built:
            return
        self._built = True
        from app.ui.library.contents import (
            LibraryCommands,
            LibraryContents,
            build_library_menus,
        )
        from app.ui.library.sessions import SessionsController

        self._sessions = SessionsController(self, self._settings)
        self.page_layout.removeWidget(self.loading_label)
        self._contents = LibraryContents(self._sessions, self.loading_label)
        self.page_layout.addWidget(self._contents, 1)
        self._contents.show()  # now, not on the layout's next turn: a banner may show at once
        from app.ui.library.pages import BacklogAndGoals

        self._pages = BacklogAndGoals(self, self._contents, self.heading)
        self._menus = build_library_menus(
            self,
            self._sessions,
            LibraryCommands(
                focus_search=self.focus_search,
                show_page=self.show_page,
                restore=self.restore_requested.emit,
                close=self.close,
            ),
        )
        self._sessions.update_actions()
        from app.ui.refused_keys import RefusedKeys

        RefusedKeys(self).said.connect(lambda reason: self.show_status(reason, 8000))

    # ------------------------------------------------------------------ storage

    def attach(self, workspace: Workspace) -> None:
        """Storage has loaded: list the sessions, follow the workspace, enable the actions."""
        self.build_contents()
        first = self._workspace is None
        self._workspace = workspace
        if first:
            workspace.session_changed.connect(self._session_changed)
            workspace.sessions_changed.connect(lambda: self.refresh())
            from app.ui import shortcuts
            from app.ui.qt_actions import UndoActions

            self._undo = UndoActions(
                workspace.undo_stack, self, shortcuts.LIBRARY_UNDO, shortcuts.LIBRARY_REDO
            )
            menus = self.menus
            menus.edit_menu.insertAction(menus.find_action, self._undo.undo_action)
            menus.edit_menu.insertAction(menus.find_action, self._undo.redo_action)
            menus.edit_menu.insertSeparator(menus.find_action)
        self._backlog_and_goals().attach(workspace)
        if self._other_laptops is not None:
            self._other_laptops.stop()
        from app.ui.library.other_laptops import follow_other_laptops

        self._other_laptops = follow_other_laptops(workspace, self)
        self.refresh()
        self.focus_list()
        # After the list is on screen: the overdue count needs a query of its own.
        QTimer.singleShot(0, self, self.update_backlog_tab)

    @property
    def workspace(self) -> Workspace:
        """The workspace (only once attached)."""
        assert self._workspace is not None, "storage has not loaded yet"
        return self._workspace

    @property
    def other_laptops(self) -> OtherLaptops | None:
        """What follows other laptops on a shared server (``None`` on SQLite)."""
        return self._other_laptops

    @property
    def attached(self) -> bool:
        """Whether storage has loaded."""
        return self._workspace is not None

    def update_backlog_tab(self) -> None:
        """The Backlog tab says how many actions are overdue, seen from the session list."""
        self._backlog_and_goals().update_backlog_tab()

    # ------------------------------------------------------------------ the list

    def show_sessions(self, sessions: list[SessionSummary]) -> None:
        """List sessions read before storage has fully loaded (the actions wait for it)."""
        self.build_contents()
        self._show_list(sessions, None)

    def refresh(self, select_id: str | None = None) -> None:
        """Re-read the list of sessions, keeping (or moving) the selection."""
        from app.ui.error_reporting import show_left_out

        workspace = self.workspace
        sessions, left_out = workspace.repository.session_listing()
        live = [workspace.summary(summary.id) or summary for summary in sessions]
        self._show_list(live, select_id)
        show_left_out(self.contents.left_out_label, left_out)

    def _show_list(self, sessions: list[SessionSummary], select_id: str | None) -> None:
        keep = select_id or self.selected_session_id()
        self.model.set_sessions(sessions)
        contents = self.contents
        # A library with no session at all shows what to do first; a search that hides
        # every row keeps the table. The stack hands the keyboard to the page it shows.
        contents.stack.setCurrentWidget(
            contents.table if contents.model.rowCount() else contents.empty_state
        )
        if keep is not None:
            self.select_session(keep)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self.sessions.update_actions()

    def focus_list(self) -> None:
        """The keyboard on the table, or on the demo's button when the library is empty."""
        contents = self.contents
        if contents.stack.currentWidget() is contents.empty_state:
            contents.empty_state.setFocus()  # its focus proxy is the button
        else:
            self.table.setFocus()

    def _session_changed(self, session_id: str) -> None:
        """An open session changed: its row follows, on the next turn (many come at once)."""
        if not self._dirty_rows:
            QTimer.singleShot(0, self, self._update_rows)
        self._dirty_rows.add(session_id)

    def _update_rows(self) -> None:
        dirty, self._dirty_rows = self._dirty_rows, set()
        if self._workspace is None:
            return
        for session_id in dirty:
            summary = self._workspace.summary(session_id)
            if summary is not None:
                self.model.update_summary(summary)
            elif self.model.row_of(session_id) is not None:
                self.refresh()  # closed: the stored line is the one to show
                return

    def select_session(self, session_id: str) -> None:
        """Select the row of ``session_id`` if it is listed."""
        row = self.model.row_of(session_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def selected_summary(self) -> SessionSummary | None:
        """The library's line of the selected session, if any."""
        session_id = self.selected_session_id()
        row = None if session_id is None else self.model.row_of(session_id)
        return None if row is None else self.model.summary(row)

    def selected_session_id(self) -> str | None:
        """The id of the selected session, if any."""
        if not self._built:
            return None
        from app.ui.library.model import SESSION_ID_ROLE

        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(SESSION_ID_ROLE)) if rows else None

    # ------------------------------------------------------------------ the backlog

    def _backlog_and_goals(self) -> BacklogAndGoals:
        self.build_contents()
        assert self._pages is not None
        return self._pages

    @property
    def backlog(self) -> BacklogPage:
        """The backlog page, built the first time it is needed."""
        return self._backlog_and_goals().backlog

    def show_backlog(self) -> None:
        """The backlog page, freshly read."""
        self.show_page(BACKLOG_TAB)

    @property
    def goals(self) -> GoalsPage:
        """The goals page, built the first time it is needed."""
        return self._backlog_and_goals().goals

    def show_goals(self) -> None:
        """Ctrl+3: the goals page, with the keyboard in its list."""
        self.show_page(GOALS_TAB)

    def show_page(self, index: int) -> None:
        """Ctrl+1, Ctrl+2, Ctrl+3: a page of the library (the goals with their list)."""
        self._backlog_and_goals().show_page(index)

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the page on screen."""
        if self.pages.currentIndex() == BACKLOG_TAB:
            self.backlog.filters.search_edit.setFocus()
        elif self.pages.currentIndex() == GOALS_TAB:
            self.goals.search_edit.setFocus()
        else:
            self.search_edit.setFocus()

    # ------------------------------------------------------------------ talking

    def ask_open_path(self) -> Path | None:
        """Ask for a session file to import."""
        from app.ui.dialogs import ask_open_path

        return ask_open_path(self, "Import a session", Path.home(), SESSION_FILE_FILTER)

    def ask_save_path(self, suggested_name: str) -> Path | None:
        """Ask where to export; the dialog confirms before overwriting."""
        from app.ui.dialogs import ask_save_path

        return ask_save_path(
            self, "Export the session", Path.home() / suggested_name, SESSION_FILE_FILTER, "json"
        )

    def show_notice(self, text: str) -> None:
        """A sentence that stays at the top of the library (where the database lies)."""
        from app.ui.error_reporting import show_banner

        self.build_contents()
        show_banner(self.banner, text, seconds=None)

    def show_error(self, title: str, message: str) -> None:
        """Tell the facilitator something did not work, in one plain sentence."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, message)

    def show_status(self, text: str, milliseconds: int = 0) -> None:
        """A sentence in the status line."""
        self.statusBar().showMessage(text, milliseconds)

    def main_window(self) -> QMainWindow:
        """The window the library's dialogs and questions are shown over."""
        return self

    def recover_from_error(self, error: BaseException) -> None:
        """After an unexpected error: say so without blocking, and redraw from the database.

        The open sessions hear it through the workspace; each window shows what is stored.
        """
        from PySide6.QtWidgets import QApplication

        from app.storage.errors import ChangedElsewhere, HoldLost
        from app.ui.error_reporting import error_report, show_banner

        self.build_contents()
        active = QApplication.activeWindow()
        refused_in_a_session = (
            isinstance(error, ChangedElsewhere) and active is not None and active is not self
        )
        # A refusal is told where the change was made; a lost hold by its window's bar.
        if not refused_in_a_session and not isinstance(error, HoldLost):
            show_banner(self.banner, error_report(error))
        if self._workspace is not None:
            self.refresh()
            # Open sessions, the backlog and the goals show what the database holds now
            # (another laptop's change, when that was what refused this one).
            self._workspace.report_failure(error)

    # ------------------------------------------------------------------ events

    def paintEvent(self, event: QPaintEvent) -> None:
        """The bare frame is on screen: build the rest on the next turn (not before)."""
        super().paintEvent(event)
        if not self._built and not self._build_due:
            self._build_due = True
            QTimer.singleShot(0, self, self.build_contents)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close every session window with the library and remember the geometry."""
        self._settings.save_geometry(self, "library_window")
        self.sessions.close_session_windows()
        if self._other_laptops is not None:  # nothing is followed for a closed window
            self._other_laptops.stop()
            self._other_laptops = None
        super().closeEvent(event)
