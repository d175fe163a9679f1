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
FITTED_COLUMNS = (2, 3, 4, 5, 6, 7)
"""The columns as wide as their widest text (title and goal share the rest)."""

Index = QModelIndex | QPersistentModelIndex


QUERY_ORDER = (2, Qt.SortOrder.DescendingOrder)
"""The order the repository lists sessions in: newest first (then by title)."""


class SessionListModel(QAbstractTableModel):
    """Rows of :class:`SessionSummary`, one per session, each with its strings made once.

    The model sorts itself, over keys made once per row (the proxy above it only
    filters): rows handed over in the query's order (newest first) are not sorted
    again, and a sort never calls back into Python for each comparison.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[_Row] = []
        self._row_of: dict[str, int] = {}
        self._order: tuple[int, Qt.SortOrder] = QUERY_ORDER

    def set_sessions(self, sessions: list[SessionSummary]) -> None:
        """Replace every row; ``sessions`` come in the query's order (newest first)."""
        self.beginResetModel()
        self._rows = [_Row(summary) for summary in sessions]
        if self._order != QUERY_ORDER:
            self._rows.sort(key=self._key(self._order[0]), reverse=self._reversed())
        self._index_rows()
        self.endResetModel()

    def summary(self, row: int) -> SessionSummary:
        """The session shown in ``row``."""
        return self._rows[row].summary

    def update_summary(self, summary: SessionSummary) -> None:
        """One session's line changed (an open session's status or counts)."""
        row = self.row_of(summary.id)
        if row is None or self._rows[row].summary == summary:
            return
        column = self._order[0]
        moved = self._rows[row].keys[column] != (new_row := _Row(summary)).keys[column]
        self._rows[row] = new_row
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        if moved:  # it may belong elsewhere in the order shown
            self._resort()

    def row_of(self, session_id: str) -> int | None:
        """The row showing ``session_id``, if any."""
        return self._row_of.get(session_id)

    def cell_texts(self, column: int) -> set[str]:
        """Every text ``column`` shows (for its width)."""
        return {row.cells[column] for row in self._rows}

    def search_text(self, row: int) -> str:
        """What the search box looks in for ``row``: title, goal and status, casefolded."""
        return self._rows[row].search

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column`` (stable: equal rows keep their order)."""
        if not 0 <= column < len(COLUMNS) or (column, order) == self._order:
            return
        self._order = (column, order)
        self._resort()

    def _resort(self) -> None:
        """Put the rows in the order asked, moving the views' saved places with them."""
        self.layoutAboutToBeChanged.emit()
        old_rows = {id(row): number for number, row in enumerate(self._rows)}
        self._rows.sort(key=self._key(self._order[0]), reverse=self._reversed())
        new_row = [0] * len(self._rows)
        for number, row in enumerate(self._rows):
            new_row[old_rows[id(row)]] = number
        before = self.persistentIndexList()
        after = [self.index(new_row[index.row()], index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self._index_rows()
        self.layoutChanged.emit()

    def _reversed(self) -> bool:
        return self._order[1] == Qt.SortOrder.DescendingOrder

    @staticmethod
    def _key(column: int) -> Any:
        return lambda row: row.keys[column]

    def _index_rows(self) -> None:
        self._row_of = {row.summary.id: number for number, row in enumerate(self._rows)}

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
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == SESSION_ID_ROLE:
            return row.summary.id
        if role == SEARCH_TEXT_ROLE:
            return row.search
        if role == SORT_ROLE:
            return row.keys[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 1):
            return row.cells[0] if column == 0 else row.summary.goal
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4:
            return RIGHT_ALIGNED
        return None


RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _Row:
    """One session's line: its texts, sort keys and search text, made once."""

    __slots__ = ("cells", "keys", "search", "summary")

    def __init__(self, summary: SessionSummary) -> None:
        self.summary = summary
        self.cells = _display(summary)
        self.search = f"{summary.title}\n{summary.goal}\n{summary.status.value}".casefold()
        self.keys = _sort_keys(summary, self.cells)


def _display(summary: SessionSummary) -> tuple[str, ...]:
    return (
        summary.title,
        summary.goal.replace("\n", " "),
        summary.created_at.astimezone().strftime("%d %b %Y") if summary.created_at else "—",
        summary.status.value.capitalize(),
        str(summary.participants),
        str(summary.notes),
        str(summary.vote_rounds),
        str(summary.action_items),
    )


def _sort_keys(summary: SessionSummary, cells: tuple[str, ...]) -> tuple[Any, ...]:
    created = summary.created_at.timestamp() if summary.created_at else 0.0
    return (
        cells[0].casefold(),
        cells[1].casefold(),
        created,
        cells[3].casefold(),
        summary.participants,
        summary.notes,
        summary.vote_rounds,
        summary.action_items,
    )


class SessionFilterModel(QSortFilterProxyModel):
    """Filters sessions by every word of the search box, in title, goal or status.

    Sorting is the list model's own (see :class:`SessionListModel`): the proxy passes
    it on and keeps the model's order.
    """

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the list model itself (the view asks the proxy)."""
        source = self.sourceModel()
        if isinstance(source, SessionListModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def set_search(self, text: str) -> None:
        """Show only sessions matching every word of ``text``."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a session matches the search."""
        if not self._words:
            return True
        source = self.sourceModel()
        if isinstance(source, SessionListModel):
            haystack = source.search_text(source_row)
        else:
            haystack = str(source.index(source_row, 0, source_parent).data(SEARCH_TEXT_ROLE))
        return all(word in haystack for word in self._words)
