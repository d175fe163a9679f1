"""Record what an experiment showed: a result, what was measured, learned and decided.

Opened from the actions panel, the backlog and the review of last time's experiments.
The keyboard starts on the result; Tab goes through the fields and Enter records.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.goal_report import DECISION_LABELS, RESULT_LABELS
from app.core.types import Decision, Outcome, OutcomeResult

DECISION_HINTS = {
    Decision.ADOPT: "Adopt: the idea it came from becomes adopted.",
    Decision.ITERATE: "Iterate: the idea stays in trying, for another round.",
    Decision.DROP: "Drop: the idea it came from is dropped.",
}


class OutcomeDialog(QDialog):
    """Asks for an :class:`Outcome`; stays open and says why while a field is too long."""

    def __init__(
        self, title: str, outcome: Outcome | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record the outcome")
        self.setMinimumWidth(560)
        self._outcome: Outcome | None = None
        heading = QLabel(title)
        heading.setObjectName("PageTitle")
        heading.setWordWrap(True)
        self.result_combo = QComboBox()
        for result, name in RESULT_LABELS.items():
            self.result_combo.addItem(name, result.value)
        self.measured_edit = QLineEdit()
        self.measured_edit.setMaxLength(limits.MAX_METRIC)
        self.measured_edit.setPlaceholderText("The value you saw, e.g. first response 14 → 9 min")
        self.learning_edit = QPlainTextEdit()
        self.learning_edit.setTabChangesFocus(True)
        self.learning_edit.setFixedHeight(90)
        self.learning_edit.setPlaceholderText("What the team learned")
        self.decision_combo = QComboBox()
        self.decision_combo.addItem("Not decided yet", None)
        for decision, name in DECISION_LABELS.items():
            self.decision_combo.addItem(name, decision.value)
        self.decision_hint = QLabel()
        self.decision_hint.setObjectName("Hint")
        self.decision_hint.setWordWrap(True)
        self.decision_combo.currentIndexChanged.connect(self._show_hint)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorLine")
        self.error_label.hide()

        form = QFormLayout()
        form.addRow("&Result", self.result_combo)
        form.addRow("&Measured", self.measured_edit)
        form.addRow("&Learned", self.learning_edit)
        form.addRow("&Decision", self.decision_combo)
        form.addRow("", self.decision_hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        record = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        record.setText("Record outcome")
        record.setObjectName("Primary")
        record.setDefault(True)
        for button in self.buttons.buttons():
            button.setIcon(QIcon())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        if outcome is not None:
            self.result_combo.setCurrentIndex(self.result_combo.findData(outcome.result.value))
            self.measured_edit.setText(outcome.measured)
            self.learning_edit.setPlainText(outcome.learning)
            chosen = outcome.decision.value if outcome.decision else None
            self.decision_combo.setCurrentIndex(self.decision_combo.findData(chosen))
        self._show_hint()
        self.result_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_hint(self) -> None:
        value = self.decision_combo.currentData()
        decision = Decision(value) if value else None
        self.decision_hint.setText(
            DECISION_HINTS[decision] if decision else "Decide now, or once the numbers are in."
        )

    def outcome(self) -> Outcome:
        """The recorded outcome (only after the dialog was accepted)."""
        assert self._outcome is not None
        return self._outcome

    def accept(self) -> None:
        """Record only text the format allows; otherwise say why and stay open."""
        learning = self.learning_edit.toPlainText().strip()
        for name, text, limit in (
            ("What was measured", self.measured_edit.text().strip(), limits.MAX_METRIC),
            ("What was learned", learning, limits.MAX_ACTION_TEXT),
        ):
            problem = limits.text_problem(text, max_length=limit)
            if problem is not None:
                self.error_label.setText(f"{name} {problem}.")
                self.error_label.show()
                return
        value = self.decision_combo.currentData()
        self._outcome = Outcome(
            result=OutcomeResult(self.result_combo.currentData()),
            measured=self.measured_edit.text().strip(),
            learning=learning,
            decision=Decision(value) if value else None,
            recorded_at=datetime.now(UTC).replace(microsecond=0),
        )
        super().accept()
