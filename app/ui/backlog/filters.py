"""The backlog's filter bar: search, status, person, department, goal and a date range."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.backlog import BacklogFilter
from app.core.due_dates import DueDateError, parse_due_date

ANY = ""
TYPING_PAUSE_MS = 150
"""The search waits for a pause in typing this long: one query for a word, not a letter."""


class BacklogFilters(QWidget):
    """The controls that narrow the backlog; ``changed`` whenever what they describe may have.

    The search box says so after a pause in typing (:data:`TYPING_PAUSE_MS`), or at
    once on Enter. A date the bar cannot read is said under it, in one line, and
    filters nothing.
    """

    changed = Signal()

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self._today = today
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search actions and ideas")
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.person_combo = QComboBox()
        self.department_combo = QComboBox()
        self.goal_combo = QComboBox()
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText("From (e.g. 1 Oct)")
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText("To")
        for edit in (self.from_edit, self.to_edit):
            edit.setMaximumWidth(130)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("ErrorLine")
        self.problem_label.hide()
        self.typing_pause = QTimer(self)
        self.typing_pause.setSingleShot(True)
        self.typing_pause.setInterval(TYPING_PAUSE_MS)
        self.typing_pause.timeout.connect(self.changed)
        self.search_edit.textChanged.connect(self.typing_pause.start)
        self.search_edit.returnPressed.connect(self._now)
        for combo in self._combos():
            combo.currentIndexChanged.connect(self._now)
        self.from_edit.editingFinished.connect(self._now)
        self.to_edit.editingFinished.connect(self._now)

        row = QHBoxLayout()
        # A long goal or name must not squeeze the search field to "S…": each box has
        # a width of its own, and the popup still shows the whole text.
        self.search_edit.setMinimumWidth(150)
        self.from_edit.setMinimumWidth(125)
        self.to_edit.setMinimumWidth(60)
        row.addWidget(self.search_edit, 2)
        for combo, length in (
            (self.status_combo, 8),
            (self.person_combo, 8),
            (self.department_combo, 11),
            (self.goal_combo, 10),
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(length)
        for combo in (self.status_combo, self.person_combo, self.department_combo):
            row.addWidget(combo, 1)
        row.addWidget(self.goal_combo, 2)
        row.addWidget(self.from_edit)
        row.addWidget(self.to_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)

    def _now(self) -> None:
        """A control changed: filter at once (with whatever the search box holds)."""
        self.typing_pause.stop()
        self.changed.emit()

    def _combos(self) -> tuple[QComboBox, ...]:
        return (self.status_combo, self.person_combo, self.department_combo, self.goal_combo)

    def criteria(self, *, overdue_only: bool = False) -> BacklogFilter | None:
        """The filter the controls describe; ``None`` (and a message) for a wrong date."""
        today = self._today()
        try:
            date_from = parse_due_date(self.from_edit.text(), today, past=True)
            date_to = parse_due_date(self.to_edit.text(), today, past=True)
        except DueDateError as error:
            self.problem_label.setText(f"{error}.")
            self.problem_label.show()
            return None
        self.problem_label.hide()
        status = self.status_combo.currentData()
        return BacklogFilter(
            statuses=frozenset({status}) if status else frozenset(),
            owner=self.person_combo.currentData() or "",
            department=self.department_combo.currentData() or "",
            goal=self.goal_combo.currentData() or "",
            date_from=date_from,
            date_to=date_to,
            text=self.search_edit.text().strip(),
            overdue_only=overdue_only,
        )

    def offer(self, people: list[str], departments: list[str], goals: list[str]) -> None:
        """The people, departments and goals to choose from: those the rows have, sorted."""
        _refill(self.person_combo, "Anyone", people)
        _refill(self.department_combo, "Any department", departments)
        _refill(self.goal_combo, "Any goal", goals)

    def offer_statuses(self, labels: Mapping[str, str]) -> None:
        """The statuses of the rows shown (an action's, or an idea's), label by value."""
        _refill(self.status_combo, "Any status", list(labels.values()), list(labels))

    def clear(self) -> None:
        """Every row again: each control back to anything."""
        for combo in self._combos():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for edit in (self.search_edit, self.from_edit, self.to_edit):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self._now()


def _refill(
    combo: QComboBox, anything: str, labels: list[str], values: list[str] | None = None
) -> None:
    """Replace a filter's choices, keeping what was chosen if it is still there."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(anything, ANY)
        for label, value in zip(labels, values or labels, strict=True):
            combo.addItem(label, value)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
    finally:
        combo.blockSignals(False)
