"""The board controller: turns gestures and menu actions into undo commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from app.core import limits
from app.core.board import (
    clean_note_text,
    clusters_after_move,
    split_pasted_lines,
)
from app.core.format_helpers import counted
from app.core.palette import COLOR_NAMES, NOTE_COLORS
from app.core.placement import settle_drop
from app.core.types import Note, Via, new_id
from app.ui import shortcuts as K
from app.ui.board.commands import (
    NUDGE_COMMAND_ID,
    AddNotesCommand,
    DeleteNotesCommand,
    SetAnonymousIdeasCommand,
    UpdateNotesCommand,
    push_board_change,
)
from app.ui.board.keyboard import BoardKeyboard
from app.ui.board.note_item import NoteItem
from app.ui.board.scene import BoardScene
from app.ui.board.view import BoardView
from app.ui.dialogs import confirm
from app.ui.document import SessionDocument
from app.ui.qt_actions import Keys, make_action, set_available, with_mnemonics

PASTE_CONFIRM_ABOVE = 20
DUPLICATE_OFFSET = 30.0
NOTHING_CHOSEN = (
    "No note is chosen: Tab puts the keyboard on a note, Space adds it to the selection."
)
FACE_DOWN = "That note is face down: reveal it (Ctrl+R) first."


def one_note_only(rule: str, count: int) -> str:
    """Why a key that works on one note cannot act on ``count`` of them ("" for one)."""
    if count <= 1:
        return ""
    return f"{rule}; {count} are selected (Space on a note takes it out of the selection)."


class BoardController(QObject):
    """Owns the board's actions; every change it makes is one command on the undo stack."""

    message = Signal(str)
    """One line of feedback for the status bar (a refusal, or what just happened)."""
    make_action_requested = Signal(str)
    """The facilitator asked to make an action from this note (its id)."""

    def __init__(
        self,
        document: SessionDocument,
        scene: BoardScene,
        view: BoardView,
        current_author: Callable[[], str | None],
        is_locked: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(view)
        self._is_locked = is_locked
        self.document = document
        self.scene = scene
        self.view = view
        self._current_author = current_author
        self.keyboard = BoardKeyboard(document, scene, view)
        view.keyboard = self.keyboard
        self.keyboard.edit_requested.connect(scene.start_note_edit)
        self.keyboard.moved.connect(self._update_actions)
        self.context_extras: list[QAction] = []
        """More actions for a note's right-click menu (the arranging ones)."""
        self._build_actions()
        scene.notes_dragged.connect(self.move_notes)
        scene.note_edited.connect(self.edit_note)
        scene.draft_written.connect(self._add_draft)
        scene.nudged.connect(self.nudge)
        scene.selectionChanged.connect(self._update_actions)
        document.notes_added.connect(self._update_actions)
        document.notes_changed.connect(self._update_actions)
        document.notes_removed.connect(self._update_actions)
        for signal in (document.settings_changed, document.reloaded):
            signal.connect(lambda: self.anonymous_action.setChecked(self.document.anonymous_ideas))
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        self._update_actions()

    # ------------------------------------------------------------------ actions

    def _action(
        self,
        text: str,
        handler: Callable[[], object],
        shortcut: K.Shortcut | Keys | None = None,
    ) -> QAction:
        # Keys only while the board has focus: Delete in the capture bar deletes letters.
        return make_action(
            self.view,
            text,
            handler,
            keys=shortcut,
            keys_work_in=self.view,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def _build_actions(self) -> None:
        # F2 only: Enter is the keyboard's (on its note), or the capture bar's.
        self.edit_action = self._action("&Edit text", self.edit_selected, K.EDIT_NOTE.keys[0])
        self.delete_action = self._action("&Delete", self.delete_selected, K.DELETE_NOTES)
        self.duplicate_action = self._action(
            "Dup&licate", self.duplicate_selected, K.DUPLICATE_NOTES
        )
        self.select_all_action = self._action("Select &all notes", self.select_all, K.SELECT_ALL)
        self.paste_action = self._action("&Paste as notes", self.paste_clipboard, K.PASTE_NOTES)
        # Reveal works from anywhere in the window: after typing, the keyboard is in the bar.
        self.reveal_action = make_action(
            self.view,
            "&Reveal all notes",
            self.reveal,
            keys=K.REVEAL,
            keys_work_in=self.view.window(),
        )
        self.make_action_action = self._action("Make an &action", self._make_action, K.MAKE_ACTION)
        names = with_mnemonics([COLOR_NAMES.get(color, color) for color in NOTE_COLORS])
        self.color_actions = [
            self._action(name, partial(self.set_color, color))
            for name, color in zip(names, NOTE_COLORS, strict=True)
        ]
        # The view's own keys (+, -, F, 1) do these; the menu says which.
        view = self.view
        self.zoom_actions = [
            self._action(f"Zoom &in\t{K.ZOOM_IN.label}", view.zoom_in),
            self._action(f"Zoom &out\t{K.ZOOM_OUT.label}", view.zoom_out),
            self._action(f"&Fit everything\t{K.FIT.label}", view.fit_all),
            self._action(f"&100 %\t{K.HUNDRED.label}", view.reset_zoom),
        ]
        self.menu_action = self._action("The note's &menu", self._menu_from_keyboard, K.NOTE_MENU)
        self.anonymous_action = make_action(
            self,
            "&Anonymous ideas (hide who wrote each note)",
            checkable=True,
            checked=self.document.anonymous_ideas,
        )
        self.anonymous_action.triggered.connect(self.set_anonymous)

    def _update_actions(self, *_: object) -> None:
        if not shiboken6.isValid(self.scene):
            return
        selected = self.keyboard.targets()
        nothing = "" if selected else NOTHING_CHOSEN
        for action in (self.delete_action, self.duplicate_action, *self.color_actions):
            set_available(action, nothing)
        one_only = one_note_only("Editing works on one note", len(selected))
        set_available(self.edit_action, nothing or one_only)
        face_down = len(selected) == 1 and self.document.board.notes[selected[0]].hidden
        set_available(
            self.make_action_action,
            nothing
            or one_note_only("An action is made from one note", len(selected))
            or (FACE_DOWN if face_down else ""),
        )
        hidden = self.document.board.hidden_notes()
        set_available(self.reveal_action, "" if hidden else "No note is face down.")

    def _make_action(self) -> None:
        chosen = self.keyboard.targets()
        if len(chosen) == 1:
            self.make_action_requested.emit(chosen[0])

    def _menu_from_keyboard(self) -> None:
        """Menu key or Shift+F10: the right-click menu, on the note the keyboard is on."""
        chosen = self.keyboard.targets()
        item = self.scene.note_items.get(self.keyboard.note_id or "")
        if item is None and chosen:
            item = self.scene.note_items.get(chosen[0])
        if item is None:
            at = self.view.viewport().rect().center()
        else:
            at = self.view.mapFromScene(item.sceneBoundingRect().center())
        self._context_menu(at)

    def _context_menu(self, at: QPoint) -> None:
        item = self.view.itemAt(at)
        if isinstance(item, NoteItem) and not item.isSelected():
            self.scene.select_notes([item.note_id])
        menu = QMenu(self.view)
        menu.addAction(self.edit_action)
        menu.addAction(self.make_action_action)
        menu.addAction(self.duplicate_action)
        colors = menu.addMenu("&Colour")
        for action in self.color_actions:
            colors.addAction(action)
        menu.addSeparator()
        for action in self.context_extras:
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.view.viewport().mapToGlobal(at))

    # ------------------------------------------------------------------ adding

    def add_typed_note(
        self,
        text: str,
        author_id: str | None,
        via: Via = Via.LAPTOP,
        builds_on: str | None = None,
        prompt: str = "",
    ) -> Note | None:
        """Add a note typed in the capture bar (or on a phone); None if nothing was added.

        ``builds_on`` is the note it builds on (one undo step with the note), ``prompt``
        the prompt it answers.
        Raises :class:`~app.core.limits.TextError` for text that cannot be a note.
        """
        cleaned = clean_note_text(text)
        if cleaned is None or self._refuse_when_locked():
            return None
        (note,) = self.document.board.make_notes(
            [cleaned], author_id, via=via, builds_on=builds_on, prompt=prompt
        )
        where = "from a phone" if via is Via.PHONE else ""
        push_board_change(self.document, AddNotesCommand(self.document, [note], where=where))
        return note

    def _refuse_when_locked(self) -> bool:
        if not self._is_locked():
            return False
        self.message.emit(
            "Time is up and the board is locked: unlock it (Ctrl+U) or move to the next phase."
        )
        return True

    def add_lines(self, text: str, author_id: str | None) -> int:
        """Add one note per line of pasted text (asking first above 20); return how many."""
        lines = split_pasted_lines(text)
        if not lines or self._refuse_when_locked():
            return 0
        for number, line in enumerate(lines, start=1):
            try:
                clean_note_text(line)
            except limits.TextError as error:
                self.message.emit(f"Nothing was pasted: line {number}: {error}.")
                return 0
        if len(lines) > PASTE_CONFIRM_ABOVE and not confirm(
            self.view.window(), "Paste many notes", f"Add {len(lines)} notes, one per line?"
        ):
            return 0
        notes = self.document.board.make_notes(lines, author_id)
        push_board_change(self.document, AddNotesCommand(self.document, notes, verb="Paste"))
        self.message.emit(f"Added {counted(len(notes), 'note')}.")
        return len(notes)

    def show_note(self, note_id: str) -> None:
        """Scroll (never zoom) so that a note that was just added can be seen."""
        item = self.scene.note_items.get(note_id)
        if item is not None:
            self.view.ensureVisible(item, 40, 40)

    def set_anonymous(self, anonymous: bool) -> None:
        """Hide or show who wrote each note (one undo step)."""
        if anonymous != self.document.anonymous_ideas:
            self.document.steps.push(SetAnonymousIdeasCommand(self.document, anonymous))

    def paste_clipboard(self) -> None:
        """Paste the clipboard's lines onto the board as notes."""
        self.add_lines(QApplication.clipboard().text(), self._current_author())

    def _add_draft(self, text: str, top_left: QPointF) -> None:
        try:
            cleaned = clean_note_text(text)
        except limits.TextError as error:
            self.message.emit(f"{error}. The note was not added.")
            return
        if cleaned is None or self._refuse_when_locked():
            return
        notes = self.document.board.make_notes(
            [cleaned], self._current_author(), at=(top_left.x(), top_left.y())
        )
        push_board_change(self.document, AddNotesCommand(self.document, notes))

    def duplicate_selected(self) -> None:
        """Copy the selected notes, a little down and to the right."""
        originals = self.document.board.cards(self.keyboard.targets())
        if not originals:
            return
        copies = [
            replace(note, id=new_id(), x=note.x + DUPLICATE_OFFSET, y=note.y + DUPLICATE_OFFSET)
            for note in originals
        ]
        push_board_change(self.document, AddNotesCommand(self.document, copies, verb="Duplicate"))
        self.scene.select_notes([note.id for note in copies])

    # ------------------------------------------------------------------ changing

    def edit_selected(self) -> None:
        """Edit the selected note (or the one the keyboard is on) in place."""
        chosen = self.keyboard.targets()
        if len(chosen) == 1:
            self.scene.start_note_edit(chosen[0])

    def edit_note(self, note_id: str, text: str) -> None:
        """Store edited text (empty text keeps the note as it was)."""
        note = self.document.board.notes.get(note_id)
        if note is None:
            return
        try:
            cleaned = clean_note_text(text)
        except limits.TextError as error:
            self.message.emit(f"{error}. The note was not changed.")
            return
        if cleaned is None:
            self.message.emit("A note can't be empty; it was left as it was.")
            return
        if cleaned != note.text:
            push_board_change(
                self.document,
                UpdateNotesCommand(
                    self.document, [note], [replace(note, text=cleaned)], "Edit note"
                ),
            )

    def set_color(self, color: str) -> None:
        """Give the selected notes another colour."""
        before = self.document.board.cards(self.scene.selected_note_ids())
        after = [replace(note, color=color) for note in before]
        if before and after != before:
            name = COLOR_NAMES.get(color, color).lower()
            push_board_change(
                self.document, UpdateNotesCommand(self.document, before, after, f"Colour {name}")
            )

    def move_notes(self, moved: dict[str, tuple[float, float]]) -> None:
        """A drag ended: one undo step for every note it moved, in or out of clusters."""
        moved = {
            note_id: place
            for note_id, place in moved.items()
            if note_id in self.document.board.notes
        }
        if not moved:
            return
        notes, titles = self.document.board.notes, self.document.board.cluster_titles()
        membership = clusters_after_move(moved, notes, titles)
        # Into a cluster, a note takes the nearest free slot; what it grows onto moves.
        places = settle_drop(notes, titles, moved, membership)
        changed = list(dict.fromkeys([*moved, *places]))
        before = self.document.board.cards(changed)
        after = [
            replace(
                note,
                x=places.get(note.id, moved.get(note.id, (note.x, note.y)))[0],
                y=places.get(note.id, moved.get(note.id, (note.x, note.y)))[1],
                cluster_id=membership.get(note.id, note.cluster_id),
            )
            for note in before
        ]
        count = len(moved)
        push_board_change(
            self.document,
            UpdateNotesCommand(self.document, before, after, f"Move {counted(count, 'note')}"),
            after=after,
        )
        self.scene.put_back_dragged_notes()  # where the document has them now

    def nudge(self, dx: float, dy: float) -> None:
        """Move the selection by a few units (consecutive nudges are one undo step)."""
        before = self.document.board.cards(self.scene.selected_note_ids())
        if not before:
            return
        after = [replace(note, x=note.x + dx, y=note.y + dy) for note in before]
        push_board_change(
            self.document,
            UpdateNotesCommand(self.document, before, after, "Nudge", merge_id=NUDGE_COMMAND_ID),
        )

    def delete_selected(self) -> None:
        """Delete the selected notes (undo brings them back with their dots)."""
        chosen = self.keyboard.targets()
        if chosen:
            push_board_change(
                self.document, DeleteNotesCommand(self.document, chosen), deleted=chosen
            )

    def select_all(self) -> None:
        """Select every note."""
        self.scene.select_notes(list(self.document.board.notes))

    def reveal(self) -> None:
        """Turn every face-down note over at once."""
        before = self.document.board.hidden_notes()
        if before:
            after = [replace(note, hidden=False) for note in before]
            count = len(after)
            push_board_change(
                self.document,
                UpdateNotesCommand(
                    self.document, before, after, f"Reveal {counted(count, 'note')}"
                ),
            )
