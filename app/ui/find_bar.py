"""The find bar: words to look for, and one person, department, colour or cluster."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.core.board import NoteFilter
from app.core.format_helpers import counted
from app.core.palette import COLOR_NAMES
from app.ui import shortcuts as K
from app.ui.board.scene import BoardScene
from app.ui.document import SessionDocument

EVERYONE = "All notes"


class FindBar(QWidget):
    """Emits a :class:`NoteFilter` as the facilitator types or picks a filter."""

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Find notes (Ctrl+F)")
        self.search_edit.setToolTip("Find notes by their words (Ctrl+F); Esc clears")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._emit)
        self.search_edit.installEventFilter(self)
        self.filter_combo = QComboBox()
        self.filter_combo.setMinimumWidth(180)
        self.filter_combo.currentIndexChanged.connect(self._emit)
        self.count_label = QLabel()
        self.count_label.setObjectName("PageSubtitle")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit, 1)
        layout.addWidget(self.filter_combo)
        layout.addWidget(self.count_label)

    def follow(self, document: SessionDocument, scene: BoardScene) -> None:
        """Filter ``scene``'s notes, keeping the choices in step with ``document``."""

        def apply(note_filter: NoteFilter) -> None:
            self.show_count(scene.set_filter(note_filter), len(document.board.notes))

        def refresh(*_: object) -> None:
            self.set_choices(document)
            apply(self.current_filter())

        self.filter_changed.connect(apply)
        for signal in (
            document.notes_added,
            document.notes_changed,
            document.notes_removed,
            document.clusters_changed,
            document.settings_changed,
            document.reloaded,
        ):
            signal.connect(refresh)
        refresh()

    def focus_search(self) -> None:
        """Ctrl+F: the keyboard in the search box."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def set_choices(self, document: SessionDocument) -> None:
        """Offer the session's people, departments, colours and clusters as filters."""
        current = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(EVERYONE, None)
        for person in document.people.values():
            self.filter_combo.addItem(f"Person: {person.name}", ("person", person.id))
        departments = dict.fromkeys(p.department for p in document.people.values() if p.department)
        for department in departments:
            self.filter_combo.addItem(f"Department: {department}", ("department", department))
        colors = dict.fromkeys(note.color.upper() for note in document.board.notes.values())
        for color in colors:
            self.filter_combo.addItem(f"Colour: {COLOR_NAMES.get(color, color)}", ("color", color))
        for cluster in document.board.clusters.values():
            title = cluster.title or "Untitled cluster"
            self.filter_combo.addItem(f"Cluster: {title}", ("cluster", cluster.id))
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(current)))
        self.filter_combo.blockSignals(False)

    def current_filter(self) -> NoteFilter:
        """What the bar asks for now."""
        choice = self.filter_combo.currentData()
        kind, value = choice if isinstance(choice, tuple) else (None, None)
        return NoteFilter(
            query=self.search_edit.text(),
            person_id=value if kind == "person" else None,
            department=value if kind == "department" else None,
            color=value if kind == "color" else None,
            cluster_id=value if kind == "cluster" else None,
        )

    def show_count(self, matching: int, total: int) -> None:
        """Say how many notes match (nothing when no filter is on)."""
        active = self.current_filter().is_active
        self.count_label.setText(f"{matching} of {counted(total, 'note')}" if active else "")

    def clear(self) -> None:
        """Show every note again."""
        self.search_edit.clear()
        self.filter_combo.setCurrentIndex(0)

    def eventFilter(self, watched: object, event: object) -> bool:
        """Esc in the search box clears the find."""
        if (
            watched is self.search_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and K.pressed(K.FIND_CLEAR, event)
        ):
            self.clear()
            return True
        return False

    def _emit(self, *_: object) -> None:
        self.filter_changed.emit(self.current_filter())
