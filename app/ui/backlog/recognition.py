"""Recognition across sessions: ideas contributed and adopted, by department and person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.backlog import Credit, Recognition

HEADERS = ("Ideas", "Adopted")


def _credit_table(first_columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(first_columns) + len(HEADERS))
    table.setHorizontalHeaderLabels([*first_columns, *HEADERS])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class RecognitionView(QWidget):
    """Two tables: departments, then named people (anonymous sessions name nobody)."""

    def __init__(self) -> None:
        super().__init__()
        self.departments = _credit_table(("Department",))
        self.people = _credit_table(("Person", "Department"))
        self.note = QLabel(
            "Counts follow the filters above (except status). People are not named for "
            "sessions whose ideas are anonymous."
        )
        self.note.setObjectName("Hint")
        self.note.setWordWrap(True)
        columns = QHBoxLayout()
        for title, table in (("By department", self.departments), ("By person", self.people)):
            box = QVBoxLayout()
            heading = QLabel(title)
            heading.setObjectName("SectionTitle")
            box.addWidget(heading)
            box.addWidget(table, 1)
            columns.addLayout(box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.note)

    def show_credit(self, credit: Recognition) -> None:
        """Fill both tables."""
        _fill(self.departments, [(c.name,) for c in credit.by_department], credit.by_department)
        _fill(self.people, [(c.name, c.department) for c in credit.by_person], credit.by_person)


def _fill(table: QTableWidget, names: list[tuple[str, ...]], credits: tuple[Credit, ...]) -> None:
    table.setRowCount(len(credits))
    for row, (labels, credit) in enumerate(zip(names, credits, strict=True)):
        cells = [*labels, str(credit.contributed), str(credit.adopted)]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= len(labels):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
