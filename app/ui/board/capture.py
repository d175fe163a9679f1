"""The capture controller: ideas typed or pasted in the capture bar become notes.

It also owns the bar's place on screen: the phase decides whether it is wanted
(hidden while voting, during actions and breaks), and Ctrl+L shows or hides it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from app.core import limits
from app.core.build_on import first_words
from app.core.techniques.phase_line import phase_groups
from app.core.types import Note, Phase
from app.ui import shortcuts as K
from app.ui.board.controller import BoardController
from app.ui.board.paper_capture import PaperCapture
from app.ui.capture_bar import CaptureBar
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action
from app.ui.timer.phase_timer import capture_wanted


class CaptureController(QObject):
    """Enter adds the note where it can be seen; the bar follows the phase."""

    captured = Signal(str)
    """The id of a note just typed in and added (not pasted lines)."""

    def __init__(
        self,
        document: SessionDocument,
        bar: CaptureBar,
        board: BoardController,
        window: QWidget,
        phase: Phase | None,
    ) -> None:
        super().__init__(bar)
        self.document = document
        self.bar = bar
        self.board = board
        self.toggle_action = make_action(
            self,
            "&Capture bar",
            keys=K.CAPTURE_BAR,
            keys_work_in=window,
            checkable=True,
            checked=capture_wanted(phase),
            on_toggle=self._toggled,
        )
        self.builds_on_action = make_action(
            self,
            "Builds o&n the selected note",
            self.choose_builds_on,
            keys=K.BUILDS_ON,
            keys_work_in=window,
        )
        self.paper = PaperCapture(document, bar, board, parent=self)
        """6-3-5's paper sheets typed up a sheet at a time (in a capture phase only)."""
        self.paper.message.connect(bar.show_message)
        self.prompt_source: Callable[[], str] = lambda: ""
        """The prompt a note typed now answers (a technique sets it: SCAMPER's)."""
        self._spotlit: str | None = None
        """The note last spotlit on the room's view (F8), the choice when none is selected."""
        bar.setVisible(self.toggle_action.isChecked())
        bar.submitted.connect(self.capture)
        bar.lines_pasted.connect(self.capture_lines)
        board.message.connect(self._board_message)
        self._offer_people()
        bar.set_silent(document.is_silent)
        # Bound slots: the document lives on in the workspace after this window closes,
        # and a lambda would keep calling into the closed window's bar.
        document.agenda_changed.connect(self._follow_agenda)
        document.reloaded.connect(self._follow_reload)
        document.notes_removed.connect(self._forget_removed)
        document.notes_changed.connect(self._follow_changes)
        self.paper.refresh()  # the people are in the bar now: the slot's writer can be chosen

    def _offer_people(self) -> None:
        """The people to choose from: in their groups during a 1-2-4-All pair or four."""
        document = self.document
        self.bar.set_people(list(document.people.values()), phase_groups(document.current_phase))

    def _follow_agenda(self) -> None:
        """A silent phase makes new notes face down; a pair or four step names the groups."""
        self.bar.set_silent(self.document.is_silent)
        self._offer_people()

    def _follow_reload(self) -> None:
        """After a reload, the silence and the people as stored."""
        self._follow_agenda()
        self.paper.refresh()

    def follow_phase(self, phase: Phase | None) -> None:
        """A new phase: the bar is there when the phase wants ideas."""
        self.toggle_action.setChecked(capture_wanted(phase))

    def follow_voting(self, showing: bool) -> None:
        """The voting flow hides the bar; the board brings it back if it is wanted."""
        self.bar.setVisible(self.toggle_action.isChecked() and not showing)

    def take_keyboard(self) -> None:
        """Put the keyboard in the bar (when it is shown), ready for the next note."""
        if self.bar.isVisible():
            self.bar.focus_idea()
        else:
            self.board.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def back_from_voting(self) -> None:
        """The facilitator came back to the board: the bar is on screen, with the keyboard.

        Even in the vote phase (which hides the bar): the board is what is shown now.
        """
        self.toggle_action.setChecked(True)
        self.bar.setVisible(True)
        self.bar.focus_idea()

    def _toggled(self, visible: bool) -> None:
        # Ctrl+L always wins: the facilitator can bring the bar back while voting too.
        self.bar.setVisible(visible)
        if visible:
            self.bar.focus_idea()

    # ------------------------------------------------------------------ builds on

    def choose_builds_on(self) -> None:
        """Ctrl+B: the next notes build on the selected note, else the last spotlit one.

        Pressed again on the same note, they build on nothing.
        """
        selected = self.board.scene.selected_note_ids()
        spotlit = self._spotlit if self.document.board.note(self._spotlit or "") else None
        candidate = selected[0] if selected else spotlit
        if candidate is None:
            self.bar.show_message(
                "Select a note on the board (or spotlight one with F8) to build on it."
            )
            return
        if candidate == self.bar.builds_on_id:
            self.set_builds_on(None)
        else:
            self.set_builds_on(candidate)
        self.bar.show_message("")

    def set_builds_on(self, note_id: str | None) -> None:
        """The next notes typed build on ``note_id`` (None: on nothing); the bar says so."""
        note = self.document.board.note(note_id) if note_id is not None else None
        if note is None:
            self.bar.set_builds_on(None)
        else:
            self.bar.set_builds_on(note.id, first_words(note.text))

    def follow_spotlight(self, note_id: str) -> None:
        """A note spotlit on the room's view is what the next notes build on by default."""
        self._spotlit = note_id or None
        if note_id:
            self.set_builds_on(note_id)

    def _forget_removed(self, note_ids: list[str]) -> None:
        if self.bar.builds_on_id in note_ids:
            self.bar.set_builds_on(None)
        if self._spotlit in note_ids:
            self._spotlit = None

    def _follow_changes(self, notes: list[Note]) -> None:
        chosen = self.bar.builds_on_id
        if chosen is not None and any(note.id == chosen for note in notes):
            self.set_builds_on(chosen)  # its words may have changed

    # ------------------------------------------------------------------ capturing

    def capture(self, text: str, author_id: str | None) -> None:
        """Enter in the bar: one note, shown on the board, and the bar ready for the next.

        It builds on the note the bar names, if any (one undo step with the note), and
        carries the prompt it answers (SCAMPER's, during its phase). While 6-3-5's paper
        sheets are typed up, the slot decides the writer and the link.
        """
        try:
            if self.paper.active:
                paper_note = self.paper.capture(text)
                if paper_note is None:
                    self.bar.clear_idea()
                    return
                added = True
            else:
                added = bool(
                    self.board.add_typed_note(
                        text,
                        author_id,
                        builds_on=self.bar.builds_on_id,
                        prompt=self.prompt_source(),
                    )
                )
        except limits.TextError as error:
            self.bar.show_message(f"{error}. Shorten it, or split it into two notes.")
            return
        if added:
            self.bar.clear_idea()
            self.bar.show_message("")
            note_id = next(reversed(self.document.board.notes))
            self.board.show_note(note_id)
            self.captured.emit(note_id)

    def capture_lines(self, text: str, author_id: str | None) -> None:
        """Several pasted lines: one note each."""
        if self.board.add_lines(text, author_id):
            self.board.show_note(next(reversed(self.document.board.notes)))
        self.bar.focus_idea()

    def _board_message(self, text: str) -> None:
        if self.bar.idea_edit.hasFocus():
            self.bar.show_message(text)
