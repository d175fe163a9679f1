"""The board scene: follows the session document and reports what gestures meant.

It keeps a map from note id to item and never writes to the database; drags, edits
and renames come out as signals that the board controller turns into undo commands.
What each card says beside its text (author or group, stack, actions, dots) is kept by
:class:`~app.ui.board.card_labels.CardLabels`.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from app.core.board import (
    NOTE_HEIGHT,
    NOTE_WIDTH,
    NoteFilter,
    cluster_frame,
)
from app.core.types import Note
from app.ui import shortcuts as K
from app.ui.board.card_labels import CardLabels
from app.ui.board.cluster_item import TITLE_PIXEL_SIZE, ClusterItem
from app.ui.board.editor import InPlaceEditor
from app.ui.board.links import BuildOnLinks
from app.ui.board.note_item import PADDING, PLAIN_CARD_BELOW, BoardOverview, NoteItem
from app.ui.document import SessionDocument

SCENE_MARGIN = 2000.0

Positions = dict[str, tuple[float, float]]

NUDGE_DIRECTIONS = ((-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0))
"""Left, Right, Up, Down: the order of the nudge keys."""


class BoardScene(QGraphicsScene):
    """Note and cluster items for one session document."""

    notes_dragged = Signal(dict)
    """Notes were dropped somewhere new: ``{note id: (x, y)}``."""
    note_edited = Signal(str, str)
    """In-place editing of a note ended with this text (note id, text)."""
    draft_written = Signal(str, QPointF)
    """A note was written on empty board at this place (text, top-left)."""
    cluster_renamed = Signal(str, str)
    """A cluster's title was edited in place (cluster id, title)."""
    nudged = Signal(float, float)
    """Arrow keys asked to move the selection by this much."""

    def __init__(self, document: SessionDocument) -> None:
        super().__init__()
        self.document = document
        self.note_items: dict[str, NoteItem] = {}
        self.cluster_items: dict[str, ClusterItem] = {}
        self.editor: InPlaceEditor | None = None
        self._filter = NoteFilter()
        self._drag_start: dict[str, QPointF] = {}
        self._detailed = True
        self.overview = BoardOverview(self.note_items)
        self.addItem(self.overview)
        self.links = BuildOnLinks()
        self.addItem(self.links)
        self.labels = CardLabels(document, self.note_items, self)
        """What the cards say beside their text: author or group, stack, actions, dots."""
        self.selectionChanged.connect(self._selection_changed)
        document.notes_added.connect(self._on_notes_added)
        document.notes_changed.connect(self._on_notes_changed)
        document.notes_removed.connect(self._on_notes_removed)
        document.stacks_changed.connect(self.labels.sync_stacks)
        document.clusters_changed.connect(self._sync_clusters)
        document.settings_changed.connect(self.rebuild)
        document.reloaded.connect(self.rebuild)
        document.actions_changed.connect(self.labels.sync_action_labels)
        document.rounds_changed.connect(self.labels.show_dots)
        document.agenda_changed.connect(self.labels.follow_agenda)
        self.rebuild()

    # ------------------------------------------------------------------ following

    def rebuild(self) -> None:
        """Redraw everything from the document."""
        self.close_editor(commit=False)
        for item in [*self.note_items.values(), *self.cluster_items.values()]:
            self.removeItem(item)
        self.note_items.clear()
        self.cluster_items.clear()
        self.labels.clear()
        self._add_items(list(self.document.board.notes.values()))
        self._sync_clusters()

    def set_zoom(self, zoom: float) -> None:
        """Close in, each note paints itself; far out, the overview draws them all.

        Notes keep being selectable and draggable either way; far out, Qt is told they
        have nothing to paint so it does not call into Python for each of them.
        """
        detailed = zoom >= PLAIN_CARD_BELOW
        if detailed != self._detailed:
            self._detailed = detailed
            for item in self.note_items.values():
                item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not detailed)
            self.overview.update()

    def _add_items(self, notes: list[Note]) -> None:
        for item in self.labels.new_items(notes):
            if not self._detailed:
                item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
            self.note_items[item.note_id] = item
            self.addItem(item)
        self._restack()
        self._apply_filter()
        self.labels.sync_action_labels()
        self.labels.sync_stacks([note.id for note in notes])
        self.labels.show_dots()
        self._sync_links()
        self.overview.invalidate()

    def _selection_changed(self) -> None:
        # The scene tells of selection changes while it tears down its items too.
        if shiboken6.isValid(self.overview):
            self.overview.invalidate()

    def _sync_links(self) -> None:
        board = self.document.board
        self.links.sync(board.notes, board.stacked_notes, self.note_items)

    def _draw_links(self) -> None:
        board = self.document.board
        self.links.draw(board.notes, board.stacked_notes, self.note_items)

    def _restack(self) -> None:
        for order, note_id in enumerate(self.document.board.notes):
            item = self.note_items.get(note_id)
            if item is not None:
                item.setZValue(order)
        self._grow_scene()

    def _on_notes_added(self, notes: list[Note]) -> None:
        self._add_items(notes)
        self._update_frames()

    def _on_notes_changed(self, notes: list[Note]) -> None:
        for note in notes:
            item = self.note_items.get(note.id)
            if item is not None:
                self.labels.show_note(item, note)
        self._update_frames()
        self._apply_filter()
        self._grow_scene()
        self._sync_links()
        self.overview.invalidate()

    def _on_notes_removed(self, note_ids: list[str]) -> None:
        for note_id in note_ids:
            item = self.note_items.pop(note_id, None)
            if item is not None:
                self.removeItem(item)
        self.labels.forget(note_ids)
        self._update_frames()
        self._sync_links()
        self.overview.invalidate()

    def _sync_clusters(self) -> None:
        for cluster_id in list(self.cluster_items):
            if cluster_id not in self.document.board.clusters:
                self.removeItem(self.cluster_items.pop(cluster_id))
        for cluster in self.document.board.clusters.values():
            item = self.cluster_items.get(cluster.id)
            if item is None:
                item = ClusterItem(cluster)
                item.drag_moved.connect(self._drag_cluster)
                item.drag_finished.connect(self._finish_cluster_drag)
                self.cluster_items[cluster.id] = item
                self.addItem(item)
            else:
                item.set_cluster(cluster)
        self._update_frames()

    def _update_frames(self) -> None:
        members: dict[str, list[tuple[float, float]]] = {c: [] for c in self.cluster_items}
        for note_id, item in self.note_items.items():
            cluster_id = self.document.board.notes[note_id].cluster_id
            if cluster_id in members:
                members[cluster_id].append((item.pos().x(), item.pos().y()))
        for cluster_id, points in members.items():
            cluster_item = self.cluster_items[cluster_id]
            cluster_item.set_frame(cluster_frame(points, cluster_item.cluster.title))

    def _grow_scene(self) -> None:
        bounds = QRectF()
        for item in self.note_items.values():
            bounds = bounds.united(item.sceneBoundingRect())
        if bounds.isNull():
            bounds = QRectF(0, 0, 1280, 720)
        self.setSceneRect(
            bounds.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
        )

    # ------------------------------------------------------------------ finding

    def set_filter(self, note_filter: NoteFilter) -> int:
        """Dim the notes that do not match; return how many match."""
        self._filter = note_filter
        return self._apply_filter()

    def _apply_filter(self) -> int:
        active = self._filter.is_active
        people = self.document.people
        # A stack matches when any of its notes does: every text in it was said.
        stacked: dict[str, list[Note]] = {}
        if active:
            for member in self.document.board.stacked_notes.values():
                stacked.setdefault(member.merged_into or "", []).append(member)
        matching = 0
        for note_id, item in self.note_items.items():
            hit = self._filter.matches(self.document.board.notes[note_id], people) or any(
                self._filter.matches(member, people) for member in stacked.get(note_id, ())
            )
            matching += hit
            item.set_find_state(dimmed=active and not hit, highlighted=active and hit)
        self.overview.invalidate()
        return matching

    # ------------------------------------------------------------------ selection

    def selected_note_ids(self) -> list[str]:
        """Selected notes, in board order."""
        selected = {item.note_id for item in self.selectedItems() if isinstance(item, NoteItem)}
        return [note_id for note_id in self.document.board.notes if note_id in selected]

    def select_notes(self, note_ids: list[str]) -> None:
        """Select exactly these notes."""
        self.clearSelection()
        for note_id in note_ids:
            item = self.note_items.get(note_id)
            if item is not None:
                item.setSelected(True)

    # ------------------------------------------------------------------ editing in place

    def start_note_edit(self, note_id: str) -> None:
        """Edit a note's text where it is."""
        item = self.note_items[note_id]
        note = self.document.board.notes[note_id]
        if note.hidden:
            return
        editor = self._open_editor(note.text, item.pos() + QPointF(PADDING, PADDING))
        editor.committed.connect(lambda text: self._edited(note_id, text))

    def start_draft(self, at: QPointF) -> None:
        """Write a new note on empty board at ``at`` (its centre)."""
        top_left = at - QPointF(NOTE_WIDTH / 2, NOTE_HEIGHT / 2)
        editor = self._open_editor("", top_left + QPointF(PADDING, PADDING))
        editor.committed.connect(lambda text: self._drafted(text, top_left))

    def start_cluster_rename(self, cluster_id: str) -> None:
        """Edit a cluster's title where it is."""
        item = self.cluster_items[cluster_id]
        editor = self._open_editor(
            item.cluster.title, item.pos() + QPointF(12, 6), TITLE_PIXEL_SIZE, multiline=False
        )
        editor.setTextWidth(max(240.0, item.boundingRect().width() - 28))
        editor.committed.connect(lambda text: self._renamed(cluster_id, text))

    def _open_editor(
        self, text: str, at: QPointF, pixel_size: int = 20, multiline: bool = True
    ) -> InPlaceEditor:
        self.close_editor(commit=True)
        editor = InPlaceEditor(text, NOTE_WIDTH - 2 * PADDING, pixel_size, multiline)
        editor.setPos(at)
        editor.cancelled.connect(lambda: self._drop_editor(editor))
        editor.committed.connect(lambda _text: self._drop_editor(editor))
        self.addItem(editor)
        self.editor = editor
        editor.start()
        return editor

    def close_editor(self, commit: bool) -> None:
        """Finish any in-place editing."""
        if self.editor is not None:
            self.editor.finish(commit)

    def _drop_editor(self, editor: InPlaceEditor) -> None:
        if self.editor is editor:
            self.editor = None
        if editor.scene() is self:
            self.removeItem(editor)
        editor.deleteLater()

    def _edited(self, note_id: str, text: str) -> None:
        self.note_edited.emit(note_id, text)

    def _drafted(self, text: str, top_left: QPointF) -> None:
        self.draft_written.emit(text, top_left)

    def _renamed(self, cluster_id: str, text: str) -> None:
        self.cluster_renamed.emit(cluster_id, text)

    # ------------------------------------------------------------------ gestures

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Double-click: edit a note, rename a cluster, or write a note on empty board."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        position = event.scenePos()
        for item in self.items(position):
            if isinstance(item, InPlaceEditor):
                super().mouseDoubleClickEvent(event)
                return
            if isinstance(item, NoteItem):
                self.start_note_edit(item.note_id)
                return
            if isinstance(item, ClusterItem) and item.title_rect().contains(
                item.mapFromScene(position)
            ):
                self.start_cluster_rename(item.cluster_id)
                return
        self.start_draft(position)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Cards dragged by Qt take their build-on links with them as they move."""
        super().mouseMoveEvent(event)
        if self.links.count and isinstance(self.mouseGrabberItem(), NoteItem):
            self._draw_links()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """A drag of any number of notes ends as one report of where they landed.

        Items are compared with the document, so a move that was already reported
        (a cluster dragged by its title) is not reported twice.
        """
        super().mouseReleaseEvent(event)
        notes = self.document.board.notes
        moved = {
            note_id: (item.pos().x(), item.pos().y())
            for note_id, item in self.note_items.items()
            if (item.pos().x(), item.pos().y()) != (notes[note_id].x, notes[note_id].y)
        }
        if moved:
            self.notes_dragged.emit(moved)

    def put_back_dragged_notes(self) -> None:
        """Notes that were being dragged go back where the document has them."""
        notes = self.document.board.notes
        for note_id, item in self.note_items.items():
            note = notes[note_id]
            if (item.pos().x(), item.pos().y()) != (note.x, note.y):
                item.setPos(note.x, note.y)
        self._draw_links()
        self._update_frames()
        self.overview.invalidate()

    def _drag_cluster(self, cluster_id: str, offset: QPointF) -> None:
        if not self._drag_start:
            self._drag_start = {
                note.id: QPointF(note.x, note.y)
                for note in self.document.board.cluster_members(cluster_id)
            }
        for note_id, start in self._drag_start.items():
            self.note_items[note_id].setPos(start + offset)
        if self.links.count:
            self._draw_links()
        self._update_frames()
        self.overview.invalidate()

    def _finish_cluster_drag(self, _cluster_id: str) -> None:
        moved = {
            note_id: (self.note_items[note_id].pos().x(), self.note_items[note_id].pos().y())
            for note_id, start in self._drag_start.items()
            if self.note_items[note_id].pos() != start
        }
        self._drag_start = {}
        if moved:
            self.notes_dragged.emit(moved)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys nudge the selection by 10 units (with Shift, by 1)."""
        if self.editor is None and self.selected_note_ids():
            for shortcut, step in ((K.NUDGE, 10.0), (K.NUDGE_FINE, 1.0)):
                direction = K.which(shortcut, event)  # the keys are Left, Right, Up, Down
                if direction is not None:
                    dx, dy = NUDGE_DIRECTIONS[direction]
                    self.nudged.emit(dx * step, dy * step)
                    event.accept()
                    return
        super().keyPressEvent(event)
