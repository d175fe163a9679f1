"""Table models of the backlog: actions and ideas from every session, filtered and sorted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.core.backlog import (
    ACTION_STATUS_LABELS,
    IDEA_STATUS_LABELS,
    NO_DEPARTMENT,
    ActionEntry,
    BacklogFilter,
    IdeaEntry,
)
from app.core.goal_report import DECISION_LABELS, RESULT_LABELS, outcome_summary

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_COLOR = QColor("#B42318")

Index = QModelIndex | QPersistentModelIndex
Entry = TypeVar("Entry", ActionEntry, IdeaEntry)


@dataclass(frozen=True)
class Column(Generic[Entry]):
    """One column: its title, its text, and what it sorts by."""

    title: str
    text: Callable[[Entry], str]
    sort_key: Callable[[Entry], Any] | None = None
    width: int = 0
    """Starting width in pixels; 0 for the column that takes the rest."""


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "—"


def _date_key(value: date | None) -> int:
    return value.toordinal() if value else 0


class EntryTableModel(QAbstractTableModel, Generic[Entry]):
    """Rows of backlog entries under a list of columns."""

    def __init__(self, columns: Sequence[Column[Entry]]) -> None:
        super().__init__()
        self.columns: list[Column[Entry]] = list(columns)
        self.entries: list[Entry] = []
        self.today = date.today()

    def set_entries(self, entries: Sequence[Entry], today: date) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.entries = list(entries)
        self.today = today
        self.endResetModel()

    def entry(self, row: int) -> Entry:
        """The entry shown in ``row``."""
        return self.entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of entries."""
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
        """Cell text, the entry's id, its sort key, and red for what is overdue."""
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
        if role == SORT_ROLE:
            return column.sort_key(entry) if column.sort_key else column.text(entry).casefold()
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
        Column("Status", lambda e: ACTION_STATUS_LABELS[e.status], lambda e: e.status.value, 80),
        Column("Owner", lambda e: e.owner or "—", None, 130),
        Column("Department", lambda e: e.department or "—", None, 120),
        Column("Due", due, lambda e: _date_key(e.due_date), 150),
        Column("Session", lambda e: e.session_title, None, 150),
        Column("Held", lambda e: _day(e.session_date), lambda e: _date_key(e.session_date), 110),
        Column("Outcome", _outcome, None, 110),
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
        Column("Status", lambda e: IDEA_STATUS_LABELS[e.status], lambda e: e.status.value, 100),
        Column("Dots", lambda e: str(e.dots), lambda e: e.dots, 70),
        Column("Builds on", lambda e: e.builds_on or "—", None, 160),
        Column("Author", lambda e: e.author or "—", None, 130),
        Column("Department", lambda e: e.department or NO_DEPARTMENT, None, 120),
        Column("Session", lambda e: e.session_title, None, 150),
        Column("Held", lambda e: _day(e.session_date), lambda e: _date_key(e.session_date), 110),
    ]


class BacklogProxy(QSortFilterProxyModel):
    """Applies a :class:`BacklogFilter` to an :class:`EntryTableModel`."""

    def __init__(self) -> None:
        super().__init__()
        self.criteria = BacklogFilter()
        self.setSortRole(SORT_ROLE)

    def set_criteria(self, criteria: BacklogFilter) -> None:
        """Show only the entries ``criteria`` accepts."""
        self.beginFilterChange()
        self.criteria = criteria
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether the entry in ``source_row`` passes the filter."""
        model = self.sourceModel()
        assert isinstance(model, EntryTableModel)
        entry = model.entry(source_row)
        if isinstance(entry, ActionEntry):
            return self.criteria.accepts_action(entry, model.today)
        return self.criteria.accepts_idea(entry)
