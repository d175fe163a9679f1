"""Editing an agenda: templates, phases added, removed, reordered, renamed, retimed."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.agenda import AGENDA_TEMPLATES, PHASE_KIND_LABELS, has_started
from app.core.types import Phase, PhaseKind, PhaseStatus, new_id

PHASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND, TITLE, MINUTES, LOCK, STATUS = range(5)
STATUS_LABELS = {
    PhaseStatus.PENDING: "",
    PhaseStatus.RUNNING: "Running",
    PhaseStatus.PAUSED: "Paused",
    PhaseStatus.DONE: "Done",
}


@dataclass(frozen=True, slots=True)
class AgendaRow:
    """One phase as the editor shows it; ``phase_id`` is ``None`` for a new one."""

    phase_id: str | None
    kind: PhaseKind
    title: str
    seconds: int
    lock_at_zero: bool = False


class AgendaEditor(QWidget):
    """A table of phases with a template picker and add/remove/up/down buttons."""

    def __init__(
        self, show_status: bool = False, show_lock: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._statuses: dict[str, PhaseStatus] = {}
        self.template_combo = QComboBox()
        self.template_combo.addItem("Start from a template…", None)
        for name, steps in AGENDA_TEMPLATES.items():
            total = sum(seconds for _, _, seconds in steps) // 60
            self.template_combo.addItem(f"{name} ({len(steps)} phases, {total} min)", name)
        self.template_combo.activated.connect(self._apply_template)

        self.table = QTableWidget(0, 5 if show_status else 4)
        headers = ["Kind", "Title", "Minutes", "Lock at zero", "Status"]
        self.table.setHorizontalHeaderLabels(headers[: self.table.columnCount()])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(190)
        self.table.setColumnHidden(LOCK, not show_lock)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add phase")
        self.remove_button = QPushButton("Remove phase")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        self.add_button.clicked.connect(lambda: self.add_phase(PhaseKind.CUSTOM, "", 5))
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.template_combo)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ rows

    def add_phase(
        self,
        kind: PhaseKind,
        title: str,
        minutes: int,
        lock_at_zero: bool = False,
        phase_id: str | None = None,
        row: int | None = None,
    ) -> int:
        """Insert a phase row (at the end by default); return its row."""
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        kinds = QComboBox()
        for option, label in PHASE_KIND_LABELS.items():
            kinds.addItem(label, option.value)
        kinds.setCurrentIndex(kinds.findData(kind.value))
        self.table.setCellWidget(row, KIND, kinds)
        title_item = QTableWidgetItem(title)
        title_item.setData(PHASE_ID_ROLE, phase_id)
        self.table.setItem(row, TITLE, title_item)
        duration = QSpinBox()
        duration.setRange(1, limits.MAX_PHASE_SECONDS // 60)
        duration.setValue(max(1, minutes))
        duration.setSuffix(" min")
        self.table.setCellWidget(row, MINUTES, duration)
        lock = QCheckBox()
        lock.setChecked(lock_at_zero)
        lock.setToolTip("No new notes once the time is up, until you unlock or move on")
        self.table.setCellWidget(row, LOCK, lock)
        if self.table.columnCount() > STATUS:
            status = self._statuses.get(phase_id or "", PhaseStatus.PENDING)
            status_item = QTableWidgetItem(STATUS_LABELS[status])
            status_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, STATUS, status_item)
        return row

    def set_phases(self, phases: tuple[Phase, ...]) -> None:
        """Show an existing agenda (its phases keep their ids)."""
        self._statuses = {phase.id: phase.status for phase in phases}
        self.table.setRowCount(0)
        for phase in phases:
            self.add_phase(
                phase.kind,
                phase.title,
                max(1, round(phase.planned_seconds / 60)),
                phase.lock_at_zero,
                phase.id,
            )

    def set_template(self, steps: tuple[tuple[PhaseKind, str, int], ...]) -> None:
        """Replace every row with a template's phases."""
        self.table.setRowCount(0)
        for kind, title, seconds in steps:
            self.add_phase(kind, title, seconds // 60)

    def rows(self) -> list[AgendaRow]:
        """The phases as edited, in order (a blank title becomes the kind's name)."""
        rows: list[AgendaRow] = []
        for row in range(self.table.rowCount()):
            kinds = self.table.cellWidget(row, KIND)
            duration = self.table.cellWidget(row, MINUTES)
            lock = self.table.cellWidget(row, LOCK)
            title_item = self.table.item(row, TITLE)
            assert isinstance(kinds, QComboBox) and isinstance(duration, QSpinBox)
            assert isinstance(lock, QCheckBox)
            kind = PhaseKind(kinds.currentData())
            title = " ".join((title_item.text() if title_item else "").split())
            phase_id = title_item.data(PHASE_ID_ROLE) if title_item else None
            rows.append(
                AgendaRow(
                    phase_id if isinstance(phase_id, str) else None,
                    kind,
                    title or PHASE_KIND_LABELS[kind],
                    duration.value() * 60,
                    lock.isChecked(),
                )
            )
        return rows

    def selected_row(self) -> int | None:
        """The selected row, if any."""
        rows = {index.row() for index in self.table.selectedIndexes()}
        return min(rows) if rows else None

    def remove_selected(self) -> None:
        """Remove the selected phase (the last one when none is selected)."""
        row = self.selected_row()
        if row is None:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)

    def move_selected(self, step: int) -> None:
        """Move the selected phase up (-1) or down (+1)."""
        row = self.selected_row()
        if row is None or not 0 <= row + step < self.table.rowCount():
            return
        moved = self.rows()[row]
        self.table.removeRow(row)
        self.add_phase(
            moved.kind,
            moved.title,
            moved.seconds // 60,
            moved.lock_at_zero,
            moved.phase_id,
            row=row + step,
        )
        self.table.selectRow(row + step)

    def _apply_template(self, index: int) -> None:
        name = self.template_combo.itemData(index)
        if isinstance(name, str):
            self.set_template(AGENDA_TEMPLATES[name])


