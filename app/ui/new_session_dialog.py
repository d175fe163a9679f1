"""The dialog that sets a session up: goal, question, people and agenda."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.agenda import DEFAULT_AGENDA, PHASE_KIND_LABELS
from app.core.session_ops import parse_people, validate_new_session
from app.core.types import NewSessionSpec, PhaseKind

PEOPLE_HINT = "One person per line: Name, Department\nMaya Chen, Operations\nJonas Weber, Sales"


class NewSessionDialog(QDialog):
    """Collects a :class:`NewSessionSpec`; stays open and says why while it is not valid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New session")
        self.setMinimumWidth(760)
        self._spec: NewSessionSpec | None = None

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Order to delivery: one day faster")
        self.title_edit.setMaxLength(limits.MAX_TITLE)
        self.goal_edit = QLineEdit()
        self.goal_edit.setPlaceholderText("The big goal this serves, e.g. our mission or a KPI")
        self.question_edit = QLineEdit()
        self.question_edit.setPlaceholderText("How might we …?")
        self.facilitator_edit = QLineEdit()
        self.facilitator_edit.setMaxLength(limits.MAX_NAME)
        self.facilitator_edit.setPlaceholderText("Your name")
        self.people_edit = QPlainTextEdit()
        self.people_edit.setPlaceholderText(PEOPLE_HINT)
        self.people_edit.setTabChangesFocus(True)
        self.people_edit.setFixedHeight(130)
        self.people_summary = QLabel()
        self.people_summary.setObjectName("PageSubtitle")
        self.people_edit.textChanged.connect(self._update_people_summary)

        self.agenda_table = QTableWidget(0, 3)
        self.agenda_table.setHorizontalHeaderLabels(["Kind", "Title", "Minutes"])
        self.agenda_table.verticalHeader().setVisible(False)
        self.agenda_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.agenda_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.agenda_table.setFixedHeight(190)
        for kind, title, seconds in DEFAULT_AGENDA:
            self.add_phase(kind, title, seconds // 60)
        add_phase = QPushButton("Add phase")
        add_phase.clicked.connect(lambda: self.add_phase(PhaseKind.CUSTOM, "", 5))
        remove_phase = QPushButton("Remove phase")
        remove_phase.clicked.connect(self._remove_selected_phase)
        phase_buttons = QHBoxLayout()
        phase_buttons.addWidget(add_phase)
        phase_buttons.addWidget(remove_phase)
        phase_buttons.addStretch()

        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorLine")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Goal", self.goal_edit)
        form.addRow("&Question", self.question_edit)
        form.addRow("&Facilitator", self.facilitator_edit)
        people_box = QVBoxLayout()
        people_box.addWidget(self.people_edit)
        people_box.addWidget(self.people_summary)
        form.addRow("&People", people_box)
        agenda_box = QVBoxLayout()
        agenda_box.addWidget(self.agenda_table)
        agenda_box.addLayout(phase_buttons)
        form.addRow("&Agenda", agenda_box)
        for label_text, buddy in (("&People", self.people_edit), ("&Agenda", self.agenda_table)):
            label = form.labelForField(people_box if buddy is self.people_edit else agenda_box)
            if isinstance(label, QLabel):
                label.setText(label_text)
                label.setBuddy(buddy)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        create = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        create.setText("Create session")
        create.setObjectName("Primary")
        for standard_button in self.buttons.buttons():
            standard_button.setIcon(QIcon())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        heading = QLabel("Set up a session")
        heading.setObjectName("PageTitle")
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._update_people_summary()
        self.title_edit.setFocus()

    def add_phase(self, kind: PhaseKind, title: str, minutes: int) -> None:
        """Append a phase row to the agenda table."""
        row = self.agenda_table.rowCount()
        self.agenda_table.insertRow(row)
        kinds = QComboBox()
        for option, label in PHASE_KIND_LABELS.items():
            kinds.addItem(label, option.value)
        kinds.setCurrentIndex(kinds.findData(kind.value))
        self.agenda_table.setCellWidget(row, 0, kinds)
        self.agenda_table.setItem(row, 1, QTableWidgetItem(title))
        duration = QSpinBox()
        duration.setRange(1, limits.MAX_PHASE_SECONDS // 60)
        duration.setValue(minutes)
        duration.setSuffix(" min")
        self.agenda_table.setCellWidget(row, 2, duration)

    def _remove_selected_phase(self) -> None:
        rows = sorted({index.row() for index in self.agenda_table.selectedIndexes()}, reverse=True)
        if not rows and self.agenda_table.rowCount():
            rows = [self.agenda_table.rowCount() - 1]
        for row in rows:
            self.agenda_table.removeRow(row)

    def _update_people_summary(self) -> None:
        people = parse_people(self.people_edit.toPlainText())
        departments = {department for _, department in people if department}
        if not people:
            self.people_summary.setText("Type or paste the people who take part.")
            return
        self.people_summary.setText(
            f"{len(people)} {'person' if len(people) == 1 else 'people'} from "
            f"{len(departments)} department{'' if len(departments) == 1 else 's'}"
        )

    def current_spec(self) -> NewSessionSpec:
        """What the form says now (not yet validated)."""
        phases: list[tuple[PhaseKind, str, int]] = []
        for row in range(self.agenda_table.rowCount()):
            kinds = self.agenda_table.cellWidget(row, 0)
            duration = self.agenda_table.cellWidget(row, 2)
            title_item = self.agenda_table.item(row, 1)
            assert isinstance(kinds, QComboBox) and isinstance(duration, QSpinBox)
            kind = PhaseKind(kinds.currentData())
            title = title_item.text().strip() if title_item else ""
            phases.append((kind, title or PHASE_KIND_LABELS[kind], duration.value() * 60))
        return NewSessionSpec(
            title=self.title_edit.text(),
            goal=self.goal_edit.text(),
            question=self.question_edit.text(),
            facilitator=self.facilitator_edit.text(),
            participants=tuple(parse_people(self.people_edit.toPlainText())),
            phases=tuple(phases),
        )

    def spec(self) -> NewSessionSpec:
        """The accepted, valid spec (only after the dialog was accepted)."""
        assert self._spec is not None
        return self._spec

    def accept(self) -> None:
        """Accept only a valid form; otherwise say what is wrong and stay open."""
        spec = self.current_spec()
        try:
            validate_new_session(spec)
        except limits.TextError as error:
            self.error_label.setText(f"{error}.")
            self.error_label.show()
            if not spec.title.strip():
                self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._spec = spec
        super().accept()
