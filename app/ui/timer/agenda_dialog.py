"""The Agenda dialog: a session's agenda changed before or during the session."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from app.core.agenda import has_started
from app.core.types import Phase, new_id
from app.ui.dialogs import confirm
from app.ui.timer.agenda_editor import AgendaEditor
from app.ui.timer.agenda_table import AgendaRow


def merge_agenda(before: tuple[Phase, ...], rows: list[AgendaRow]) -> tuple[Phase, ...]:
    """The edited agenda: existing phases keep their id, status and time; new ones start."""
    by_id = {phase.id: phase for phase in before}
    merged: list[Phase] = []
    for row in rows:
        old = by_id.get(row.phase_id or "")
        if old is None:
            merged.append(
                Phase(
                    new_id(),
                    row.kind,
                    row.title,
                    row.seconds,
                    lock_at_zero=row.lock_at_zero,
                    technique=row.technique,
                    technique_settings=row.settings,
                )
            )
        else:
            merged.append(
                replace(
                    old,
                    kind=row.kind,
                    title=row.title,
                    planned_seconds=row.seconds,
                    lock_at_zero=row.lock_at_zero,
                    technique=row.technique,
                    technique_settings=(
                        old.technique_settings if row.technique is old.technique else row.settings
                    ),
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
        # The keyboard starts on the phases, as before the template picker moved above them.
        self.editor.table.setFocus(Qt.FocusReason.OtherFocusReason)

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
            if not confirm(
                self,
                "Remove phases that ran",
                f"{names} already ran; the minutes will no longer show "
                f"{'it' if len(dropped) == 1 else 'them'}. Remove anyway? (Undo brings "
                f"{'it' if len(dropped) == 1 else 'them'} back.)",
            ):
                return
        super().accept()
