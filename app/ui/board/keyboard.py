"""The board from the keyboard: which note the keyboard is on, and moving it.

Tab and Shift+Tab move a clearly drawn focus from note to note in reading order
(cluster by cluster, as the room reads them, then the loose notes); Space adds that
note to the selection or takes it out; Enter edits it. The focus is not the
selection: the selection is what Delete, Ctrl+G and the arrows act on.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QKeyEvent
from PySide6.QtWidgets import QGraphicsView

from app.core.format_helpers import counted
from app.core.room_cards import room_groups
from app.ui import shortcuts as K
from app.ui.board.scene import BoardScene
from app.ui.document import SessionDocument


class BoardKeyboard(QObject):
    """The keyboard's note on one board."""

    edit_requested = Signal(str)
    """Enter on a note: edit it (its id)."""
    moved = Signal()
    """The keyboard went to another note (or to none)."""

    def __init__(self, document: SessionDocument, scene: BoardScene, view: QGraphicsView) -> None:
        super().__init__(view)
        self.document = document
        self.scene = scene
        self.view = view
        self.note_id: str | None = None
        view.setAccessibleName("Board")
        for signal in (document.notes_removed, document.reloaded):
            signal.connect(self._forget_gone)
        scene.selectionChanged.connect(self._describe)

    def order(self) -> list[str]:
        """The notes in reading order: cluster by cluster, then the loose ones."""
        groups = room_groups(
            list(self.document.board.notes.values()),
            list(self.document.board.clusters.values()),
            {},
        )
        return [card.note_id for group in groups for card in group.cards]

    def move(self, step: int) -> str | None:
        """Tab (1) or Shift+Tab (-1): the keyboard to the next note, shown and scrolled to."""
        order = self.order()
        if not order:
            return None
        if self.note_id in order:
            index = (order.index(self.note_id) + step) % len(order)
        else:
            index = 0 if step > 0 else len(order) - 1
        self.focus(order[index])
        return self.note_id

    def focus(self, note_id: str | None) -> None:
        """Put the keyboard on this note (``None``: on none)."""
        old = self.scene.note_items.get(self.note_id or "")
        if old is not None and shiboken6.isValid(old):
            old.set_keyboard_focus(False)
        self.note_id = note_id
        item = self.scene.note_items.get(note_id or "")
        if item is not None:
            item.set_keyboard_focus(True)
            self.view.ensureVisible(item, 40, 40)
        self._describe()
        self.moved.emit()

    def start(self) -> None:
        """The board got the keyboard: show where it is (the first note, if on none)."""
        if self.note_id not in self.document.board.notes:
            self.move(1)
        else:
            self._describe()

    def handle(self, event: QKeyEvent) -> bool:
        """Space and Enter on the keyboard's note; ``True`` when the key was one of them."""
        if self.note_id not in self.document.board.notes:
            return False
        if K.pressed(K.SELECT_NOTE, event) and not event.isAutoRepeat():
            item = self.scene.note_items[self.note_id or ""]
            item.setSelected(not item.isSelected())
            return True
        if K.pressed(K.EDIT_NOTE, event):  # Enter (F2 is the Edit action's)
            self.edit_requested.emit(self.note_id or "")
            return True
        return False

    def targets(self) -> list[str]:
        """What a key acts on: the selection, or else the note the keyboard is on."""
        selected = self.scene.selected_note_ids()
        if selected:
            return selected
        return [self.note_id] if self.note_id in self.document.board.notes and self.note_id else []

    def _forget_gone(self, *_: object) -> None:
        if self.note_id is not None and self.note_id not in self.document.board.notes:
            self.note_id = None
            self._describe()

    def _describe(self) -> None:
        """What a screen reader says of the board: the note with the keyboard on it."""
        if not shiboken6.isValid(self.view):
            return
        note = self.document.board.notes.get(self.note_id or "")
        if note is None:
            text = (
                f"{counted(len(self.document.board.notes), 'note')}. Tab moves from note to note."
            )
        else:
            order = self.order()
            author = self.document.people.get(note.author_id or "")
            cluster = self.document.board.clusters.get(note.cluster_id or "")
            item = self.scene.note_items.get(note.id)
            parts = [
                f"Note {order.index(note.id) + 1} of {len(order)}",
                "face down" if note.hidden else note.text,
            ]
            if author is not None and not self.document.anonymous_ideas:
                parts.append(f"by {author.name}")
            if cluster is not None:
                parts.append(f"in {cluster.title or 'an untitled cluster'}")
            chosen = item is not None and shiboken6.isValid(item) and item.isSelected()
            parts.append("selected" if chosen else "not selected")
            text = ". ".join(parts)
        self.view.setAccessibleDescription(text)
        QAccessible.updateAccessibility(
            QAccessibleEvent(self.view, QAccessible.Event.DescriptionChanged)
        )
