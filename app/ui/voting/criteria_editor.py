"""A rating round's criteria in the round's set-up: a template, or criteria of one's own."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.rating import ICE, TEMPLATES, RatingTemplate
from app.core.types import Criterion

OWN = "own"
"""The template picker's entry for criteria of the facilitator's own."""
LOWEST_VALUE = -10
HIGHEST_VALUE = 100
"""What a scale's ends may be typed as (the core refuses more than 11 steps)."""


class CriterionRow:
    """One criterion's fields: name, lowest and highest value, lower is better."""

    def __init__(self, criterion: Criterion) -> None:
        self.name = QLineEdit(criterion.name)
        self.name.setMaxLength(limits.MAX_CRITERION_NAME)
        self.name.setPlaceholderText("Name")
        self.low = QSpinBox()
        self.high = QSpinBox()
        for spin in (self.low, self.high):
            spin.setRange(LOWEST_VALUE, HIGHEST_VALUE)
        self.low.setValue(criterion.min)
        self.high.setValue(criterion.max)
        self.lower_better = QCheckBox("lower is better")
        self.lower_better.setChecked(not criterion.higher_is_better)
        self.name.setAccessibleName("Criterion name")
        self.low.setAccessibleName("Lowest value")
        self.high.setAccessibleName("Highest value")

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        """The row's fields, left to right."""
        return (self.name, self.low, self.high, self.lower_better)

    def criterion(self) -> Criterion:
        """The criterion as typed (no id yet)."""
        return Criterion(
            "",
            " ".join(self.name.text().split()),
            self.low.value(),
            self.high.value(),
            not self.lower_better.isChecked(),
        )


class CriteriaEditor(QWidget):
    """Pick NUF, ICE, impact and effort, or type 2 to 5 criteria of one's own."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template_combo = QComboBox()
        for template in TEMPLATES:
            self.template_combo.addItem(template.name, template.key)
        self.template_combo.addItem("Criteria of your own", OWN)
        self.template_combo.setAccessibleName("Criteria")
        self.rows: list[CriterionRow] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        for column, heading in enumerate(("Criterion", "From", "To", "")):
            label = QLabel(heading)
            label.setObjectName("PageSubtitle")
            self._grid.addWidget(label, 0, column)
        self._grid.setColumnStretch(0, 1)
        self.add_button = QPushButton("Add a criterion")
        self.add_button.clicked.connect(self._add_own)
        self.remove_button = QPushButton("Remove the last")
        self.remove_button.clicked.connect(self._remove_last)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.template_combo)
        layout.addLayout(self._grid)
        layout.addLayout(buttons)
        self._filling = False
        self.template_combo.currentIndexChanged.connect(self._template_chosen)
        self.use_template(ICE)

    def use_template(self, template: RatingTemplate) -> None:
        """Fill the rows with a template's criteria (they can still be changed)."""
        self._filling = True
        self.template_combo.setCurrentIndex(self.template_combo.findData(template.key))
        self._set_rows(template.criteria)
        self._filling = False
        self.changed.emit()

    def _template_chosen(self) -> None:
        if self._filling:
            return
        key = self.template_combo.currentData()
        template = next((t for t in TEMPLATES if t.key == key), None)
        if template is not None:
            self.use_template(template)
        else:
            self._update_buttons()
            self.changed.emit()

    def _set_rows(self, criteria: tuple[Criterion, ...]) -> None:
        while self.rows:
            self._drop_row()
        for criterion in criteria:
            self._append(criterion)
        self._update_buttons()

    def _append(self, criterion: Criterion) -> None:
        row = CriterionRow(criterion)
        at = len(self.rows) + 1
        for column, widget in enumerate(row.widgets):
            self._grid.addWidget(widget, at, column)
        row.name.textEdited.connect(self._edited)
        row.low.valueChanged.connect(self._edited)
        row.high.valueChanged.connect(self._edited)
        row.lower_better.toggled.connect(self._edited)
        self.rows.append(row)

    def _drop_row(self) -> None:
        row = self.rows.pop()
        for widget in row.widgets:
            self._grid.removeWidget(widget)
            widget.deleteLater()

    def _edited(self) -> None:
        """A template changed by hand is criteria of one's own."""
        if not self._filling and self.template_combo.currentData() != OWN:
            self._filling = True
            self.template_combo.setCurrentIndex(self.template_combo.findData(OWN))
            self._filling = False
        self.changed.emit()

    def _add_own(self) -> None:
        if len(self.rows) >= limits.MAX_CRITERIA:
            return
        self._append(Criterion("", "", 1, 5, True))
        self._edited()
        self._update_buttons()
        self.rows[-1].name.setFocus()

    def _remove_last(self) -> None:
        if len(self.rows) <= limits.MIN_CRITERIA:
            return
        self._drop_row()
        self._edited()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(len(self.rows) < limits.MAX_CRITERIA)
        self.remove_button.setEnabled(len(self.rows) > limits.MIN_CRITERIA)

    def criteria(self) -> tuple[Criterion, ...]:
        """The criteria as they stand (without ids: see :func:`app.core.rating.fresh_criteria`)."""
        return tuple(row.criterion() for row in self.rows)
