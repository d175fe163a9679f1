"""Stacks on the board: merge the selected cards, open a stack, suggest clusters."""

from __future__ import annotations

from dataclasses import replace

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.core.cluster_suggestions import SuggestedGroup, loose_notes, suggest_groups
from app.core.format_helpers import counted
from app.core.palette import CLUSTER_COLORS
from app.core.placement import group_positions
from app.core.stacks import MergeRefused, merge
from app.core.types import Cluster, new_id
from app.ui import shortcuts as K
from app.ui.board.commands import GroupCommand, push_board_change
from app.ui.board.controller import BoardController
from app.ui.dialogs import tell
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action, set_available
from app.ui.similar.commands import choose_top, has_moved_on, push_merge, push_take_out
from app.ui.similar.matcher import SimilarNotes
from app.ui.similar.stack_dialog import StackDialog
from app.ui.similar.suggest_dialog import SuggestDialog

MERGE_NEEDS_TWO = "Select two notes or more to merge them into one stack."
OPEN_NEEDS_A_STACK = "Choose one stack (a card with a count) to open it."


class StackController(QObject):
    """The board's stack actions, each change one undo step."""

    message = Signal(str)
    """One line for the status bar."""

    def __init__(
        self, document: SessionDocument, board: BoardController, matcher: SimilarNotes
    ) -> None:
        super().__init__(board)
        self.document = document
        self.board = board
        self.matcher = matcher
        view = board.view
        self.merge_action = make_action(
            view,
            "&Merge into one stack",
            self.merge_selected,
            keys=K.MERGE_NOTES,
            keys_work_in=view,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.open_action = make_action(
            view,
            "&Open the stack…",
            self.open_stack,
            keys=K.OPEN_STACK,
            keys_work_in=view,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        # Asked from anywhere in the window (the Similar ideas panel has a button too).
        self.suggest_action = make_action(
            view,
            "&Suggest clusters…",
            self.suggest_clusters,
            keys=K.SUGGEST_CLUSTERS,
            keys_work_in=view.window(),
        )
        board.scene.selectionChanged.connect(self.update_actions)
        board.keyboard.moved.connect(self.update_actions)
        for signal in (document.notes_added, document.notes_removed, document.stacks_changed):
            signal.connect(self.update_actions)
        self.update_actions()

    def update_actions(self, *_: object) -> None:
        """Merging needs two cards or more; opening needs a card with a stack."""
        if not shiboken6.isValid(self.board.scene):
            return
        chosen = self.board.keyboard.targets()
        set_available(self.merge_action, "" if len(chosen) >= 2 else MERGE_NEEDS_TWO)
        one_stack = len(chosen) == 1 and bool(self.document.board.stack_of(chosen[0]))
        set_available(self.open_action, "" if one_stack else OPEN_NEEDS_A_STACK)

    def _window(self) -> QWidget:
        return self.board.view.window()

    def merge_selected(self) -> None:
        """Stack the selected cards on the first one with dots, else the first chosen."""
        chosen = [n for n in self.board.keyboard.targets() if n in self.document.board.notes]
        if len(chosen) < 2:
            self.message.emit(MERGE_NEEDS_TWO)
            return
        top = choose_top(self.document, chosen)
        others = [n for n in chosen if n != top]
        # Every merge is checked first: all of them are one step, or none is made.
        every_note = {**self.document.board.notes, **self.document.board.stacked_notes}
        for note_id in others:
            try:
                merge(
                    every_note[note_id],
                    every_note[top],
                    every_note,
                    self.document.voting.vote_rounds,
                    {note_id} if has_moved_on(self.document, note_id) else set(),
                )
            except MergeRefused as refused:
                self.message.emit(f"{refused} Nothing was merged.")
                return
        with self.document.steps.gesture(f"Merge {counted(len(chosen), 'note')}"):
            for note_id in others:
                text = push_merge(self.document, note_id, top)
        self.board.scene.select_notes([top])
        self.message.emit(text)

    def open_stack(self) -> None:
        """Show every note of the chosen stack; take one out if asked."""
        chosen = self.board.keyboard.targets()
        if len(chosen) != 1 or not self.document.board.stack_of(chosen[0]):
            self.message.emit(OPEN_NEEDS_A_STACK)
            return
        self.show_stack(chosen[0])

    def show_stack(self, top_id: str) -> None:
        """The stack dialog for one card."""
        top = self.document.board.notes[top_id]
        dialog = StackDialog(
            top,
            self.document.board.stack_of(top_id),
            self.document.people,
            self.document.anonymous_ideas,
            self._window(),
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.taken_out is not None:
            self.message.emit(push_take_out(self.document, dialog.taken_out))
            self.board.scene.select_notes([dialog.taken_out])
            self.board.show_note(dialog.taken_out)

    def suggest_clusters(self) -> None:
        """Propose clusters for the loose notes; make the ones the facilitator keeps."""
        notes = list(self.document.board.notes.values())
        groups = suggest_groups(notes)
        if not groups:
            loose = len(loose_notes(notes))
            tell(
                self._window(),
                "Suggested clusters",
                f"No groups to suggest: the {counted(loose, 'loose note')} share too little."
                if loose
                else "Every note is in a cluster already.",
            )
            return
        dialog = SuggestDialog(groups, self.document.board.notes, self._window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.message.emit("No clusters were made.")
            return
        chosen = dialog.chosen()
        self.make_clusters(chosen)
        self.message.emit(
            f"Made {counted(len(chosen), 'cluster')} from the suggestions. Ctrl+Z undoes them."
        )

    def make_clusters(self, groups: list[SuggestedGroup]) -> None:
        """One cluster per group, all of them one undo step."""
        with self.document.steps.gesture(f"Make {counted(len(groups), 'suggested cluster')}"):
            for group in groups:
                members = [n for n in group.note_ids if n in self.document.board.notes]
                if len(members) < 2:
                    continue
                number = len(self.document.board.clusters) + 1
                color = CLUSTER_COLORS[(number - 1) % len(CLUSTER_COLORS)]
                cluster = Cluster(new_id(), group.title, color)
                places = group_positions(
                    self.document.board.notes,
                    self.document.board.cluster_titles(),
                    members,
                    cluster.title,
                )
                before = [self.document.board.notes[n] for n in members]
                after = [
                    replace(
                        note, cluster_id=cluster.id, x=places[note.id][0], y=places[note.id][1]
                    )
                    for note in before
                ]
                push_board_change(
                    self.document, GroupCommand(self.document, cluster, before, after), after
                )
