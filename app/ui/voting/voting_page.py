"""The voting flow in the session window: start, curtain, ballots, results."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.format_helpers import counted
from app.core.goals import goal_line
from app.core.ranking import RankBallot, rank_department_breakdown
from app.core.rating import RatingBallot
from app.core.rating_minutes import controls_text, criterion_heading, rating_table
from app.core.results import final_ranking
from app.core.types import RoundKind, RoundStatus, VoteRound
from app.core.voting import (
    Ballot,
    BallotSection,
    ballot_sections,
    counts_shown,
    department_breakdown,
    own_items,
    shown_order,
    tally,
    voters_who_voted,
)
from app.ui.document import SessionDocument
from app.ui.voting.ballot import BallotPage
from app.ui.voting.curtain import CurtainPage
from app.ui.voting.rank_ballot import RankBallotPage
from app.ui.voting.rating_ballot import RatingBallotPage
from app.ui.voting.results import ResultsPage
from app.ui.voting.turn_page import TurnPage


def round_name(vote_round: VoteRound) -> str:
    """How the results' picker names a round: its title, and what it is now."""
    state = "closed" if vote_round.status is RoundStatus.CLOSED else "open"
    if vote_round.runoff_of is not None:
        return f"{vote_round.title} (runoff, {state})"
    return f"{vote_round.title} ({state})"


