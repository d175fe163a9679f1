"""The table model behind the session library."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

if TYPE_CHECKING:
    from app.core.types import SessionSummary

COLUMNS = ("Title", "Goal", "Date", "Status", "People", "Notes", "Rounds", "Actions")
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class SessionListModel(QAbstractTableModel):
    """Rows of :class:`SessionSummary`, one per session."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[SessionSummary] = []

    def set_sessions(self, sessions: list[SessionSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(sessions)
        self.endResetModel()

    def summary(self, row: int) -> SessionSummary:
        """The session shown in ``row``."""
        return self._rows[row]

    def update_summary(self, summary: SessionSummary) -> None:
        """One session's line changed (an open session's status or counts)."""
        row = self.row_of(summary.id)
        if row is None or self._rows[row] == summary:
            return
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, session_id: str) -> int | None:
        """The row showing ``session_id``, if any."""
        for row, summary in enumerate(self._rows):
            if summary.id == session_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of sessions."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltips, the session id and search text."""
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == SESSION_ID_ROLE:
            return summary.id
        if role == SEARCH_TEXT_ROLE:
            return f"{summary.title}\n{summary.goal}\n{summary.status.value}".casefold()
        if role == SORT_ROLE:
            return _sort_key(summary, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 1):
            return summary.title if column == 0 else summary.goal
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(summary: SessionSummary, column: int) -> str:
    values = (
        summary.title,
        summary.goal.replace("\n", " "),
        summary.created_at.astimezone().strftime("%d %b %Y") if summary.created_at else "—",
        summary.status.value.capitalize(),
        str(summary.participants),
        str(summary.notes),
        str(summary.vote_rounds),
        str(summary.action_items),
    )
    return values[column]


def _sort_key(summary: SessionSummary, column: int) -> Any:
    if column == 2:
        return summary.created_at.timestamp() if summary.created_at else 0.0
    if column >= 4:
        return (
            summary.participants,
            summary.notes,
            summary.vote_rounds,
            summary.action_items,
        )[column - 4]
    return _display(summary, column).casefold()


class SessionFilterModel(QSortFilterProxyModel):
    """Filters sessions by every word of the search box, in title, goal or status."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        """Show only sessions matching every word of ``text``."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a session matches the search."""
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = str(index.data(SEARCH_TEXT_ROLE))
        return all(word in haystack for word in self._words)
