"""The session library window: every session with search, and the backlog across them.

The window paints a bare frame first (the title and "Opening your sessions…"); the
list, the tabs and the menus are built on the next turn of the event loop, or as soon
as anything needs them. Storage loads after that: the workspace arrives with
:meth:`LibraryWindow.attach`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.error_reporting import error_report, make_banner, show_banner
from app.ui.library.model import SESSION_ID_ROLE, SessionFilterModel, SessionListModel
from app.ui.library.sessions import SessionsController
from app.ui.qt_actions import UndoActions, make_action
from app.ui.settings import AppSettings

# The session window, the backlog and the dialogs load when first used: the library
# must paint as soon as Python and Qt are up (see bench/).
if TYPE_CHECKING:
    from app.core.types import SessionSummary
    from app.ui.backlog.page import BacklogPage
    from app.ui.workspace import Workspace

SESSIONS_TAB, BACKLOG_TAB = 0, 1
SESSION_FILE_FILTER = "Dotstorm session (*.json)"


class LibraryWindow(QMainWindow):
    """Lists the sessions, and holds the backlog; session operations live in ``sessions``."""

    restore_requested = Signal()
    """Help → Restore from backup (the storage loader owns the database file)."""

    new_action: QAction
    open_action: QAction
    duplicate_action: QAction
    delete_action: QAction
    import_action: QAction
    export_action: QAction

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self._settings = settings
        self._workspace: Workspace | None = None
        self._built = False
        self._backlog: BacklogPage | None = None
        self._backlog_stale = True
        self._backlog_refresh_due = False
        self._dirty_rows: set[str] = set()
        self.setWindowTitle("Dotstorm")
        self.resize(1100, 640)
        self.banner = make_banner()
        self.heading = QLabel("Sessions")
        self.heading.setObjectName("PageTitle")
        subtitle = QLabel("Every change is saved as you make it.")
        subtitle.setObjectName("PageSubtitle")
        self.loading_label = QLabel("Opening your sessions…")
        self.loading_label.setObjectName("EmptyState")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page = QWidget()
        self._layout = QVBoxLayout(page)
        self._layout.setContentsMargins(24, 20, 24, 20)
        self._layout.addWidget(self.heading)
        self._layout.addWidget(subtitle)
        self._layout.addWidget(self.banner)
        self._layout.addWidget(self.loading_label, 1)
        self.setCentralWidget(page)
        self.sessions = SessionsController(self, settings)
        for name in ("new", "open", "duplicate", "delete", "import", "export"):
            setattr(self, f"{name}_action", getattr(self.sessions, f"{name}_action"))
        self.sessions.update_actions()
        settings.restore_geometry(self, "library_window")

    # ------------------------------------------------------------------ building

    @property
    def built(self) -> bool:
        """Whether the list, tabs and menus exist yet."""
        return self._built

    def build_contents(self) -> None:
        """Build the list, the tabs and the menus (once; the bare frame painted first)."""
        if self._built:
            return
        self._built = True
        self.model = SessionListModel()
        self.proxy = SessionFilterModel()
        self.proxy.setSourceModel(self.model)
        self.table = _session_table(self.proxy)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search sessions by title, goal or status  (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.empty_label = QLabel(
            "No sessions yet.\nPress New session (Ctrl+N) to set one up, or Import a session file."
        )
        self.empty_label.setObjectName("EmptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.removeWidget(self.loading_label)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading_label)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        buttons = QHBoxLayout()
        for action, primary in (
            (self.new_action, True),
            (self.open_action, False),
            (self.duplicate_action, False),
            (self.import_action, False),
            (self.export_action, False),
        ):
            buttons.addWidget(_button_for(action, primary))
        buttons.addStretch()
        delete_button = _button_for(self.delete_action, False)
        delete_button.setObjectName("Danger")
        buttons.addWidget(delete_button)

        sessions_page = QWidget()
        sessions_layout = QVBoxLayout(sessions_page)
        sessions_layout.setContentsMargins(0, 8, 0, 0)
        sessions_layout.addLayout(buttons)
        sessions_layout.addWidget(self.search_edit)
        sessions_layout.addWidget(self.stack, 1)
        self._backlog_holder = QWidget()
        QVBoxLayout(self._backlog_holder).setContentsMargins(0, 0, 0, 0)
        self.pages = QTabWidget()
        self.pages.setObjectName("LibraryPages")
        self.pages.addTab(sessions_page, "Sessions")
        self.pages.addTab(self._backlog_holder, "Backlog")
        self.pages.currentChanged.connect(self._page_changed)
        self._layout.addWidget(self.pages, 1)
        self._build_menus()
        self.table.doubleClicked.connect(self.sessions.open_index)
        self.table.activated.connect(self.sessions.open_index)
        self.table.selectionModel().selectionChanged.connect(self.sessions.update_actions)
        self.sessions.update_actions()

    def _build_menus(self) -> None:
        sessions = self.sessions
        self.find_action = make_action(
            self, "&Find", self._find, keys=QKeySequence.StandardKey.Find, keys_work_in=self
        )
        quit_action = make_action(
            self, "&Quit", self.close, keys=QKeySequence.StandardKey.Quit, keys_work_in=self
        )
        file_menu = self.menuBar().addMenu("&File")
        for item in (sessions.new_action, sessions.open_action, sessions.duplicate_action):
            file_menu.addAction(item)
        file_menu.addSeparator()
        file_menu.addAction(sessions.import_action)
        file_menu.addAction(sessions.export_action)
        file_menu.addSeparator()
        file_menu.addAction(sessions.delete_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.edit_menu.addAction(self.find_action)
        view_menu = self.menuBar().addMenu("&View")
        self.sessions_page_action = make_action(
            self,
            "&Sessions",
            lambda: self.pages.setCurrentIndex(SESSIONS_TAB),
            keys="Ctrl+1",
            keys_work_in=self,
        )
        self.backlog_page_action = make_action(
            self,
            "&Backlog of actions and ideas",
            self.show_backlog,
            keys="Ctrl+2",
            keys_work_in=self,
        )
        view_menu.addAction(self.sessions_page_action)
        view_menu.addAction(self.backlog_page_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.restore_action = make_action(
            self, "&Restore from backup…", lambda: self.restore_requested.emit()
        )
        help_menu.addAction(self.restore_action)

    # ------------------------------------------------------------------ storage

    def attach(self, workspace: Workspace) -> None:
        """Storage has loaded: list the sessions, follow the workspace, enable the actions."""
        self.build_contents()
        first = self._workspace is None
        self._workspace = workspace
        if first:
            workspace.session_changed.connect(self._session_changed)
            workspace.sessions_changed.connect(lambda: self.refresh())
            workspace.backlog_changed.connect(self._backlog_changed)
            self.undo = UndoActions(workspace.undo_stack, self)
            self.edit_menu.insertAction(self.find_action, self.undo.undo_action)
            self.edit_menu.insertAction(self.find_action, self.undo.redo_action)
            self.edit_menu.insertSeparator(self.find_action)
        if self._backlog is not None:
            self._backlog.attach(workspace)
        self.refresh()
        self.table.setFocus()
        # After the list is on screen: the overdue count needs a query of its own.
        QTimer.singleShot(0, self, self.update_backlog_tab)

    @property
    def workspace(self) -> Workspace:
        """The workspace (only once attached)."""
        assert self._workspace is not None, "storage has not loaded yet"
        return self._workspace

    @property
    def attached(self) -> bool:
        """Whether storage has loaded."""
        return self._workspace is not None

    def update_backlog_tab(self) -> None:
        """The Backlog tab says how many actions are overdue, seen from the session list."""
        if self._workspace is None:
            return
        today = self._backlog.today if self._backlog is not None else date.today()
        late = self._workspace.repository.overdue_action_count(today)
        self.pages.setTabText(BACKLOG_TAB, f"Backlog · {late} overdue" if late else "Backlog")

    # ------------------------------------------------------------------ the list

    def show_sessions(self, sessions: list[SessionSummary]) -> None:
        """List sessions read before storage has fully loaded (the actions wait for it)."""
        self.build_contents()
        self._show_list(sessions, None)

    def refresh(self, select_id: str | None = None) -> None:
        """Re-read the list of sessions, keeping (or moving) the selection."""
        workspace = self.workspace
        sessions = workspace.repository.list_sessions()
        live = [workspace.summary(summary.id) or summary for summary in sessions]
        self._show_list(live, select_id)

    def _show_list(self, sessions: list[SessionSummary], select_id: str | None) -> None:
        keep = select_id or self.selected_session_id()
        self.model.set_sessions(sessions)
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty_label)
        if keep is not None:
            self.select_session(keep)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self.sessions.update_actions()

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

    def selected_session_id(self) -> str | None:
        """The id of the selected session, if any."""
        if not self._built:
            return None
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(SESSION_ID_ROLE)) if rows else None

    # ------------------------------------------------------------------ the backlog

    @property
    def backlog(self) -> BacklogPage:
        """The backlog page, built the first time it is needed."""
        if self._backlog is None:
            from app.ui.backlog.page import BacklogPage

            self.build_contents()
            self._backlog = BacklogPage()
            layout = self._backlog_holder.layout()
            assert layout is not None
            layout.addWidget(self._backlog)
            if self._workspace is not None:
                self._backlog.attach(self._workspace)
        return self._backlog

    def show_backlog(self) -> None:
        """The backlog page, freshly read."""
        self.pages.setCurrentIndex(BACKLOG_TAB)

    def _page_changed(self, index: int) -> None:
        on_backlog = index == BACKLOG_TAB
        self.heading.setText("Backlog" if on_backlog else "Sessions")
        if on_backlog and self._backlog_stale:
            self._refresh_backlog()

    def _backlog_changed(self) -> None:
        """Something the backlog shows changed; a visible backlog follows shortly."""
        self._backlog_stale = True
        if not self._backlog_refresh_due:
            self._backlog_refresh_due = True
            QTimer.singleShot(0, self, self._refresh_if_shown)  # once for many

    def _refresh_if_shown(self) -> None:
        self._backlog_refresh_due = False
        self.update_backlog_tab()
        if self._built and self.pages.currentIndex() == BACKLOG_TAB and self.isVisible():
            self._refresh_backlog()

    def _refresh_backlog(self) -> None:
        self._backlog_stale = False
        self.backlog.refresh()
        self.update_backlog_tab()

    def _find(self) -> None:
        if self.pages.currentIndex() == BACKLOG_TAB:
            self.backlog.search_edit.setFocus()
        else:
            self.search_edit.setFocus()

    # ------------------------------------------------------------------ talking

    def ask_open_path(self) -> Path | None:
        """Ask for a session file to import."""
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import a session", str(Path.home()), SESSION_FILE_FILTER
        )
        return Path(chosen) if chosen else None

    def ask_save_path(self, suggested_name: str) -> Path | None:
        """Ask where to export; the dialog confirms before overwriting."""
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export the session", str(Path.home() / suggested_name), SESSION_FILE_FILTER
        )
        return Path(chosen) if chosen else None

    def show_notice(self, text: str) -> None:
        """A sentence that stays at the top of the library (where the database lies)."""
        show_banner(self.banner, text, seconds=None)

    def show_error(self, title: str, message: str) -> None:
        """Tell the facilitator something did not work, in one plain sentence."""
        QMessageBox.warning(self, title, message)

    def recover_from_error(self, error: BaseException) -> None:
        """After an unexpected error: say so without blocking, and redraw from the database."""
        show_banner(self.banner, error_report(error))
        if self._workspace is not None:
            self.refresh()
        self.sessions.recover_from_error(error)

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:
        """The bare frame is on screen: build the rest on the next turn."""
        super().showEvent(event)
        if not self._built:
            QTimer.singleShot(0, self, self.build_contents)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close every session window with the library and remember the geometry."""
        self._settings.save_geometry(self, "library_window")
        self.sessions.close_session_windows()
        super().closeEvent(event)


def _session_table(proxy: SessionFilterModel) -> QTableView:
    table = QTableView()
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(True)
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _button_for(action: QAction, primary: bool) -> QPushButton:
    button = QPushButton(action.text().replace("&", ""))
    if primary:
        button.setObjectName("Primary")
    button.setToolTip(action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
    button.clicked.connect(action.trigger)
    action.enabledChanged.connect(button.setEnabled)
    button.setEnabled(action.isEnabled())
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button
