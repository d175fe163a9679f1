"""The backlog's tables and the row of status buttons under each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.backlog import ActionEntry, IdeaEntry
from app.ui.backlog.models import EntryTableModel


def entry_table(model: EntryTableModel[ActionEntry] | EntryTableModel[IdeaEntry]) -> QTableView:
    """A read-only table of ``model``'s rows, sorted by the query, columns at fixed widths."""
    widths = [c.width for c in model.columns]
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    # Fixed starting widths: measuring thousands of rows to fit them would stall the page.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for number, width in enumerate(widths):
        if width:
            table.setColumnWidth(number, width)
    return table


def status_buttons(
    labels: dict[str, str], handler: Callable[[str], None]
) -> dict[str, QPushButton]:
    """A button for each status, calling ``handler`` with its value."""
    buttons: dict[str, QPushButton] = {}
    for value, label in labels.items():
        button = QPushButton(label)
        button.setObjectName("StatusButton")
        button.setToolTip(f"Mark the selected rows as {label.lower()}")
        button.clicked.connect(lambda _checked=False, v=value: handler(v))
        buttons[value] = button
    return buttons


def with_buttons(
    table: QTableView, buttons: dict[str, QPushButton], extra: QPushButton | None = None
) -> QWidget:
    """``table`` above a row of its status buttons (and ``extra`` at the right)."""
    page = QWidget()
    row = QHBoxLayout()
    row.addWidget(QLabel("Mark as:"))
    for button in buttons.values():
        row.addWidget(button)
    row.addStretch()
    if extra is not None:
        row.addWidget(extra)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 6, 0, 0)
    layout.addWidget(table, 1)
    layout.addLayout(row)
    return page
