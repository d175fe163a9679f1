"""Editing an agenda: templates, phases added, removed, reordered, renamed, retimed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.agenda import PHASE_KIND_LABELS, AgendaStep, agenda_templates
from app.core.types import Participant, Phase, PhaseKind, PhaseStatus, Technique, TechniqueSettings
from app.ui.dialogs import confirm
from app.ui.timer.agenda_table import (
    KIND,
    KIND_ROLE,
    LOCK,
    MINUTES,
    PHASE_ID_ROLE,
    SETTINGS_ROLE,
    STATUS,
    STATUS_LABELS,
    TECHNIQUE_ROLE,
    TITLE,
    AgendaRow,
    KindDelegate,
    MinutesDelegate,
    TableKeys,
    kind_text,
)


class AgendaEditor(QWidget):
    """A table of phases with a template picker and add/remove/up/down buttons.

    Every cell is an item the keyboard reaches with the arrows (F2 or typing edits it;
    Space ticks a lock), so Tab leaves the table as it leaves any field.
    """

    def __init__(
        self, show_status: bool = False, show_lock: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._statuses: dict[str, PhaseStatus] = {}
        self.people_source: Callable[[], Sequence[Participant]] = lambda: ()
        """The people the techniques' templates are made for (6-3-5's rounds)."""
        self.template_combo = QComboBox()
        self.template_combo.addItem("Start from a template…", None)
        for name, steps in agenda_templates().items():
            total = sum(step.seconds for step in steps) // 60
            self.template_combo.addItem(f"{name} ({len(steps)} phases, {total} min)", name)
        self.template_combo.activated.connect(self._apply_template)
        self._template_index = 0
        self._as_given: list[AgendaRow] = []
        """The rows as a template or the session gave them: anything else was edited."""
        self.template_combo.setAccessibleName("Agenda template")

        self.table = QTableWidget(0, 5 if show_status else 4)
        headers = ["Kind", "Title", "Minutes", "Lock at zero", "Status"]
        self.table.setHorizontalHeaderLabels(headers[: self.table.columnCount()])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        # A technique's phase says its technique there ("Ideate · SCAMPER"), whole.
        self.table.horizontalHeader().setSectionResizeMode(
            KIND, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setMinimumHeight(190)
        self.table.setColumnHidden(LOCK, not show_lock)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; Ctrl+Tab moves inside
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setItemDelegateForColumn(KIND, KindDelegate(self.table))
        self.table.setItemDelegateForColumn(MINUTES, MinutesDelegate(self.table))
        self._keys = TableKeys(self)
        self.table.installEventFilter(self._keys)
        self.table.setAccessibleName("Agenda")
        self.table.setAccessibleDescription(
            "Arrows move between cells, F2 edits, Space ticks a lock, Tab leaves the table"
        )

        buttons = QHBoxLayout()
        self.add_button = QPushButton("A&dd phase")
        self.remove_button = QPushButton("Remo&ve phase")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move do&wn")
        self.add_button.clicked.connect(self._add_blank)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)  # Enter in the dialog is its own default button
            buttons.addWidget(button)
        buttons.addStretch()
        # The template picker has a row of its own, above the phases it fills: beside the
        # buttons a 1024 px screen left it too narrow for "Nominal Group Technique (…)".
        templates = QHBoxLayout()
        template_label = QLabel("Te&mplate")
        template_label.setBuddy(self.template_combo)
        templates.addWidget(template_label)
        templates.addWidget(self.template_combo, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(templates)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.template_combo, self.table)
        QWidget.setTabOrder(self.table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.up_button)
        QWidget.setTabOrder(self.up_button, self.down_button)

    # ------------------------------------------------------------------ rows

    def _add_blank(self) -> None:
        row = self.add_phase(PhaseKind.CUSTOM, "", 5)
        self.table.setCurrentCell(row, TITLE)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_phase(
        self,
        kind: PhaseKind,
        title: str,
        minutes: int,
        lock_at_zero: bool = False,
        phase_id: str | None = None,
        row: int | None = None,
        technique: Technique = Technique.NONE,
        settings: TechniqueSettings | None = None,
    ) -> int:
        """Insert a phase row (at the end by default); return its row.

        A technique's phase keeps its technique and settings through the edit.
        """
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        kind_item = QTableWidgetItem(kind_text(kind, technique))
        kind_item.setData(KIND_ROLE, kind.value)
        kind_item.setData(TECHNIQUE_ROLE, technique.value)
        kind_item.setData(SETTINGS_ROLE, (settings or TechniqueSettings()).text)
        kind_item.setToolTip(kind_item.text())
        self.table.setItem(row, KIND, kind_item)
        title_item = QTableWidgetItem(title)
        title_item.setData(PHASE_ID_ROLE, phase_id)
        self.table.setItem(row, TITLE, title_item)
        duration = QTableWidgetItem()
        duration.setData(
            Qt.ItemDataRole.EditRole, max(1, min(minutes, limits.MAX_PHASE_SECONDS // 60))
        )
        self.table.setItem(row, MINUTES, duration)
        lock = QTableWidgetItem()
        lock.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        lock.setCheckState(Qt.CheckState.Checked if lock_at_zero else Qt.CheckState.Unchecked)
        lock.setToolTip("No new notes once the time is up, until you unlock or move on")
        self.table.setItem(row, LOCK, lock)
        if self.table.columnCount() > STATUS:
            status = self._statuses.get(phase_id or "", PhaseStatus.PENDING)
            status_item = QTableWidgetItem(STATUS_LABELS[status])
            status_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
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
                technique=phase.technique,
                settings=phase.technique_settings,
            )
        self._as_given = self.rows()

    def set_template(self, steps: Sequence[AgendaStep | tuple[PhaseKind, str, int]]) -> None:
        """Replace every row with a template's phases (a technique's with its settings)."""
        self.table.setRowCount(0)
        for step in steps:
            if not isinstance(step, AgendaStep):
                step = AgendaStep(*step)
            self.add_phase(
                step.kind,
                step.title,
                max(1, step.seconds // 60),
                technique=step.technique,
                settings=step.settings,
            )
        self._as_given = self.rows()

    def rows(self) -> list[AgendaRow]:
        """The phases as edited, in order (a blank title becomes the kind's name)."""
        rows: list[AgendaRow] = []
        for row in range(self.table.rowCount()):
            kind_item = self.table.item(row, KIND)
            title_item = self.table.item(row, TITLE)
            minutes_item = self.table.item(row, MINUTES)
            lock_item = self.table.item(row, LOCK)
            assert kind_item and title_item and minutes_item and lock_item
            kind = PhaseKind(kind_item.data(KIND_ROLE))
            title = " ".join(title_item.text().split())
            phase_id = title_item.data(PHASE_ID_ROLE)
            minutes = int(minutes_item.data(Qt.ItemDataRole.EditRole) or 1)
            rows.append(
                AgendaRow(
                    phase_id if isinstance(phase_id, str) else None,
                    kind,
                    title or PHASE_KIND_LABELS[kind],
                    minutes * 60,
                    lock_item.checkState() == Qt.CheckState.Checked,
                    Technique(kind_item.data(TECHNIQUE_ROLE) or Technique.NONE.value),
                    TechniqueSettings(kind_item.data(SETTINGS_ROLE) or "{}"),
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
            technique=moved.technique,
            settings=moved.settings,
        )
        self.table.selectRow(row + step)

    def _apply_template(self, index: int) -> None:
        """Fill the table from the template picked (an arrow on the closed picker too).

        Phases typed or changed by hand are not lost to a stray key: replacing them asks
        first, No being the default, and No puts the picker back.
        """
        name = self.template_combo.itemData(index)
        if not isinstance(name, str):
            return
        if self.rows() != self._as_given and not confirm(
            self,
            "Replace the agenda?",
            f"Replace the phases you edited with the template “{name}”?",
            default_yes=False,
        ):
            self.template_combo.setCurrentIndex(self._template_index)
            return
        self._template_index = index
        self.set_template(agenda_templates(self.people_source())[name])
