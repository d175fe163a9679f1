"""A small chooser of clusters: where Ctrl+J puts the chosen notes.

The clusters are listed as the room reads them (top to bottom, left to right), each
with how many notes it holds; Up and Down choose, Enter puts the notes there.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.format_helpers import counted
from app.core.room_cards import room_groups
from app.ui.document import SessionDocument

NO_CLUSTER_YET = "There is no cluster yet: Ctrl+G groups the chosen notes into a new one."


def cluster_choices(document: SessionDocument) -> list[tuple[str, str]]:
    """Every cluster as (its id, how the list names it), in the board's reading order."""
    clusters = document.board.clusters
    groups = room_groups(list(document.board.notes.values()), list(clusters.values()), {})
    shown = [group.cluster_id for group in groups if group.cluster_id in clusters]
    ordered = [*shown, *(cluster_id for cluster_id in clusters if cluster_id not in shown)]
    sizes = Counter(note.cluster_id for note in document.board.notes.values())
    seen: Counter[str] = Counter()
    choices: list[tuple[str, str]] = []
    for cluster_id in ordered:
        title = clusters[cluster_id].title or "Untitled cluster"
        label = f"{title}  ({counted(sizes[cluster_id], 'note')})"
        seen[label] += 1
        choices.append((cluster_id, label if seen[label] == 1 else f"{label}  #{seen[label]}"))
    return choices


class ClusterChooser(QDialog):
    """The clusters in a list, the first one current: Up/Down choose, Enter puts them there."""

    def __init__(self, choices: list[tuple[str, str]], count: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Put into a cluster")
        self._ids = [cluster_id for cluster_id, _label in choices]
        question = QLabel(f"Put {counted(count, 'note')} into which cluster?")
        self.list = QListWidget()
        self.list.addItems([label for _cluster_id, label in choices])
        self.list.setCurrentRow(0)
        self.list.setAccessibleName("Clusters")
        self.list.itemActivated.connect(lambda _item: self.accept())  # Enter, double-click
        question.setBuddy(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.setFocus()

    def chosen(self) -> str | None:
        """The id of the cluster chosen (``None`` if none is)."""
        row = self.list.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else None


def choose_cluster(parent: QWidget, choices: list[tuple[str, str]], count: int) -> str | None:
    """Ask which cluster ``count`` notes go into; its id, or ``None`` (Esc)."""
    dialog = ClusterChooser(choices, count, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()
