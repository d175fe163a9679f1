"""One voter's turn: items to put dots on, a big count of dots left, Done."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.format_helpers import counted
from app.core.types import Participant, VoteRound
from app.core.voting import Ballot, BallotSection, ballot_for
from app.ui import shortcuts as K
from app.ui.voting.ballot_item import BALLOT_TEXT_PIXELS, ItemCard

COLUMNS = 3
WIDE_COLUMNS = 4
"""A ballot of more than nine items is four cards wide: sixteen fit a 1280×720 screen."""


class BallotPage(QWidget):
    """One voter's ballot; every dot is stored as it is placed."""

    done = Signal(str)
    """The voter pressed Done (their id)."""
    ballot_changed = Signal(str, object)
    """The voter's ballot changed (voter id, :class:`Ballot`): store it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BallotPage")
        self.voter: Participant | None = None
        self.ballot = Ballot(1, 1, ())
        # The voter's own undo, for this turn only. Their dots never go on the session's
        # undo stack: once they press Done, the next person at the laptop must not be
        # able to take them back (see VotingPage, where each dot is stored).
        self._history: list[Ballot] = []
        self._totals: Callable[[], dict[str, int]] | None = None
        self.cards: list[ItemCard] = []
        """The clusters' names over their notes, in order."""
        self._rows: list[list[int]] = []
        """The cards of each row on screen (indexes into ``cards``)."""
        self.columns = COLUMNS
        self.title = QLabel()
        self.title.setObjectName("BallotTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.left_label = QLabel()
        self.left_label.setObjectName("DotsLeft")
        self.rules = QLabel()
        self.rules.setObjectName("PageSubtitle")
        self.rules.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("ErrorLine")
        self.message.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        holder = QWidget()
        holder.setLayout(self.grid)
        self.item_scroll = QScrollArea()
        self.item_scroll.setWidgetResizable(True)
        self.item_scroll.setWidget(holder)
        self.item_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.done_button = QPushButton("Done: hide my votes")
        self.done_button.setObjectName("Primary")
        self.done_button.clicked.connect(self._finish)
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.rules)
        top.addLayout(heading, 1)
        top.addWidget(self.left_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.item_scroll, 1)
        layout.addLayout(bottom)

    def start(
        self,
        vote_round: VoteRound,
        voter: Participant,
        items: list[tuple[str, str]],
        live_totals: Callable[[], dict[str, int]] | None,
        sections: Sequence[BallotSection] | None = None,
        *,
        own: Iterable[str] = (),
    ) -> None:
        """Show ``voter``'s ballot (what they placed before a crash comes back too).

        ``sections`` groups the items as the board does (each cluster under its name);
        without them the items are shown as given. ``own`` are the voter's own ideas in a
        round without self-votes: a dot on one is refused, and says why.
        """
        labels = dict(items)
        if sections is None:
            sections = [BallotSection("", "", tuple(item for item, _ in items))]
        order = [item for section in sections for item in section.item_ids if item in labels]
        self.voter = voter
        self.ballot = ballot_for(vote_round, voter.id, order, own)
        self._history = []
        self._totals = live_totals
        self.title.setText(f"{voter.name}, place your dots")
        cap = vote_round.max_dots_per_item
        self.rules.setText(
            f"Click an item to give it a dot, click a dot to take it back. "
            f"At most {counted(cap, 'dot')} on one item. "
            "Keys: arrows, Space adds, Backspace removes, Enter when done."
        )
        while self.grid.count():
            child = self.grid.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards = []
        self._rows = []
        self.columns = WIDE_COLUMNS if len(order) > 9 else COLUMNS
        for column in range(WIDE_COLUMNS):
            self.grid.setColumnStretch(column, 1 if column < self.columns else 0)
        # One grid in the board's order, cluster by cluster: each card names its cluster
        # in the cluster's colour, so the groups read as on the board without heading
        # rows (sixteen items still fit a 720-pixel screen without scrolling).
        for section in sections:
            for item_id in (item for item in section.item_ids if item in labels):
                at = len(self.cards)
                card = self._card(item_id, labels[item_id])
                card.show_group(section.title, section.color)
                card.show_own(item_id in self.ballot.own)
                row, column = divmod(at, self.columns)
                if column == 0:
                    self._rows.append([])
                self._rows[-1].append(at)
                self.grid.addWidget(card, row, column)
                card.show()  # now, not on the next turn of the event loop: it takes the focus
        self.message.setText("")
        self._show()
        self.fit_scroll_bar()
        if self.cards:
            self.cards[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _card(self, item_id: str, label: str) -> ItemCard:
        """One item's card, wired to the ballot."""
        card = ItemCard(item_id, label)
        at = len(self.cards)
        card.add_requested.connect(self.add)
        card.remove_requested.connect(self.remove)
        card.step_requested.connect(lambda across, down: self._step(at, across, down))
        card.finish_requested.connect(self._finish)
        card.undo_requested.connect(self.undo)
        self.cards.append(card)
        return card

    def fit_scroll_bar(self) -> None:
        """Fit the items without scrolling if smaller type lets them; else scroll.

        Left to itself the scroll bar feeds on itself: shown once, it narrows the cards,
        their text wraps taller, and then they need it. So the fit is measured at the
        full width, with the text at 18 px, then a little smaller (the voter reads it
        at arm's length, not from the back row). Qt's cached height-for-width answers
        lag behind a font change, so the cards are measured here from the text.
        """
        scroll = self.item_scroll
        if not scroll.isVisible() or not self.cards:
            return
        fitting = next(
            (px for px in BALLOT_TEXT_PIXELS if self._height_at(px) <= scroll.height()), None
        )
        for card in self.cards:
            card.set_text_pixels(fitting or BALLOT_TEXT_PIXELS[-1])
        scroll.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if fitting is not None
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )

    def _height_at(self, pixels: int) -> int:
        """How tall the grid of cards is at the scroll area's full width, text at ``pixels``."""
        margins = self.grid.contentsMargins()
        spacing = self.grid.spacing()
        columns = self.columns
        width = self.item_scroll.width() - margins.left() - margins.right()
        column = (width - spacing * (columns - 1)) // columns
        rows = len(self._rows)
        total = margins.top() + margins.bottom() + spacing * (rows - 1)
        for cells in self._rows:
            total += max(self.cards[i].height_for(column, pixels) for i in cells)
        return total

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new size may make the items fit, or no longer fit."""
        super().resizeEvent(event)
        self.fit_scroll_bar()

    def showEvent(self, event: QShowEvent) -> None:
        """Decide about the scroll bar once the page has its real size."""
        super().showEvent(event)
        self.fit_scroll_bar()

    def add(self, item_id: str) -> None:
        """Put a dot on an item, or say why not."""
        reason = self.ballot.refusal(item_id)
        if reason is not None:
            self.message.setText(reason)
            return
        self._change(self.ballot.add(item_id))

    def remove(self, item_id: str) -> None:
        """Take a dot back from an item."""
        if self.ballot.on(item_id):
            self._change(self.ballot.remove(item_id))

    def undo(self) -> None:
        """Take back the last change of this turn."""
        if self._history:
            self.ballot = self._history.pop()
            self._store()

    def _change(self, ballot: Ballot) -> None:
        self._history.append(self.ballot)
        self.ballot = ballot
        self.message.setText("")
        self._store()

    def _store(self) -> None:
        assert self.voter is not None
        self.ballot_changed.emit(self.voter.id, self.ballot)
        self._show()

    def _show(self) -> None:
        left = self.ballot.left
        self.left_label.setText(f"{counted(left, 'dot')} left")
        totals = self._totals() if self._totals else None
        for card in self.cards:
            card.show_dots(
                self.ballot.on(card.item_id), totals.get(card.item_id) if totals else None
            )
        self.undo_button.setEnabled(bool(self._history))

    def _finish(self) -> None:
        if self.voter is not None:
            self.done.emit(self.voter.id)

    def _step(self, at: int, across: int, down: int) -> None:
        """An arrow key: the next item along, or the one above or below on screen."""
        if not self.cards:
            return
        if down:
            row = next(r for r, cells in enumerate(self._rows) if at in cells) + down
            if row < 0:  # above the first row: the first item, below the last: the last
                target = 0
            elif row >= len(self._rows):
                target = len(self.cards) - 1
            else:
                cells = self._rows[row]
                target = cells[min(self._rows[row - down].index(at), len(cells) - 1)]
        else:
            target = min(len(self.cards) - 1, max(0, at + across))
        self.cards[target].setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter finishes the turn (from the buttons too)."""
        if K.pressed(K.BALLOT_DONE, event):
            self._finish()
            return
        super().keyPressEvent(event)
