"""The voting controller: the Vote menu, and every change of a round as one undo step.

The voting page shows rounds and runs ballots; what it asks for (a new round, a
close, a reopen, a runoff, a vote-again) comes here and becomes a command on the
session's undo stack. A voter's dots stay off that stack (see the voting page).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QInputDialog, QStackedWidget, QWidget

from app.core.format_helpers import people_choices
from app.core.types import Phase, PhaseKind, RoundStatus, VoteRound, new_id, utc_now
from app.ui import shortcuts as K
from app.ui.board.scene import BoardScene
from app.ui.dialogs import confirm, tell
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action
from app.ui.voting.commands import (
    CloseRoundCommand,
    OpenRoundCommand,
    ReopenRoundCommand,
    VoteAgainCommand,
)
from app.ui.voting.matrix import place_top_notes
from app.ui.voting.round_dialog import RoundDialog
from app.ui.voting.voting_page import VotingPage


class VotingController(QObject):
    """Switches between the board and the voting flow, and changes rounds by command."""

    message = Signal(str)
    """One line for the status bar."""
    showing_changed = Signal(bool)
    """The voting flow took the board's place (``True``), or the board came back."""
    keyboard_released = Signal()
    """The board came back while the voting flow had the keyboard: it goes elsewhere."""
    capture_requested = Signal()
    """The facilitator went back to the board from voting: the keyboard goes to the bar."""

    def __init__(
        self,
        document: SessionDocument,
        page: VotingPage,
        pages: QStackedWidget,
        board_page: QWidget,
        scene: BoardScene,
    ) -> None:
        super().__init__(page)
        self.document = document
        self.page = page
        self._pages = pages
        self._board_page = board_page
        self._scene = scene
        window = page.window()
        self.vote_action = make_action(
            self, "&Start or continue voting", self.vote, keys=K.VOTE, keys_work_in=window
        )
        self.new_round_action = make_action(self, "&New vote round…", self.new_round)
        self.matrix_action = make_action(
            self, "&Impact and effort…", lambda: self.place_on_matrix(None)
        )
        self.board_action = make_action(
            self,
            "&Back to the board",
            self.back_to_board,
            keys=K.BACK_TO_BOARD,
            keys_work_in=window,
        )
        page.board_requested.connect(self.back_to_board)
        page.matrix_requested.connect(self.place_on_matrix)
        page.new_round_requested.connect(self.new_round)
        page.close_requested.connect(self.close_round)
        page.reopen_requested.connect(self.reopen_round)
        page.vote_again_requested.connect(self.vote_again)
        page.runoff_requested.connect(self.start_runoff)

    @property
    def actions(self) -> list[QAction]:
        """The Vote menu, in order."""
        return [self.vote_action, self.new_round_action, self.matrix_action, self.board_action]

    @property
    def showing(self) -> bool:
        """Whether the voting flow is on screen instead of the board."""
        return self._pages.currentWidget() is self.page

    # ------------------------------------------------------------------ pages

    def show_voting(self) -> None:
        """Show the voting flow in place of the board."""
        self._scene.close_editor(commit=True)
        self.page.show_current()
        self._pages.setCurrentWidget(self.page)
        self.showing_changed.emit(True)
        self.page.take_keyboard()  # the capture bar it may have been in is hidden now

    def vote(self) -> None:
        """Ctrl+Shift+V: the open round's curtain, or the set-up of a new round."""
        if self.document.voting.open_round() is not None:
            self.show_voting()
        else:
            self.new_round()

    def back_to_board(self) -> None:
        """Ctrl+Shift+B or a *Back to the board* button: the board, and the capture bar ready."""
        if not self.showing:
            self.message.emit("The board is on screen already (Ctrl+Shift+V shows the vote).")
            return
        self.show_board()
        self.capture_requested.emit()

    def show_board(self) -> None:
        """The board in the voting flow's place (a phase that is not the vote)."""
        focus = QApplication.focusWidget()
        had_keyboard = focus is None or focus is self.page or self.page.isAncestorOf(focus)
        self._pages.setCurrentWidget(self._board_page)
        self.showing_changed.emit(False)
        if had_keyboard:
            self.keyboard_released.emit()

    def follow_phase(self, phase: Phase | None) -> None:
        """A vote phase opens the voting flow; leaving it brings the board back."""
        if phase is not None and phase.kind is PhaseKind.VOTE:
            self.show_voting()
        elif self.showing:
            self.show_board()

    def place_on_matrix(self, round_id: str | None) -> None:
        """Put the top notes of a closed round (default: the latest) on the 2×2."""
        message = place_top_notes(self.document, round_id or None, self.page.window())
        if message:
            self.message.emit(message)

    # ------------------------------------------------------------------ rounds

    def new_round(self) -> None:
        """Set a round up and open it (one undo step)."""
        self.show_voting()
        if self.document.voting.open_round() is not None:
            tell(self.page, "A round is open", "Close the open round before starting another.")
            return
        dialog = RoundDialog(self.document, self.page)
        if dialog.exec() != RoundDialog.DialogCode.Accepted:
            return
        self._open(dialog.vote_round())

    def start_runoff(self, round_id: str, item_ids: list[str]) -> None:
        """A new round between tied items: one dot each, same voters and secrecy."""
        if not self.document.voting.has_round(round_id):
            return
        tied = self.document.voting.vote_round(round_id)
        self._open(
            VoteRound(
                id=new_id(),
                title=f"Runoff: {tied.title}"[:200],
                target=tied.target,
                dots_per_voter=1,
                max_dots_per_item=1,
                anonymous=tied.anonymous,
                blind=tied.blind,
                status=RoundStatus.OPEN,
                opened_at=utc_now(),
                voter_ids=tied.voter_ids,
                item_ids=tuple(item_ids),
                runoff_of=tied.id,
            )
        )

    def _open(self, vote_round: VoteRound) -> None:
        # The page follows the round it shows; a new round it is told to show.
        self.document.steps.push(OpenRoundCommand(self.document, vote_round))
        self.page.show_curtain(self.document.voting.vote_round(vote_round.id))

    def close_round(self, round_id: str) -> None:
        """Close a round (asking first when people have not voted); results show."""
        vote_round = self.document.voting.vote_round(round_id)
        if vote_round.status is RoundStatus.CLOSED:
            return
        waiting = [
            person.name
            for person in self.document.voting.round_voters(vote_round)
            if person.id not in vote_round.finished_voter_ids
        ]
        if waiting and not confirm(
            self.page,
            "Close the round",
            f"{len(waiting)} of them have not voted yet: {', '.join(waiting)}. "
            "Close the round anyway? (Undo reopens it.)",
        ):
            return
        self.document.steps.push(CloseRoundCommand(self.document, vote_round))

    def reopen_round(self, round_id: str) -> None:
        """Reopen a closed round; every dot and ballot is still there."""
        vote_round = self.document.voting.vote_round(round_id)
        if vote_round.status is RoundStatus.OPEN:
            return
        if self.document.voting.open_round() is not None:
            tell(self.page, "A round is open", "Close the open round first.")
            return
        if not confirm(
            self.page,
            "Reopen the round",
            f"Reopen “{vote_round.title}”? Nothing is lost; people who have not voted can vote.",
        ):
            return
        self.document.steps.push(ReopenRoundCommand(self.document, vote_round))

    def vote_again(self, round_id: str) -> None:
        """Let someone who voted vote again (their ballot is cleared; undo brings it back)."""
        vote_round = self.document.voting.vote_round(round_id)
        people = self.document.people
        voters = [people[v] for v in vote_round.finished_voter_ids if v in people]
        if not voters:
            return
        choices = people_choices(voters)
        label, chosen = QInputDialog.getItem(
            self.page,
            "Vote again",
            "Who votes again? Their votes are cleared (Undo gives them back).",
            list(choices),
            0,
            False,
        )
        if not chosen or label not in choices:
            return
        voter = people[choices[label]]
        self.document.steps.push(VoteAgainCommand(self.document, vote_round, voter.id, voter.name))
