"""The agenda table's parts: a phase row, the columns and roles, their editors, the keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QWidget,
)

from app.core import limits
from app.core.agenda import PHASE_KIND_LABELS
from app.core.techniques.catalogue import technique_name
from app.core.types import PhaseKind, PhaseStatus, Technique, TechniqueSettings
from app.ui import shortcuts as K

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
    technique: Technique = Technique.NONE
    settings: TechniqueSettings = field(default_factory=TechniqueSettings)


KIND_ROLE = Qt.ItemDataRole.UserRole + 2
TECHNIQUE_ROLE = Qt.ItemDataRole.UserRole + 3
SETTINGS_ROLE = Qt.ItemDataRole.UserRole + 4


def kind_text(kind: PhaseKind, technique: Technique) -> str:
    """The kind cell: ``"Ideate"``, or ``"Ideate · SCAMPER"`` for a technique's phase."""
    name = technique_name(technique.value)
    return f"{PHASE_KIND_LABELS[kind]} · {name}" if name else PHASE_KIND_LABELS[kind]


class KindDelegate(QStyledItemDelegate):
    """Edits a phase's kind with a list of the kinds (F2, or typing, on the cell)."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        """A combo box of the phase kinds."""
        editor = QComboBox(parent)
        for kind, label in PHASE_KIND_LABELS.items():
            editor.addItem(label, kind.value)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        """Show the cell's kind."""
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(KIND_ROLE))))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Store the chosen kind (its label shown, its value kept)."""
        assert isinstance(editor, QComboBox)
        technique = Technique(index.data(TECHNIQUE_ROLE) or Technique.NONE.value)
        model.setData(index, editor.currentData(), KIND_ROLE)
        model.setData(
            index,
            kind_text(PhaseKind(editor.currentData()), technique),
            Qt.ItemDataRole.DisplayRole,
        )


class MinutesDelegate(QStyledItemDelegate):
    """Edits a phase's minutes with a spin box from 1 to a day."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        """A spin box in minutes."""
        editor = QSpinBox(parent)
        editor.setRange(1, limits.MAX_PHASE_SECONDS // 60)
        editor.setSuffix(" min")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        """Show the cell's minutes."""
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 1))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Store the minutes."""
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class TableKeys(QObject):
    """In the agenda table, Ctrl+Tab moves to the next cell; Tab leaves the table."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Tab and Ctrl+Shift+Tab move between cells."""
        if (
            isinstance(watched, QTableWidget)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and K.which(K.DIALOG_TABLE, event) in (0, 1)  # Ctrl+Tab, Ctrl+Shift+Tab
        ):
            back = K.which(K.DIALOG_TABLE, event) == 1
            columns = watched.columnCount()
            cells = watched.rowCount() * columns
            here = watched.currentRow() * columns + max(0, watched.currentColumn())
            step = -1 if back else 1
            target = (here + step) % max(1, cells)
            while watched.isColumnHidden(target % columns):
                target = (target + step) % max(1, cells)
            watched.setCurrentCell(target // columns, target % columns)
            return True
        return False
