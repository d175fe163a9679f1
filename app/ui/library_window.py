"""The session library: every session, with search, and the ways to start one."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
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
from app.ui.library_model import SESSION_ID_ROLE, SessionFilterModel, SessionListModel
from app.ui.settings import AppSettings

# The session window, the backlog and the dialogs load when first used: the library
# must paint as soon as Python and Qt are up (see bench/).
if TYPE_CHECKING:
    from app.core.backlog import CarryOver
    from app.core.types import NewSessionSpec, SessionSummary
    from app.storage.repository import SessionRepository
    from app.ui.backlog.page import BacklogPage
    from app.ui.session_window import SessionWindow

BACKLOG_TAB = 1

SESSION_FILE_FILTER = "Dotstorm session (*.json)"


class LibraryWindow(QMainWindow):
    """Lists the sessions; creates, opens, duplicates, deletes, imports and exports them.

    It is shown before storage has loaded; :meth:`attach` hands it the repository.
    """

    restore_requested = Signal()
    """Help → Restore from backup (the storage loader owns the database file)."""

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self._settings = settings
        self._repository: SessionRepository | None = None
        self._open_windows: dict[str, SessionWindow] = {}
        self.setWindowTitle("Dotstorm")
        self.resize(1100, 640)
        self.banner = make_banner()

        self.model = SessionListModel()
        self.proxy = SessionFilterModel()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search sessions by title, goal or status  (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search)

        self.loading_label = QLabel("Opening your sessions…")
        self.loading_label.setObjectName("EmptyState")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label = QLabel(
            "No sessions yet.\nPress New session (Ctrl+N) to set one up, or Import a session file."
        )
        self.empty_label.setObjectName("EmptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading_label)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self._build_actions()
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

        self.heading = QLabel("Sessions")
        self.heading.setObjectName("PageTitle")
        subtitle = QLabel("Every change is saved as you make it.")
        subtitle.setObjectName("PageSubtitle")
        sessions_page = QWidget()
        sessions_layout = QVBoxLayout(sessions_page)
        sessions_layout.setContentsMargins(0, 8, 0, 0)
        sessions_layout.addLayout(buttons)
        sessions_layout.addWidget(self.search_edit)
        sessions_layout.addWidget(self.stack, 1)
        self._backlog: BacklogPage | None = None
        self._backlog_holder = QWidget()
        QVBoxLayout(self._backlog_holder).setContentsMargins(0, 0, 0, 0)
        self.pages = QTabWidget()
        self.pages.setObjectName("LibraryPages")
        self.pages.addTab(sessions_page, "Sessions")
        self.pages.addTab(self._backlog_holder, "Backlog")
        self.pages.currentChanged.connect(self._page_changed)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addWidget(subtitle)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(page)
        self._update_actions()
        settings.restore_geometry(self, "library_window")

    # ------------------------------------------------------------------ set-up

    def _build_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(shortcut))
            made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(made)
            return made

        self.new_action = action("&New session…", QKeySequence.StandardKey.New)
        self.open_action = action("&Open", "Ctrl+O")
        self.duplicate_action = action("&Duplicate as template", "Ctrl+D")
        self.delete_action = action("De&lete…", QKeySequence.StandardKey.Delete)
        self.import_action = action("&Import…", "Ctrl+I")
        self.export_action = action("&Export…", "Ctrl+E")
        self.find_action = action("&Find", QKeySequence.StandardKey.Find)
        quit_action = action("&Quit", QKeySequence.StandardKey.Quit)
        self.new_action.triggered.connect(self.new_session)
        self.open_action.triggered.connect(self.open_selected)
        self.duplicate_action.triggered.connect(self.duplicate_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.import_action.triggered.connect(self.import_file)
        self.export_action.triggered.connect(self.export_selected)
        self.find_action.triggered.connect(self._find)
        quit_action.triggered.connect(self.close)

        file_menu = self.menuBar().addMenu("&File")
        for item in (self.new_action, self.open_action, self.duplicate_action):
            file_menu.addAction(item)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.delete_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.find_action)
        view_menu = self.menuBar().addMenu("&View")
        self.sessions_page_action = action("&Sessions", "Ctrl+1")
        self.backlog_page_action = action("&Backlog of actions and ideas", "Ctrl+2")
        self.sessions_page_action.triggered.connect(lambda: self.pages.setCurrentIndex(0))
        self.backlog_page_action.triggered.connect(self.show_backlog)
        view_menu.addAction(self.sessions_page_action)
        view_menu.addAction(self.backlog_page_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.restore_action = QAction("&Restore from backup…", self)
        self.restore_action.triggered.connect(self.restore_requested)
        help_menu.addAction(self.restore_action)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

    def attach(self, repository: SessionRepository) -> None:
        """Storage has loaded: list the sessions and enable the actions."""
        self._repository = repository
        if self._backlog is not None:
            self._backlog.attach(repository)
        self.refresh()
        self.table.setFocus()
        # After the list is on screen: the overdue count needs a query of its own.
        QTimer.singleShot(0, self.update_backlog_tab)

    def update_backlog_tab(self) -> None:
        """The Backlog tab says how many actions are overdue, seen from the session list."""
        if self._repository is None:
            return
        today = self._backlog.today if self._backlog is not None else date.today()
        late = self._repository.overdue_action_count(today)
        self.pages.setTabText(1, f"Backlog · {late} overdue" if late else "Backlog")

    @property
    def repository(self) -> SessionRepository:
        """The repository (only once attached)."""
        assert self._repository is not None, "storage has not loaded yet"
        return self._repository

    # ------------------------------------------------------------------ state

    def show_sessions(self, sessions: list[SessionSummary]) -> None:
        """List sessions read before storage has fully loaded (the actions wait for it)."""
        self._show_list(sessions, None)

    def refresh(self, select_id: str | None = None) -> None:
        """Re-read the list of sessions, keeping (or moving) the selection."""
        self._show_list(self.repository.list_sessions(), select_id)

    def _show_list(self, sessions: list[SessionSummary], select_id: str | None) -> None:
        keep = select_id or self.selected_session_id()
        self.model.set_sessions(sessions)
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty_label)
        if keep is not None:
            self.select_session(keep)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_actions()

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
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(SESSION_ID_ROLE)) if rows else None

    def _update_actions(self) -> None:
        loaded = self._repository is not None
        selected = loaded and self.selected_session_id() is not None
        for item in (self.new_action, self.import_action):
            item.setEnabled(loaded)
        for item in (
            self.open_action,
            self.duplicate_action,
            self.delete_action,
            self.export_action,
        ):
            item.setEnabled(selected)

    # ------------------------------------------------------------------ actions

    def new_session(self) -> None:
        """Ask for a session's set-up and create it."""
        from app.ui.new_session_dialog import NewSessionDialog

        dialog = NewSessionDialog(self, carry_over_for=self.repository.carry_over)
        if dialog.exec() != NewSessionDialog.DialogCode.Accepted:
            return
        self.create_session(dialog.spec(), dialog.carried_in())

    def create_session(self, spec: NewSessionSpec, carried: CarryOver | None = None) -> str:
        """Store a new session from ``spec``, list it and open its window.

        What ``carried`` holds opens the agenda as a review phase.
        """
        from app.core.backlog import with_review_phase
        from app.core.session_ops import build_session

        session = build_session(spec)
        if carried:
            session = with_review_phase(session, carried)
        self.repository.add_session(session)
        self.refresh(select_id=session.id)
        self.open_session(session.id)
        return session.id

    def open_selected(self) -> None:
        """Open the selected session's window."""
        session_id = self.selected_session_id()
        if session_id is not None:
            self.open_session(session_id)

    def _open_index(self, index: QModelIndex) -> None:
        if self._repository is None:  # listed, but storage is still opening
            self.statusBar().showMessage("Opening your sessions…", 2000)
            return
        self.open_session(str(index.data(SESSION_ID_ROLE)))

    def open_session(self, session_id: str) -> SessionWindow:
        """Show the window of ``session_id``, raising it if it is already open."""
        from app.ui.session_document import SessionDocument
        from app.ui.session_window import SessionWindow

        window = self._open_windows.get(session_id)
        if window is None:
            document = SessionDocument(self.repository, session_id)
            window = SessionWindow(document, self._settings)
            self._open_windows[session_id] = window
            window.destroyed.connect(lambda: self._open_windows.pop(session_id, None))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_windows(self) -> dict[str, SessionWindow]:
        """The session windows open now, by session id."""
        return dict(self._open_windows)

    def duplicate_selected(self) -> None:
        """Make a new session with the selected one's people and agenda."""
        session_id = self.selected_session_id()
        if session_id is None:
            return
        goal = self.model.summary(self.model.row_of(session_id) or 0).goal
        carried = self.repository.carry_over(goal)
        review = False
        if carried:
            answer = QMessageBox.question(
                self,
                "Review last time?",
                f"Start the new session with a review of last time: {carried.summary()} "
                "from sessions with this goal?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            review = answer == QMessageBox.StandardButton.Yes
        copy = self.repository.duplicate_as_template(session_id, review=review)
        self.refresh(select_id=copy.id)
        reviewed = " It opens with a review of last time." if review else ""
        self.statusBar().showMessage(
            f"Created {copy.title!r} with the same people and agenda.{reviewed}"
        )

    def delete_selected(self) -> None:
        """Delete the selected session after the facilitator confirms."""
        session_id = self.selected_session_id()
        if session_id is None:
            return
        summary = self.model.summary(self.model.row_of(session_id) or 0)
        answer = QMessageBox.question(
            self,
            "Delete session",
            f"Delete “{summary.title}” with its {summary.notes} notes, "
            f"{summary.vote_rounds} vote rounds and {summary.action_items} actions?\n"
            "This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        window = self._open_windows.pop(session_id, None)
        if window is not None:
            window.close()
        self.repository.delete_session(session_id)
        self.refresh(select_id=None)
        self.statusBar().showMessage(f"Deleted {summary.title!r}.")

    def import_file(self) -> None:
        """Import a session file chosen by the facilitator."""
        from app.export.session_file import SessionFileError, read_session_file

        path = self.ask_open_path()
        if path is None:
            return
        try:
            session = read_session_file(path)
        except SessionFileError as error:
            self.show_error("Cannot import", f"Nothing was imported. {error}")
            return
        stored = self.repository.import_session(session)
        self.refresh(select_id=stored.id)
        self.statusBar().showMessage(f"Imported {stored.title!r}.")

    def export_selected(self) -> None:
        """Export the selected session as a session file."""
        from app.export.atomic import ExportError
        from app.export.exports import export_file
        from app.export.session_file import suggested_file_name

        session_id = self.selected_session_id()
        if session_id is None:
            return
        session = self.repository.load_session(session_id)
        path = self.ask_save_path(suggested_file_name(session, "json"))
        if path is None:
            return
        try:
            export_file(session, "json", path)
        except ExportError as error:
            self.show_error("Cannot export", str(error))
            return
        self.statusBar().showMessage(f"Exported to {path}.")

    # ------------------------------------------------------------------ dialogs

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

    def close_session_windows(self) -> None:
        """Close every open session window (before the database is swapped)."""
        for window in list(self._open_windows.values()):
            window.close()
        self._open_windows.clear()

    def recover_from_error(self, error: BaseException) -> None:
        """After an unexpected error: say so without blocking, and redraw from the database."""
        show_banner(self.banner, error_report(error))
        if self._repository is not None:
            self.refresh()
        for window in list(self._open_windows.values()):
            window.recover_from_error(error)

    @property
    def backlog(self) -> BacklogPage:
        """The backlog page, built the first time it is needed."""
        if self._backlog is None:
            from app.ui.backlog.page import BacklogPage

            self._backlog = BacklogPage()
            self._backlog.statuses_changed.connect(self._statuses_changed)
            layout = self._backlog_holder.layout()
            assert layout is not None
            layout.addWidget(self._backlog)
            if self._repository is not None:
                self._backlog.attach(self._repository)
        return self._backlog

    def show_backlog(self) -> None:
        """The backlog page, freshly read."""
        self.pages.setCurrentIndex(BACKLOG_TAB)

    def _page_changed(self, index: int) -> None:
        on_backlog = index == BACKLOG_TAB
        self.heading.setText("Backlog" if on_backlog else "Sessions")
        if on_backlog:
            self.backlog.refresh()
            self.update_backlog_tab()

    def _find(self) -> None:
        if self.pages.currentIndex() == BACKLOG_TAB:
            self.backlog.search_edit.setFocus()
        else:
            self.search_edit.setFocus()

    def _statuses_changed(self, session_ids: list[str]) -> None:
        """The backlog moved actions or ideas on: open session windows show it too."""
        for session_id in session_ids:
            window = self._open_windows.get(session_id)
            if window is not None:
                window.document.reload_actions()
        self.update_backlog_tab()

    def changeEvent(self, event: QEvent) -> None:
        """Coming back from a session window, the backlog shows what changed there."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self._repository is not None
        ):
            if self.pages.currentIndex() == BACKLOG_TAB:
                self.backlog.refresh()
            self.update_backlog_tab()

    def show_notice(self, text: str) -> None:
        """A sentence that stays at the top of the library (where the database lies)."""
        show_banner(self.banner, text, seconds=None)

    def show_error(self, title: str, message: str) -> None:
        """Tell the facilitator something did not work, in one plain sentence."""
        QMessageBox.warning(self, title, message)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close every session window with the library and remember the geometry."""
        self._settings.save_geometry(self, "library_window")
        for window in list(self._open_windows.values()):
            window.close()
        super().closeEvent(event)


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
