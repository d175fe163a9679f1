"""Edit a goal: its title, why it matters, the metric with baseline and target, its owner."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.due_dates import DueDateError, format_due_date, parse_due_date
from app.core.types import Goal


class NumberError(ValueError):
    """A field that should hold a number holds something else."""


def parse_number(text: str, what: str) -> float | None:
    """The number typed in a field ("14", "8,5", "92.5 %"); ``None`` when it is empty."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise NumberError(f"{what} must be a number, e.g. 14 or 8.5") from None
    if not math.isfinite(value) or abs(value) > 1e15:
        raise NumberError(f"{what} must be a number of at most 15 digits")
    return value


def number_text(value: float | None) -> str:
    """A number as the fields show it: ``14``, ``8.5``, or empty."""
    return "" if value is None else f"{value:g}"


class GoalDialog(QDialog):
    """Asks for a goal's fields; stays open and says why while one is not valid."""

    def __init__(self, goal: Goal, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit the goal")
        self.setMinimumWidth(620)
        self._goal = goal
        self._today = today
        self._result: Goal | None = None
        self.title_edit = QLineEdit(goal.title)
        self.title_edit.setMaxLength(limits.MAX_TITLE)
        self.why_edit = QPlainTextEdit(goal.why)
        self.why_edit.setTabChangesFocus(True)
        self.why_edit.setFixedHeight(70)
        self.why_edit.setPlaceholderText("Why it matters to the organisation")
        self.owner_edit = QLineEdit(goal.owner)
        self.owner_edit.setMaxLength(limits.MAX_NAME)
        self.owner_edit.setPlaceholderText("Who answers for it")
        self.metric_edit = QLineEdit(goal.metric)
        self.metric_edit.setMaxLength(limits.MAX_METRIC)
        self.metric_edit.setPlaceholderText("What is measured, e.g. median first response")
        self.unit_edit = QLineEdit(goal.unit)
        self.unit_edit.setMaxLength(limits.MAX_UNIT)
        self.unit_edit.setPlaceholderText("min, %, days…")
        self.unit_edit.setMaximumWidth(120)
        self.baseline_edit = QLineEdit(number_text(goal.baseline))
        self.baseline_edit.setPlaceholderText("Where it stands")
        self.target_edit = QLineEdit(number_text(goal.target))
        self.target_edit.setPlaceholderText("Where it should be")
        self.target_date_edit = QLineEdit(format_due_date(goal.target_date))
        self.target_date_edit.setPlaceholderText("By when, e.g. 30 Jun 2027")
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorLine")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        metric_row = QHBoxLayout()
        metric_row.addWidget(self.metric_edit, 1)
        metric_row.addWidget(self.unit_edit)
        numbers = QHBoxLayout()
        for label, edit in (("Baseline", self.baseline_edit), ("Target", self.target_edit)):
            caption = QLabel(label)
            caption.setBuddy(edit)
            numbers.addWidget(caption)
            numbers.addWidget(edit, 1)
        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Why", self.why_edit)
        form.addRow("&Owner", self.owner_edit)
        form.addRow("&Metric", metric_row)
        form.addRow("", numbers)
        form.addRow("Target &date", self.target_date_edit)
        metric_label = form.labelForField(metric_row)
        if isinstance(metric_label, QLabel):
            metric_label.setBuddy(self.metric_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        save.setText("Save goal")
        save.setObjectName("Primary")
        for button in self.buttons.buttons():
            button.setIcon(QIcon())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def goal(self) -> Goal:
        """The edited goal (only after the dialog was accepted)."""
        assert self._result is not None
        return self._result

    def _refuse(self, message: str, field: QWidget) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        """Keep a valid goal; otherwise say what is wrong, in the field to fix."""
        title = " ".join(self.title_edit.text().split())
        why = self.why_edit.toPlainText().strip()
        texts: list[tuple[str, str, int, QWidget]] = [
            ("The title", title, limits.MAX_TITLE, self.title_edit),
            ("Why it matters", why, limits.MAX_GOAL, self.why_edit),
            ("The owner", self.owner_edit.text().strip(), limits.MAX_NAME, self.owner_edit),
            ("The metric", self.metric_edit.text().strip(), limits.MAX_METRIC, self.metric_edit),
            ("The unit", self.unit_edit.text().strip(), limits.MAX_UNIT, self.unit_edit),
        ]
        for name, text, longest, field in texts:
            problem = limits.text_problem(
                text, max_length=longest, min_length=1 if field is self.title_edit else 0
            )
            if problem is not None:
                self._refuse(f"{name} {problem}.", field)
                return
        try:
            baseline = parse_number(self.baseline_edit.text(), "The baseline")
        except NumberError as error:
            self._refuse(f"{error}.", self.baseline_edit)
            return
        try:
            target = parse_number(self.target_edit.text(), "The target")
        except NumberError as error:
            self._refuse(f"{error}.", self.target_edit)
            return
        try:
            target_date = parse_due_date(self.target_date_edit.text(), self._today)
        except DueDateError as error:
            self._refuse(f"{error}.", self.target_date_edit)
            return
        self._result = replace(
            self._goal,
            title=title,
            why=why,
            owner=self.owner_edit.text().strip(),
            metric=self.metric_edit.text().strip(),
            unit=self.unit_edit.text().strip(),
            baseline=baseline,
            target=target,
            target_date=target_date,
        )
        super().accept()
