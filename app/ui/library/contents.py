"""The library's contents: its pages, list, buttons and menus, built after the first paint.

:class:`LibraryContents` is one widget that owns every part it makes; the window
holds it and reads its parts through it. :func:`build_library_menus` puts the menus
together from the session actions and the window's own few.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import shortcuts as K
from app.ui.error_reporting import left_out_label, make_banner
from app.ui.library.first_run import EmptyLibrary
from app.ui.library.model import FITTED_COLUMNS, SessionFilterModel, SessionListModel
from app.ui.library.sessions import SessionsController
from app.ui.library.tabs import BACKLOG_TAB, GOALS_TAB, SESSIONS_TAB
from app.ui.qt_actions import make_action
from app.ui.shortcut_help import show_shortcuts


class LibraryContents(QWidget):
    """The banner and the three pages: the sessions (list, search, buttons), backlog, goals."""

    def __init__(self, sessions: SessionsController, loading_label: QLabel) -> None:
        super().__init__()
        self.banner = make_banner()
        self.model = SessionListModel()
        self.proxy = SessionFilterModel()
        self.proxy.setSourceModel(self.model)
        self.table = session_table(self.proxy)
        self.column_widths = FittedColumns(self.table, self.model)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search sessions by title, goal or status  (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.empty_state = EmptyLibrary(sessions.demo_action)
        self.stack = QStackedWidget()
        self.stack.addWidget(loading_label)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state)
        self.left_out_label = left_out_label()

        sessions_page = QWidget()
        sessions_layout = QVBoxLayout(sessions_page)
        sessions_layout.setContentsMargins(0, 8, 0, 0)
        sessions_layout.addLayout(_buttons(sessions))
        sessions_layout.addWidget(self.search_edit)
        sessions_layout.addWidget(self.stack, 1)
        sessions_layout.addWidget(self.left_out_label)
        self.backlog_holder = QWidget()
        QVBoxLayout(self.backlog_holder).setContentsMargins(0, 0, 0, 0)
        self.goals_holder = QWidget()
        QVBoxLayout(self.goals_holder).setContentsMargins(0, 0, 0, 0)
        self.pages = QTabWidget()
        self.pages.setObjectName("LibraryPages")
        self.pages.addTab(sessions_page, "Sessions")
        self.pages.addTab(self.backlog_holder, "Backlog")
        self.pages.addTab(self.goals_holder, "Goals")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)

        self.table.doubleClicked.connect(sessions.open_index)
        self.table.activated.connect(sessions.open_index)
        self.table.selectionModel().selectionChanged.connect(sessions.update_actions)


@dataclass(frozen=True)
class LibraryMenus:
    """The library's menu entries other parts add to or trigger."""

    edit_menu: QMenu
    find_action: QAction
    sessions_page_action: QAction
    backlog_page_action: QAction
    goals_page_action: QAction
    restore_action: QAction


@dataclass(frozen=True)
class LibraryCommands:
    """What the library window itself does from its menus."""

    focus_search: Callable[[], None]
    show_page: Callable[[int], None]
    restore: Callable[[], None]
    close: Callable[[], object]


def build_library_menus(
    window: QMainWindow, sessions: SessionsController, commands: LibraryCommands
) -> LibraryMenus:
    """File, Edit, View and Help: the session actions and the window's own."""

    def action(text: str, handler: Callable[[], object], keys: K.Shortcut | None) -> QAction:
        return make_action(window, text, handler, keys=keys, keys_work_in=window)

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    for item in (sessions.new_action, sessions.open_action, sessions.duplicate_action):
        file_menu.addAction(item)
    file_menu.addSeparator()
    file_menu.addAction(sessions.import_action)
    file_menu.addAction(sessions.export_action)
    file_menu.addSeparator()
    file_menu.addAction(sessions.delete_action)
    file_menu.addSeparator()
    file_menu.addAction(action("&Quit", commands.close, K.QUIT))
    edit_menu = bar.addMenu("&Edit")
    find_action = action("&Find", commands.focus_search, K.LIBRARY_FIND)
    edit_menu.addAction(find_action)
    view_menu = bar.addMenu("&View")
    pages = (
        action("&Sessions", lambda: commands.show_page(SESSIONS_TAB), K.SESSIONS_PAGE),
        action(
            "&Backlog of actions and ideas",
            lambda: commands.show_page(BACKLOG_TAB),
            K.BACKLOG_PAGE,
        ),
        action("&Goals", lambda: commands.show_page(GOALS_TAB), K.GOALS_PAGE),
    )
    for page in pages:
        view_menu.addAction(page)
    help_menu = bar.addMenu("&Help")
    restore_action = action("&Restore from backup…", commands.restore, None)
    help_menu.addAction(sessions.demo_action)
    help_menu.addAction(restore_action)
    help_menu.addAction(
        action("&Keyboard shortcuts", lambda: show_shortcuts(window), K.LIBRARY_HELP)
    )
    return LibraryMenus(edit_menu, find_action, *pages, restore_action)


def _buttons(sessions: SessionsController) -> QHBoxLayout:
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
    return buttons


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
    # Fixed widths, fitted by FittedColumns from the texts: resizing to contents would
    # measure every row through Python at each change.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


class FittedColumns(QObject):
    """Keeps the date, status and count columns as wide as their widest text.

    Widths come from the list's texts (each distinct text measured once, and
    remembered), never from asking the view to measure every row.
    """

    def __init__(self, table: QTableView, model: SessionListModel) -> None:
        super().__init__(table)
        self._table = table
        self._model = model
        self._measured: dict[str, int] = {}
        model.modelReset.connect(self.fit)
        model.dataChanged.connect(self.fit)
        self.fit()

    def fit(self) -> None:
        """Set each fitted column's width from the texts it shows now."""
        table = self._table
        table.ensurePolished()
        metrics = table.fontMetrics()
        style = table.style()
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
        margin += 1 if table.showGrid() else 0
        header = table.horizontalHeader()
        measured = self._measured
        for column in FITTED_COLUMNS:
            widest = 0
            for text in self._model.cell_texts(column):
                width = measured.get(text)
                if width is None:
                    width = measured[text] = metrics.horizontalAdvance(text)
                widest = max(widest, width)
            wanted = max(header.sectionSizeHint(column), widest + margin)
            if header.sectionSize(column) != wanted:
                header.resizeSection(column, wanted)


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
