"""The session list: a thousand sessions cost what the visible rows cost; sorting keeps places."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from pytestqt.qtbot import QtBot

from app.core.types import SessionStatus, SessionSummary, new_id
from app.ui.library.model import SORT_ROLE, SessionListModel
from app.ui.library.window import LibraryWindow
from app.ui.settings import AppSettings

START = datetime(2024, 1, 1, 9, tzinfo=UTC)


def summaries(count: int, notes: int = 30) -> list[SessionSummary]:
    """``count`` sessions as the repository lists them: newest first."""
    listed = [
        SessionSummary(
            id=new_id(),
            title=f"Session {number:04d} {'ZYXWVUTSRQ'[number % 10]}",
            goal="Answer customers faster",
            status=SessionStatus.FINISHED,
            created_at=START + timedelta(days=number),
            participants=6,
            notes=notes,
            vote_rounds=1,
            action_items=3,
        )
        for number in range(count)
    ]
    return listed[::-1]


@pytest.fixture
def window(qtbot: QtBot, settings: AppSettings) -> LibraryWindow:
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    with qtbot.waitExposed(library):
        library.show()
    return library


def test_listing_a_thousand_sessions_asks_only_for_the_rows_on_screen(
    qtbot: QtBot, window: LibraryWindow, monkeypatch: pytest.MonkeyPatch
):
    asked: set[int] = set()
    data = SessionListModel.data

    def counted(self: SessionListModel, index: QModelIndex, role: int = 0) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            asked.add(index.row())
        return data(self, index, role)

    monkeypatch.setattr(SessionListModel, "data", counted)
    listed = summaries(1000)
    window.show_sessions(listed)
    table = window.table
    qtbot.waitUntil(lambda: bool(asked))
    table.viewport().repaint()
    assert window.proxy.index(0, 0).data() == listed[0].title  # newest first, as listed
    on_screen = table.rowAt(table.viewport().height() - 1)
    assert on_screen > 0 and max(asked) <= on_screen + 1 < 100


def test_a_header_click_sorts_and_the_selection_stays_on_its_session(
    qtbot: QtBot, window: LibraryWindow
):
    listed = summaries(12)
    window.show_sessions(listed)
    window.select_session(listed[3].id)
    table = window.table
    header = table.horizontalHeader()

    def click(column: int) -> list[str]:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        assert header.sortIndicatorSection() == column
        return [str(window.proxy.index(row, 0).data()) for row in range(len(listed))]

    titles = click(0)
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert titles == sorted((s.title for s in listed), key=str.casefold, reverse=descending)
    assert click(0) == titles[::-1]
    assert window.selected_session_id() == listed[3].id
    assert table.currentIndex().row() == [s.id for s in window_order(window)].index(listed[3].id)
    by_date = click(2)
    newest_first = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert by_date == [s.title for s in (listed if newest_first else listed[::-1])]
    assert window.selected_session_id() == listed[3].id


def window_order(window: LibraryWindow) -> list[SessionSummary]:
    return [window.model.summary(row) for row in range(window.model.rowCount())]


def test_a_count_of_any_size_is_shown_whole(qtbot: QtBot, window: LibraryWindow):
    window.show_sessions(summaries(3, notes=10**24))
    table = window.table
    text = str(window.proxy.index(0, 5).data())
    assert text == str(10**24)
    assert table.columnWidth(5) > table.fontMetrics().horizontalAdvance(text)
    assert table.columnWidth(2) > table.fontMetrics().horizontalAdvance(
        str(window.proxy.index(0, 2).data())
    )