class VotingPage(QStackedWidget):
    """Runs rounds on one shared screen; the board comes back with ``board_requested``."""

    board_requested = Signal()
    matrix_requested = Signal(str)
    """The facilitator wants the impact/effort grid for a closed round (its id)."""
    new_round_requested = Signal()
    close_requested = Signal(str)
    """Close this round (its id)."""
    reopen_requested = Signal(str)
    vote_again_requested = Signal(str)
    """Let someone who voted in this round vote again (its id)."""
    runoff_requested = Signal(str, list)
    """A runoff in this round (its id) between these tied items."""
    ballot_shown = Signal(bool)
    """A voter's ballot came on screen (``True``) or left it."""
    results_shown = Signal(str)
    """The results of this round (its id) are on screen; ``""``: no results are."""

    def __init__(self, document: SessionDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.shown_round_id: str | None = None
        self._on_phones: frozenset[str] = frozenset()
        self.start_page = QWidget()
        start = QVBoxLayout(self.start_page)
        heading = QLabel("Vote")
        heading.setObjectName("CurtainTitle")
        explain = QLabel(
            "Everyone votes on this laptop in turn, in secret: with dots, by rating the "
            "items on a few criteria, or by ranking their top few. Set the round up, then "
            "pass the laptop around: each person picks their name, votes and presses Done."
        )
        explain.setObjectName("CurtainSubtitle")
        explain.setWordWrap(True)
        explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_button = QPushButton("New vote round…")
        self.new_button.setObjectName("Primary")
        self.new_button.clicked.connect(self.new_round_requested)
        back = QPushButton("Back to the board")
        back.clicked.connect(self.board_requested)
        for button in (self.new_button, back):
            button.setAutoDefault(True)  # Enter presses the button with the keyboard on it
        # The explanation takes the page's width (centred text): a wrapped label placed
        # with a centring alignment gets the height of one line and shows a third of it.
        start.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        start.addWidget(explain)
        for widget in (self.new_button, back):
            start.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        start.addStretch()
        self.curtain = CurtainPage()
        self.ballot = BallotPage()
        self.rating_ballot = RatingBallotPage()
        self.rank_ballot = RankBallotPage()
        self.results = ResultsPage()
        for page in (
            self.start_page,
            self.curtain,
            self.ballot,
            self.rating_ballot,
            self.rank_ballot,
            self.results,
        ):
            self.addWidget(page)

        self.curtain.voter_chosen.connect(self.start_ballot)
        self.curtain.close_button.clicked.connect(self._shown_round_signal(self.close_requested))
        self.curtain.redo_button.clicked.connect(
            self._shown_round_signal(self.vote_again_requested)
        )
        self.curtain.live_button.clicked.connect(self._live_results)
        self.curtain.board_button.clicked.connect(self.board_requested)
        self.ballot.ballot_changed.connect(self._store_ballot)
        self.ballot.done.connect(self._finish_ballot)
        self.rating_ballot.ballot_changed.connect(self._store_ratings)
        self.rating_ballot.done.connect(self._finish_ballot)
        self.rank_ballot.ballot_changed.connect(self._store_ranks)
        self.rank_ballot.done.connect(self._finish_ballot)
        self.results.round_chosen.connect(
            lambda round_id: self.show_results(self.document.voting.vote_round(round_id))
        )
        self.results.runoff_requested.connect(
            lambda items: self.runoff_requested.emit(self.shown_round_id or "", items)
        )
        self.results.reopen_requested.connect(self._shown_round_signal(self.reopen_requested))
        self.results.matrix_requested.connect(
            lambda: self.matrix_requested.emit(self.shown_round_id or "")
        )
        self.results.board_requested.connect(self.board_requested)
        self.results.new_round_requested.connect(self.new_round_requested)
        self.results.board_button.setDefault(False)
        self.currentChanged.connect(lambda _index: self.ballot_shown.emit(self.ballot_open))
        self.currentChanged.connect(lambda _index: self._tell_results())
        document.rounds_changed.connect(self._follow_rounds)
        document.goal_changed.connect(
            lambda: self.curtain.show_goal(goal_line(self.document.session))
        )

    def _shown_round_signal(self, signal: SignalInstance) -> Callable[[], None]:
        """A slot that sends ``signal`` with the id of the round on screen."""

        def send() -> None:
            if self.shown_round_id is not None:
                signal.emit(self.shown_round_id)

        return send

    # ------------------------------------------------------------------ pages

    def take_keyboard(self) -> None:
        """The keyboard to the page on screen: a name, the first action, or New vote round.

        A ballot keeps the keyboard it has: it is a voter's turn.
        """
        page = self.currentWidget()
        if page is self.curtain:
            self.curtain.take_keyboard()
        elif page is self.results:
            self.results.focus_first_action()
        elif page is self.start_page:
            self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_current(self) -> None:
        """The open round's curtain, else the last round's results, else the start."""
        open_round = self.document.voting.open_round()
        if open_round is not None:
            self.show_curtain(open_round)
        elif self.document.voting.vote_rounds:
            self.show_results(self.document.voting.vote_rounds[-1])
        else:
            self.setCurrentWidget(self.start_page)

    def show_curtain(self, vote_round: VoteRound) -> None:
        """Pass the laptop on: nobody's dots are on screen here."""
        self.shown_round_id = vote_round.id
        self.setCurrentWidget(self.curtain)  # first: focus only goes to a visible page
        self.curtain.show_round(
            vote_round, self.document.voting.round_voters(vote_round), self._on_phones
        )
        self.curtain.show_goal(goal_line(self.document.session))

    def show_results(self, vote_round: VoteRound) -> None:
        """Rank every item of a round; a blind round still open shows its curtain instead.

        (The round picker lists every round: a blind one shows no count until it closes,
        see :func:`app.core.voting.counts_shown`.) Arriving from another page with the
        keyboard in the voting flow (Enter on *Close the round*), the keyboard starts on
        the page's first action; so it does when the button it was on went with the
        round's last results.
        """
        if not counts_shown(vote_round):
            self.show_curtain(vote_round)
            return
        focus = QApplication.focusWidget()
        keyboard_here = focus is None or self.isAncestorOf(focus)
        arriving = self.currentWidget() is not self.results
        self.shown_round_id = vote_round.id
        items = self.document.voting.round_items(vote_round)
        labels = {item: self.document.voting.item_label(vote_round, item) for item in items}
        rounds = self.document.voting.vote_rounds
        closed = vote_round.status is RoundStatus.CLOSED
        voters = self.document.voting.round_voters(vote_round)
        turnout = f"{len(voters_who_voted(vote_round))} of {len(voters)} voted"
        origin = ""
        if vote_round.runoff_of and self.document.voting.has_round(vote_round.runoff_of):
            parent = self.document.voting.vote_round(vote_round.runoff_of)
            origin = f"  ·  runoff of “{parent.title}”"
        state = "closed" if closed else "open, live counts"
        controls = controls_text(vote_round)
        picker = [(r.id, round_name(r)) for r in rounds]
        if vote_round.kind is RoundKind.RATING:
            table = rating_table(vote_round, items, labels.__getitem__, self.document.people)
            scales = ", ".join(criterion_heading(c) for c in vote_round.criteria)
            self.results.show_rating(
                vote_round.title,
                f"{turnout}  ·  rated on {scales}  ·  {state}\n{controls}",
                table,
                closed,
                rounds=picker,
                shown_id=vote_round.id,
            )
        else:
            self._show_ranking(
                vote_round, items, labels, f"{turnout}  ·  ", f"  ·  {state}{origin}"
            )
        self.setCurrentWidget(self.results)
        if keyboard_here and (arriving or QApplication.focusWidget() is not focus):
            self.results.focus_first_action()
        self._tell_results()  # another round on the same page changes no page

    def _show_ranking(
        self,
        vote_round: VoteRound,
        items: list[str],
        labels: dict[str, str],
        before: str,
        after: str,
    ) -> None:
        """A dot or rank round's results: its items by dots (points), ties and runoffs."""
        rounds = self.document.voting.vote_rounds
        ranked = final_ranking(vote_round, rounds, items)
        people = self.document.people
        if vote_round.kind is RoundKind.RANK:
            unit = "point"
            size = vote_round.rank_size or 0
            rules = f"top {size} ranked, {size} points to 1"
            breakdown = rank_department_breakdown(vote_round, people, items)
        else:
            unit = "dot"
            rules = f"{counted(vote_round.dots_per_voter, 'dot')} each"
            breakdown = (
                None
                if vote_round.anonymous
                else department_breakdown(vote_round.dots, people, items)
            )
        runoffs = {entry.settled_by for entry in ranked if entry.settled_by}
        settled = ""
        if runoffs:
            names = ", ".join(f"“{self.document.voting.vote_round(r).title}”" for r in runoffs)
            settled = f"Final ranking: ties ordered by {names}; the {unit}s are this round's own."
        self.results.show_results(
            vote_round.title,
            f"{before}{rules}{after}\n{controls_text(vote_round)}",
            [(entry, labels[entry.item_id]) for entry in ranked],
            breakdown,
            labels,
            vote_round.status is RoundStatus.CLOSED,
            rounds=[(r.id, round_name(r)) for r in rounds],
            shown_id=vote_round.id,
            settled=settled,
            unit=unit,
        )

    def _tell_results(self) -> None:
        """Say which round's results are on screen (the room's view follows)."""
        on_screen = self.isVisible() and self.currentWidget() is self.results
        self.results_shown.emit(self.shown_round_id or "" if on_screen else "")

    def showEvent(self, event: QShowEvent) -> None:
        """Back from the board: the room's view shows the results on screen again."""
        super().showEvent(event)
        self._tell_results()

    def hideEvent(self, event: QHideEvent) -> None:
        """The board is back: the room's view shows the board."""
        super().hideEvent(event)
        self._tell_results()

    def _live_results(self) -> None:
        vote_round = self._shown()
        if vote_round is not None and counts_shown(vote_round):
            self.show_results(vote_round)

    def _shown(self) -> VoteRound | None:
        if self.shown_round_id is None:
            return None
        return self.document.voting.vote_round(self.shown_round_id)

    # ------------------------------------------------------------------ a ballot

    def start_ballot(self, voter_id: str) -> None:
        """A voter picked their name: the ballot of the round's kind.

        With ``shuffle`` on the voter sees the items in their own order (the same again
        when the ballot is reopened); with ``no_self_votes`` their own ideas are refused.
        """
        vote_round = self._shown()
        if vote_round is None:
            return
        voter = self.document.people[voter_id]
        round_items = self.document.voting.round_items(vote_round)
        notes = list(self.document.board.notes.values())
        clusters = list(self.document.board.clusters.values())
        own = own_items(vote_round, voter_id, notes, clusters)
        shown = shown_order(vote_round, voter_id, round_items)
        items = [(item, self.document.voting.item_label(vote_round, item)) for item in shown]
        if vote_round.kind is RoundKind.RATING:
            self.setCurrentWidget(self.rating_ballot)
            self.rating_ballot.start(vote_round, voter, items, own)
            return
        if vote_round.kind is RoundKind.RANK:
            self.setCurrentWidget(self.rank_ballot)
            self.rank_ballot.start(vote_round, voter, items, own)
            return
        # Dots: cluster by cluster as on the board, unless each voter has an order of their own.
        sections = (
            [BallotSection("", "", tuple(shown))]
            if vote_round.shuffle
            else ballot_sections(round_items, vote_round.target, notes, clusters)
        )
        live = self._live_totals if counts_shown(vote_round) else None
        self.setCurrentWidget(self.ballot)
        self.ballot.start(vote_round, voter, items, live, sections, own=own)

    def _live_totals(self) -> dict[str, int]:
        vote_round = self._shown()
        if vote_round is None:
            return {}
        return tally(vote_round.dots, self.document.voting.round_items(vote_round))

    # A ballot is stored dot by dot, straight through the document and never on the
    # session's undo stack: the next person at the laptop must not be able to take
    # back (or even see, through the Edit menu) what the last voter chose. The ballot
    # page keeps the voter's own undo for the length of their turn.

    def _store_ballot(self, voter_id: str, ballot: Ballot) -> None:
        if self.shown_round_id is not None:
            self.document.voting.save_ballot(self.shown_round_id, voter_id, ballot.dots(voter_id))

    def _store_ratings(self, voter_id: str, ballot: RatingBallot) -> None:
        if self.shown_round_id is not None:
            self.document.voting.save_ratings(
                self.shown_round_id, voter_id, ballot.ratings(voter_id)
            )

    def _store_ranks(self, voter_id: str, ballot: RankBallot) -> None:
        if self.shown_round_id is not None:
            self.document.voting.save_ranks(self.shown_round_id, voter_id, ballot.ranks(voter_id))

    def _finish_ballot(self, voter_id: str) -> None:
        vote_round = self._shown()
        if vote_round is None:
            return
        self.document.voting.finish_ballot(vote_round.id, voter_id)
        self.show_curtain(self.document.voting.vote_round(vote_round.id))

    @property
    def ballot_open(self) -> bool:
        """Whether a voter's ballot (dots, rating or rank) is on screen."""
        return self.currentWidget() in (self.ballot, self.rating_ballot, self.rank_ballot)

    def voter_on_laptop(self) -> str | None:
        """The person whose ballot is on the laptop's screen now, if any."""
        page = self.currentWidget()
        if not self.ballot_open or not isinstance(page, BallotPage | TurnPage):
            return None
        return page.voter.id if page.voter is not None else None

    def set_on_phones(self, person_ids: frozenset[str]) -> None:
        """These people vote on their phones: the curtain says so and offers no ballot."""
        if person_ids == self._on_phones:
            return
        self._on_phones = person_ids
        shown = self.shown_round_id
        if (
            self.currentWidget() is self.curtain
            and shown
            and self.document.voting.has_round(shown)
        ):
            self.show_curtain(self.document.voting.vote_round(shown))

    # ------------------------------------------------------------------ following

    def _follow_rounds(self) -> None:
        """A round changed (closed, reopened, undone): show the shown round as it is now."""
        if self.ballot_open:
            return  # the voter's turn is never interrupted
        if self.shown_round_id is None or not self.document.voting.has_round(self.shown_round_id):
            self.show_current()
            return
        vote_round = self.document.voting.vote_round(self.shown_round_id)
        live = self.currentWidget() is self.results and counts_shown(vote_round)
        if vote_round.status is RoundStatus.CLOSED or live:
            self.show_results(vote_round)
        else:
            self.show_curtain(vote_round)