def merge_agenda(before: tuple[Phase, ...], rows: list[AgendaRow]) -> tuple[Phase, ...]:
    """The edited agenda: existing phases keep their id, status and time; new ones start."""
    by_id = {phase.id: phase for phase in before}
    merged: list[Phase] = []
    for row in rows:
        old = by_id.get(row.phase_id or "")
        if old is None:
            merged.append(
                Phase(new_id(), row.kind, row.title, row.seconds, lock_at_zero=row.lock_at_zero)
            )
        else:
            merged.append(
                replace(
                    old,
                    kind=row.kind,
                    title=row.title,
                    planned_seconds=row.seconds,
                    lock_at_zero=row.lock_at_zero,
                )
            )
    return tuple(merged)


class AgendaDialog(QDialog):
    """Change a session's agenda before or during the session."""

    def __init__(self, phases: tuple[Phase, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agenda")
        self.setMinimumWidth(760)
        self._before = phases
        self.editor = AgendaEditor(show_status=True)
        self.editor.set_phases(phases)
        note = QLabel(
            "Phases that already ran keep their time. Removing one keeps its notes on the board."
        )
        note.setObjectName("PageSubtitle")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save agenda")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("Primary")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def phases(self) -> tuple[Phase, ...]:
        """The agenda as edited."""
        return merge_agenda(self._before, self.editor.rows())

    def accept(self) -> None:
        """Refuse an empty agenda; confirm before dropping phases that already ran."""
        after = self.phases()
        if not after:
            QMessageBox.warning(self, "Agenda", "An agenda needs at least one phase.")
            return
        kept = {phase.id for phase in after}
        dropped = [p for p in self._before if p.id not in kept and has_started(p)]
        if dropped:
            names = ", ".join(f"“{p.title}”" for p in dropped)
            answer = QMessageBox.question(
                self,
                "Remove phases that ran",
                f"{names} already ran; the minutes will no longer show "
                f"{'it' if len(dropped) == 1 else 'them'}. Remove anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().accept()
