"""The voting flow in the session window: start, curtain, ballots, results."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.types import RoundStatus, VoteRound, new_id, utc_now
from app.core.voting import Ballot, department_breakdown, rank, tally
from app.ui.session_document import SessionDocument
from app.ui.voting.ballot import BallotPage
from app.ui.voting.curtain import CurtainPage
from app.ui.voting.results import ResultsPage
from app.ui.voting.round_dialog import RoundDialog


class VotingPage(QStackedWidget):
    """Runs rounds on one shared screen; the board comes back with ``board_requested``."""

    board_requested = Signal()
    matrix_requested = Signal(str)
    """The facilitator wants the impact/effort grid for a closed round (its id)."""

    def __init__(self, document: SessionDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.shown_round_id: str | None = None
        self.start_page = QWidget()
        start = QVBoxLayout(self.start_page)
        heading = QLabel("Dot vote")
        heading.setObjectName("CurtainTitle")
        explain = QLabel(
            "Everyone votes on this laptop in turn, in secret. Set the round up, then pass "
            "the laptop around: each person picks their name, places their dots and presses "
            "Done."
        )
        explain.setObjectName("CurtainSubtitle")
        explain.setWordWrap(True)
        self.new_button = QPushButton("New vote round…")
        self.new_button.setObjectName("Primary")
        self.new_button.clicked.connect(self.new_round)
        back = QPushButton("Back to the board")
        back.clicked.connect(self.board_requested)
        for widget in (heading, explain, self.new_button, back):
            start.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        start.addStretch()
        self.curtain = CurtainPage()
        self.ballot = BallotPage()
        self.results = ResultsPage()
        for page in (self.start_page, self.curtain, self.ballot, self.results):
            self.addWidget(page)

        self.curtain.voter_chosen.connect(self.start_ballot)
        self.curtain.close_button.clicked.connect(self.close_round)
        self.curtain.redo_button.clicked.connect(self.redo_ballot)
        self.curtain.live_button.clicked.connect(self._live_results)
        self.curtain.board_button.clicked.connect(self.board_requested)
        self.ballot.ballot_changed.connect(self._store_ballot)
        self.ballot.done.connect(self._finish_ballot)
        self.results.runoff_requested.connect(self.start_runoff)
        self.results.reopen_requested.connect(self.reopen_round)
        self.results.matrix_requested.connect(
            lambda: self.matrix_requested.emit(self.shown_round_id or "")
        )
        self.results.board_requested.connect(self.board_requested)
        self.results.new_round_requested.connect(self.new_round)
        self.results.board_button.setDefault(False)

    # ------------------------------------------------------------------ pages

    def show_current(self) -> None:
        """The open round's curtain, else the last round's results, else the start."""
        open_round = self.document.open_round()
        if open_round is not None:
            self.show_curtain(open_round)
        elif self.document.vote_rounds:
            self.show_results(self.document.vote_rounds[-1])
        else:
            self.setCurrentWidget(self.start_page)

    def show_curtain(self, vote_round: VoteRound) -> None:
        """Pass the laptop on: nobody's dots are on screen here."""
        self.shown_round_id = vote_round.id
        self.setCurrentWidget(self.curtain)  # first: focus only goes to a visible page
        self.curtain.show_round(vote_round, self.document.round_voters(vote_round))

    def show_results(self, vote_round: VoteRound) -> None:
        """Rank every item of a round (only once closed, for a blind round)."""
        self.shown_round_id = vote_round.id
        items = self.document.round_items(vote_round)
        labels = {item: self.document.item_label(vote_round, item) for item in items}
        ranked = rank(tally(vote_round.dots, items))
        closed = vote_round.status is RoundStatus.CLOSED
        breakdown = (
            None
            if vote_round.anonymous
            else department_breakdown(vote_round.dots, self.document.people, items)
        )
        voters = self.document.round_voters(vote_round)
        turnout = f"{len(vote_round.finished_voter_ids)} of {len(voters)} voted"
        origin = ""
        if vote_round.runoff_of:
            parent = self.document.vote_round(vote_round.runoff_of)
            origin = f"  ·  runoff of “{parent.title}”"
        state = "closed" if closed else "open, live counts"
        self.results.show_results(
            vote_round.title,
            f"{turnout}  ·  {vote_round.dots_per_voter} dots each  ·  {state}{origin}",
            [(entry, labels[entry.item_id]) for entry in ranked],
            breakdown,
            labels,
            closed,
        )
        self.setCurrentWidget(self.results)

    def _live_results(self) -> None:
        vote_round = self._shown()
        if vote_round is not None and not vote_round.blind:
            self.show_results(vote_round)

    def _shown(self) -> VoteRound | None:
        if self.shown_round_id is None:
            return None
        return self.document.vote_round(self.shown_round_id)

    # ------------------------------------------------------------------ a round

    def new_round(self) -> None:
        """Set a round up and open it."""
        if self.document.open_round() is not None:
            QMessageBox.information(
                self, "A round is open", "Close the open round before starting another."
            )
            self.show_current()
            return
        dialog = RoundDialog(self.document, self)
        if dialog.exec() != RoundDialog.DialogCode.Accepted:
            return
        vote_round = dialog.vote_round()
        self.document.add_round(vote_round)
        self.show_curtain(vote_round)

    def start_ballot(self, voter_id: str) -> None:
        """A voter picked their name."""
        vote_round = self._shown()
        if vote_round is None:
            return
        voter = self.document.people[voter_id]
        items = [
            (item, self.document.item_label(vote_round, item))
            for item in self.document.round_items(vote_round)
        ]
        live = None if vote_round.blind else self._live_totals
        self.setCurrentWidget(self.ballot)
        self.ballot.start(vote_round, voter, items, live)

    def _live_totals(self) -> dict[str, int]:
        vote_round = self._shown()
        if vote_round is None:
            return {}
        return tally(vote_round.dots, self.document.round_items(vote_round))

    def _store_ballot(self, voter_id: str, ballot: Ballot) -> None:
        if self.shown_round_id is not None:
            self.document.save_ballot(self.shown_round_id, voter_id, ballot.dots(voter_id))

    def _finish_ballot(self, voter_id: str) -> None:
        vote_round = self._shown()
        if vote_round is None:
            return
        self.document.finish_ballot(vote_round.id, voter_id)
        self.show_curtain(self.document.vote_round(vote_round.id))

    def close_round(self) -> None:
        """Close the round (asking first when people have not voted) and show results."""
        vote_round = self._shown()
        if vote_round is None:
            return
        waiting = [
            p.name
            for p in self.document.round_voters(vote_round)
            if p.id not in vote_round.finished_voter_ids
        ]
        if waiting:
            answer = QMessageBox.question(
                self,
                "Close the round",
                f"{len(waiting)} of them have not voted yet: {', '.join(waiting)}. "
                "Close the round anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        closed = replace(vote_round, status=RoundStatus.CLOSED, closed_at=utc_now())
        self.document.update_round(closed)
        self.show_results(closed)

    def redo_ballot(self) -> None:
        """Let someone who voted vote again (their dots are cleared)."""
        vote_round = self._shown()
        if vote_round is None or not vote_round.finished_voter_ids:
            return
        people = self.document.people
        names = [people[v].name for v in vote_round.finished_voter_ids if v in people]
        name, chosen = QInputDialog.getItem(
            self, "Vote again", "Who votes again? Their dots are cleared.", names, 0, False
        )
        if not chosen:
            return
        voter = next(p for p in people.values() if p.name == name)
        answer = QMessageBox.question(
            self,
            "Vote again",
            f"Clear {voter.name}'s dots so they can vote again?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.document.redo_ballot(vote_round.id, voter.id)
            self.show_curtain(self.document.vote_round(vote_round.id))

    def reopen_round(self) -> None:
        """Reopen a closed round; every dot and ballot is still there."""
        vote_round = self._shown()
        if vote_round is None or vote_round.status is RoundStatus.OPEN:
            return
        if self.document.open_round() is not None:
            QMessageBox.information(self, "A round is open", "Close the open round first.")
            return
        answer = QMessageBox.question(
            self,
            "Reopen the round",
            f"Reopen “{vote_round.title}”? Nothing is lost; people who have not voted can vote.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            reopened = replace(vote_round, status=RoundStatus.OPEN, closed_at=None)
            self.document.update_round(reopened)
            self.show_curtain(reopened)

    def start_runoff(self, item_ids: list[str]) -> None:
        """A new round between tied items: one dot each, same voters and secrecy."""
        vote_round = self._shown()
        if vote_round is None:
            return
        runoff = VoteRound(
            id=new_id(),
            title=f"Runoff: {vote_round.title}"[:200],
            target=vote_round.target,
            dots_per_voter=1,
            max_dots_per_item=1,
            anonymous=vote_round.anonymous,
            blind=vote_round.blind,
            status=RoundStatus.OPEN,
            opened_at=utc_now(),
            voter_ids=vote_round.voter_ids,
            item_ids=tuple(item_ids),
            runoff_of=vote_round.id,
        )
        self.document.add_round(runoff)
        self.show_curtain(runoff)
