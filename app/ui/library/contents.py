"""The library's list, tabs, buttons and menus: built on the turn after the first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import shortcuts as K
from app.ui.error_reporting import left_out_label, make_banner
from app.ui.library.model import SessionFilterModel, SessionListModel
from app.ui.library.sessions import SessionsController
from app.ui.qt_actions import make_action
from app.ui.settings import AppSettings
from app.ui.shortcut_help import show_shortcuts

if TYPE_CHECKING:
    from app.ui.library.window import LibraryWindow


def build_contents(window: LibraryWindow, settings: AppSettings) -> None:
    """Give the bare library frame its list, tabs, buttons and menus."""
    from app.ui.library.window import BACKLOG_TAB, SESSIONS_TAB

    sessions = SessionsController(window, settings)
    window.set_sessions_controller(sessions)
    window.banner = make_banner()
    window.page_layout.insertWidget(2, window.banner)
    window.model = SessionListModel()
    window.proxy = SessionFilterModel()
    window.proxy.setSourceModel(window.model)
    window.table = session_table(window.proxy)
    window.search_edit = QLineEdit()
    window.search_edit.setPlaceholderText("Search sessions by title, goal or status  (Ctrl+F)")
    window.search_edit.setClearButtonEnabled(True)
    window.search_edit.textChanged.connect(window.proxy.set_search)
    window.empty_label = QLabel(
        "No sessions yet.\nPress New session (Ctrl+N) to set one up, or Import a session file."
    )
    window.empty_label.setObjectName("EmptyState")
    window.page_layout.removeWidget(window.loading_label)
    window.stack = QStackedWidget()
    window.stack.addWidget(window.loading_label)
    window.stack.addWidget(window.table)
    window.stack.addWidget(window.empty_label)

    buttons = QHBoxLayout()
    for action, primary in (
        (sessions.new_action, True),
        (sessions.open_action, False),
        (sessions.duplicate_action, False),
        (sessions.import_action, False),
        (sessions.export_action, False),
    ):
        buttons.addWidget(button_for(action, primary))
    buttons.addStretch()
    delete_button = button_for(sessions.delete_action, False)
    delete_button.setObjectName("Danger")
    buttons.addWidget(delete_button)

    sessions_page = QWidget()
    sessions_layout = QVBoxLayout(sessions_page)
    sessions_layout.setContentsMargins(0, 8, 0, 0)
    sessions_layout.addLayout(buttons)
    sessions_layout.addWidget(window.search_edit)
    sessions_layout.addWidget(window.stack, 1)
    window.left_out_label = left_out_label()
    sessions_layout.addWidget(window.left_out_label)
    window.backlog_holder = QWidget()
    QVBoxLayout(window.backlog_holder).setContentsMargins(0, 0, 0, 0)
    window.goals_holder = QWidget()
    QVBoxLayout(window.goals_holder).setContentsMargins(0, 0, 0, 0)
    window.pages = QTabWidget()
    window.pages.setObjectName("LibraryPages")
    window.pages.addTab(sessions_page, "Sessions")
    window.pages.addTab(window.backlog_holder, "Backlog")
    window.pages.addTab(window.goals_holder, "Goals")
    window.pages.currentChanged.connect(window.page_changed)
    window.page_layout.addWidget(window.pages, 1)
    _build_menus(window, sessions, SESSIONS_TAB, BACKLOG_TAB)
    window.table.doubleClicked.connect(sessions.open_index)
    window.table.activated.connect(sessions.open_index)
    window.table.selectionModel().selectionChanged.connect(sessions.update_actions)
    sessions.update_actions()


def _build_menus(
    window: LibraryWindow, sessions: SessionsController, sessions_tab: int, backlog_tab: int
) -> None:
    window.find_action = make_action(
        window,
        "&Find",
        window.focus_search,
        keys=K.LIBRARY_FIND,
        keys_work_in=window,
    )
    quit_action = make_action(window, "&Quit", window.close, keys=K.QUIT, keys_work_in=window)
    file_menu = window.menuBar().addMenu("&File")
    for item in (sessions.new_action, sessions.open_action, sessions.duplicate_action):
        file_menu.addAction(item)
    file_menu.addSeparator()
    file_menu.addAction(sessions.import_action)
    file_menu.addAction(sessions.export_action)
    file_menu.addSeparator()
    file_menu.addAction(sessions.delete_action)
    file_menu.addSeparator()
    file_menu.addAction(quit_action)
    window.edit_menu = window.menuBar().addMenu("&Edit")
    window.edit_menu.addAction(window.find_action)
    view_menu = window.menuBar().addMenu("&View")
    window.sessions_page_action = make_action(
        window,
        "&Sessions",
        lambda: window.pages.setCurrentIndex(sessions_tab),
        keys=K.SESSIONS_PAGE,
        keys_work_in=window,
    )
    window.backlog_page_action = make_action(
        window,
        "&Backlog of actions and ideas",
        lambda: window.pages.setCurrentIndex(backlog_tab),
        keys=K.BACKLOG_PAGE,
        keys_work_in=window,
    )
    window.goals_page_action = make_action(
        window,
        "&Goals",
        window.show_goals,
        keys=K.GOALS_PAGE,
        keys_work_in=window,
    )
    view_menu.addAction(window.sessions_page_action)
    view_menu.addAction(window.backlog_page_action)
    view_menu.addAction(window.goals_page_action)
    help_menu = window.menuBar().addMenu("&Help")
    window.restore_action = make_action(
        window, "&Restore from backup…", lambda: window.restore_requested.emit()
    )
    help_menu.addAction(window.restore_action)
    help_menu.addAction(
        make_action(
            window,
            "&Keyboard shortcuts",
            lambda: show_shortcuts(window),
            keys=K.LIBRARY_HELP,
            keys_work_in=window,
        )
    )


def session_table(proxy: SessionFilterModel) -> QTableView:
    """The table of sessions: rows selected whole, sorted by date, newest first."""
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


def button_for(action: QAction, primary: bool) -> QPushButton:
    """A push button that triggers ``action`` and follows whether it is enabled."""
    button = QPushButton(action.text().replace("&", ""))
    if primary:
        button.setObjectName("Primary")
    button.setToolTip(action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
    button.clicked.connect(action.trigger)
    action.enabledChanged.connect(button.setEnabled)
    button.setEnabled(action.isEnabled())
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button
