"""The capture controller: ideas typed or pasted in the capture bar become notes.

It also owns the bar's place on screen: the phase decides whether it is wanted
(hidden while voting, during actions and breaks), and Ctrl+L shows or hides it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from app.core import limits
from app.core.types import Phase
from app.ui import shortcuts as K
from app.ui.board.controller import BoardController
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
        bar.setVisible(self.toggle_action.isChecked())
        bar.submitted.connect(self.capture)
        bar.lines_pasted.connect(self.capture_lines)
        board.message.connect(self._board_message)
        bar.set_people(list(document.people.values()))
        bar.set_silent(document.is_silent)
        # Bound slots: the document lives on in the workspace after this window closes,
        # and a lambda would keep calling into the closed window's bar.
        document.agenda_changed.connect(self._follow_agenda)
        document.reloaded.connect(self._follow_reload)

    def _follow_agenda(self) -> None:
        """A silent phase makes new notes face down."""
        self.bar.set_silent(self.document.is_silent)

    def _follow_reload(self) -> None:
        """After a reload, the silence and the people as stored."""
        self._follow_agenda()
        self.bar.set_people(list(self.document.people.values()))

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

    def capture(self, text: str, author_id: str | None) -> None:
        """Enter in the bar: one note, shown on the board, and the bar ready for the next."""
        try:
            added = self.board.add_typed_note(text, author_id)
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
