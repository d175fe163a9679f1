"""Table models of the backlog: actions and ideas from every session, a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.core.backlog import (
    ACTION_STATUS_LABELS,
    IDEA_STATUS_LABELS,
    NO_DEPARTMENT,
    ActionEntry,
    IdeaEntry,
)
from app.core.backlog_view import BacklogOrder
from app.core.goal_report import DECISION_LABELS, RESULT_LABELS, outcome_summary
from app.storage.backlog_query import Page
from app.storage.backlog_sql import Mark

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOR = QColor("#B42318")

Index = QModelIndex | QPersistentModelIndex
Entry = TypeVar("Entry", ActionEntry, IdeaEntry)


@dataclass(frozen=True)
class Column(Generic[Entry]):
    """One column: its title (which the query sorts by) and its text."""

    title: str
    text: Callable[[Entry], str]
    width: int = 0
    """Starting width in pixels; 0 for the column that takes the rest."""


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "—"


Reader = Callable[[BacklogOrder, Mark | None], Page[Entry]]
"""Reads one page of a table in an order, after the mark of the page before."""


class EntryTableModel(QAbstractTableModel, Generic[Entry]):
    """Rows of backlog entries under a list of columns, read from a query a page at a time.

    Sorting by a column asks the query again (:meth:`sort`); the view asks for more
    rows as it scrolls (:meth:`canFetchMore`, :meth:`fetchMore`).
    """

    def __init__(self, columns: Sequence[Column[Entry]]) -> None:
        super().__init__()
        self.columns: list[Column[Entry]] = list(columns)
        self.entries: list[Entry] = []
        self.today = date.today()
        self.order = BacklogOrder(self.columns[0].title)
        self._reader: Reader[Entry] | None = None
        self._mark: Mark | None = None

    def read_from(self, reader: Reader[Entry], today: date) -> None:
        """Show the first page ``reader`` gives (in this model's order), and more on demand."""
        self._reader = reader
        self.today = today
        self.reload()

    def reload(self) -> None:
        """Replace every row with the query's first page."""
        self.beginResetModel()
        if self._reader is None:
            self.entries, self._mark = [], None
        else:
            page = self._reader(self.order, None)
            self.entries, self._mark = list(page.entries), page.mark
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Whether the query has rows past the last page read."""
        return not parent.isValid() and self._reader is not None and self._mark is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Read the next page and add its rows."""
        if not self.canFetchMore(parent):
            return
        assert self._reader is not None
        page = self._reader(self.order, self._mark)
        if page.entries:
            first = len(self.entries)
            self.beginInsertRows(QModelIndex(), first, first + len(page.entries) - 1)
            self.entries.extend(page.entries)
            self._mark = page.mark
            self.endInsertRows()
        else:
            self._mark = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``: the query sorts, and the first page is read again."""
        wanted = BacklogOrder(self.columns[column].title, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.order or not self.entries:
            self.order = wanted
            self.layoutAboutToBeChanged.emit()
            self.reload()
            self.layoutChanged.emit()

    def entry(self, row: int) -> Entry:
        """The entry shown in ``row``."""
        return self.entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of entries read so far."""
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, the entry's id, and red for what is overdue."""
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(entry).replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.title == "Session":
                return f"{entry.session_title}\nGoal: {entry.session_goal or '—'}"
            if column.title == "Outcome" and isinstance(entry, ActionEntry) and entry.outcome:
                learned = f"\nLearned: {entry.outcome.learning}" if entry.outcome.learning else ""
                return outcome_summary(entry.outcome) + learned
            return column.text(entry)
        if role == ENTRY_ID_ROLE:
            return entry.id
        late = isinstance(entry, ActionEntry) and entry.overdue(self.today)
        if role == Qt.ItemDataRole.ForegroundRole and late:
            return OVERDUE_COLOR
        if role == Qt.ItemDataRole.FontRole and late and column.title == "Due":
            bold = QFont()
            bold.setBold(True)
            return bold
        return None


def action_columns(today: Callable[[], date]) -> list[Column[ActionEntry]]:
    """The actions table: what, how far, who, when, from which session (goal in its tip)."""

    def due(entry: ActionEntry) -> str:
        late = entry.overdue(today())
        return _day(entry.due_date) + ("  overdue" if late else "")

    return [
        Column("Action", lambda e: e.title),
        Column("Status", lambda e: ACTION_STATUS_LABELS[e.status], width=80),
        Column("Owner", lambda e: e.owner or "—", width=130),
        Column("Department", lambda e: e.department or "—", width=120),
        Column("Due", due, width=150),
        Column("Session", lambda e: e.session_title, width=150),
        Column("Held", lambda e: _day(e.session_date), width=110),
        Column("Outcome", _outcome, width=110),
    ]


def _outcome(entry: ActionEntry) -> str:
    outcome = entry.outcome
    if outcome is None:
        return "—"
    decided = f", {DECISION_LABELS[outcome.decision].lower()}" if outcome.decision else ""
    return RESULT_LABELS[outcome.result] + decided


def idea_columns() -> list[Column[IdeaEntry]]:
    """The ideas table: the idea, its status, dots, what it builds on, whose, which session."""
    return [
        Column("Idea", lambda e: e.text),
        Column("Status", lambda e: IDEA_STATUS_LABELS[e.status], width=100),
        Column("Dots", lambda e: str(e.dots), width=70),
        Column("Builds on", lambda e: e.builds_on or "—", width=160),
        Column("Author", lambda e: e.author or "—", width=130),
        Column("Department", lambda e: e.department or NO_DEPARTMENT, width=120),
        Column("Session", lambda e: e.session_title, width=150),
        Column("Held", lambda e: _day(e.session_date), width=110),
    ]
