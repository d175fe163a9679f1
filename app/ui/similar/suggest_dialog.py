"""Suggested clusters, shown before anything changes: tick the ones to make, rename any."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.cluster_suggestions import SuggestedGroup
from app.core.format_helpers import counted
from app.core.types import Note

_GROUP = Qt.ItemDataRole.UserRole


class SuggestDialog(QDialog):
    """One row per suggested cluster (its notes beneath); Space ticks, F2 renames.

    :meth:`chosen` gives the ticked groups with their titles once accepted.
    """

    def __init__(
        self,
        groups: list[SuggestedGroup],
        notes: dict[str, Note],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggested clusters")
        self.setMinimumSize(620, 460)
        self._groups = groups
        grouped = sum(len(group.note_ids) for group in groups)
        heading = QLabel(
            f"{counted(len(groups), 'group')} suggested for {counted(grouped, 'loose note')}. "
            "Nothing changes until you make them."
        )
        heading.setObjectName("PageTitle")
        heading.setWordWrap(True)
        hint = QLabel("Space ticks or unticks a group · F2 renames it · Enter makes them")
        hint.setObjectName("Hint")
        self.tree = QTreeWidget()
        self.tree.setObjectName("SuggestionTree")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        for index, group in enumerate(groups):
            row = QTreeWidgetItem([group.title])
            row.setFlags(
                row.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
            )
            row.setCheckState(0, Qt.CheckState.Checked)
            row.setData(0, _GROUP, index)
            for note_id in group.note_ids:
                child = QTreeWidgetItem([" ".join(notes[note_id].text.split())])
                child.setFlags(child.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                row.addChild(child)
            self.tree.addTopLevelItem(row)
            row.setExpanded(True)
        rows = self._rows()
        if rows:
            self.tree.setCurrentItem(rows[0])
        self.tree.itemChanged.connect(self._count)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self._count()
        self.tree.setFocus()

    def _rows(self) -> list[QTreeWidgetItem]:
        rows = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [row for row in rows if row is not None]

    def _count(self, *_: object) -> None:
        ticked = sum(1 for row in self._rows() if row.checkState(0) == Qt.CheckState.Checked)
        make = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        make.setText(f"&Make {counted(ticked, 'cluster')}")
        make.setEnabled(ticked > 0)

    def chosen(self) -> list[SuggestedGroup]:
        """The ticked groups, each with the title shown (a blank title keeps the suggestion)."""
        picked = []
        for row in self._rows():
            if row.checkState(0) != Qt.CheckState.Checked:
                continue
            group = self._groups[int(row.data(0, _GROUP))]
            title = " ".join(row.text(0).split())[: limits.MAX_TITLE] or group.title
            picked.append(SuggestedGroup(title, group.note_ids))
        return picked
