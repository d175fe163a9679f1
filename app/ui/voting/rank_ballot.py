"""One voter's turn in a rank round: their top N items put in order, from the keyboard.

Up and Down move between the items; a digit puts the item at that place (0 is place
10), moving it if it was ranked already; an item already at that place swaps with it,
or leaves the ranking when the item put there was not ranked. Backspace takes the item
out, Enter is Done (with fewer places filled too: the counter says how many). With the
mouse: click an item, then a place on the right. Every change is stored at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.format_helpers import shortened
from app.core.ranking import RankBallot, rank_ballot_for
from app.core.types import Participant, VoteRound
from app.ui import shortcuts as K
from app.ui.voting.ballot_item import LONGEST_LABEL
from app.ui.voting.turn_page import (
    ITEM_PIXELS,
    ClickableLabel,
    TurnPage,
    cell_style,
    tool_button,
    votable_row,
)

PLACE_LABEL = 48
"""An item's text on a place's button is cut at this many characters."""


def typed_place(digit: int) -> int:
    """The place a digit key means: 1 to 9, and 0 for place 10."""
    return 10 if digit == 0 else digit


class RankBallotPage(TurnPage):
    """A voter's ranking: the items on the left, the places on the right."""

    ballot_changed = Signal(str, object)
    """The voter's ranking changed (voter id, :class:`RankBallot`): store it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ballot = RankBallot(0, ())
        self.labels: dict[str, str] = {}
        self.rows: list[tuple[ClickableLabel, ClickableLabel]] = []
        """Per item shown: its place box and its text."""
        self.place_buttons: list[QPushButton] = []
        self.row = 0

    def start(
        self,
        vote_round: VoteRound,
        voter: Participant,
        items: list[tuple[str, str]],
        own: Iterable[str] = (),
    ) -> None:
        """Show ``voter``'s ranking, ``items`` (id, label) in the order this voter sees them."""
        self.voter = voter
        self.labels = dict(items)
        self.ballot = rank_ballot_for(vote_round, voter.id, [i for i, _ in items], own)
        size = self.ballot.rank_size
        self.title.setText(f"{voter.name}, rank your top {size}")
        ten = " (0 is place 10)" if size == 10 else ""
        self.rules.setText(
            f"Up and Down move between items. Type 1 to {size} to put the item at that "
            f"place{ten}; Backspace takes it out. Or click an item, then a place. "
            "Enter when done."
        )
        self.clear_holder()
        grid = QGridLayout(self.holder)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        self.rows = []
        for row, item in enumerate(self.ballot.items):
            place = ClickableLabel()
            place.setAlignment(Qt.AlignmentFlag.AlignCenter)
            place.setFixedWidth(64)
            place.setMinimumHeight(44)
            text = ClickableLabel(shortened(self.labels[item], LONGEST_LABEL))
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            for part in (place, text):
                part.clicked.connect(lambda r=row: self._click(r))
            grid.addWidget(place, row, 0)
            grid.addWidget(text, row, 1)
            self.rows.append((place, text))
        places = QVBoxLayout()
        heading = QLabel("Your ranking")
        heading.setStyleSheet("font-size: 18px; font-weight: 700;")
        places.addWidget(heading)
        self.place_buttons = []
        for position in range(1, size + 1):
            button = tool_button("")
            button.setStyleSheet(
                "font-size: 18px; font-weight: 600; text-align: left; padding: 4px 10px;"
            )
            button.clicked.connect(lambda _=False, p=position: self._place_clicked(p))
            places.addWidget(button)
            self.place_buttons.append(button)
        places.addStretch()
        grid.addLayout(places, 0, 2, max(1, len(self.rows)), 1)
        grid.setRowStretch(max(1, len(self.rows)), 1)
        self.row = votable_row(self.ballot.items, self.ballot.own) or 0
        self.say("")
        self._show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def item_ids(self) -> list[str]:
        """The items as this voter sees them, top to bottom."""
        return list(self.ballot.items)

    def current(self) -> str | None:
        """The item the keyboard is on."""
        return self.ballot.items[self.row] if self.ballot.items else None

    # ------------------------------------------------------------------ changes

    def put(self, position: int) -> None:
        """The current item to ``position``: placed, moved, or swapped; or why not."""
        item = self.current()
        if item is None:
            return
        reason = self.ballot.put_refusal(item, position)
        if reason is not None:
            self.say(reason)
            return
        changed, sent_out = self.ballot.put(item, position)
        self._change(changed)
        if sent_out is not None:
            name = shortened(self.labels[sent_out], PLACE_LABEL)
            self.say(f"“{name}” is out of your ranking.")

    def take_out(self) -> None:
        """Take the current item out of the ranking."""
        item = self.current()
        if item is not None and self.ballot.position_of(item) is not None:
            self._change(self.ballot.take_out(item))

    def _change(self, ballot: RankBallot) -> None:
        self.ballot = ballot
        self.say("")
        assert self.voter is not None
        self.ballot_changed.emit(self.voter.id, ballot)
        self._show()

    def step(self, step: int) -> None:
        """Move the keyboard ``step`` items down (up when negative), kept inside."""
        if self.rows:
            self.row = min(len(self.rows) - 1, max(0, self.row + step))
            self._show()

    def _click(self, row: int) -> None:
        self.row = row
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._show()

    def _place_clicked(self, position: int) -> None:
        self.put(position)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    # ------------------------------------------------------------------ showing

    def _show(self) -> None:
        size = self.ballot.rank_size
        placed = size - self.ballot.left
        self.counter.setText(f"{placed} of {size} placed")
        for row, item in enumerate(self.ballot.items):
            place, text = self.rows[row]
            own = item in self.ballot.own
            position = self.ballot.position_of(item)
            current = row == self.row
            place.setText("—" if position is None else str(position))
            place.setStyleSheet(cell_style(current=current, filled=position is not None, own=own))
            mine = "  (your idea)" if own else ""
            text.setText(shortened(self.labels[item], LONGEST_LABEL) + mine)
            weight = 700 if current else 400
            text.setStyleSheet(f"font-size: {ITEM_PIXELS}px; font-weight: {weight};")
            where = "not ranked" if position is None else f"place {position}"
            text.setAccessibleName(f"{self.labels[item]}, {where}")
        for position, button in enumerate(self.place_buttons, start=1):
            there = self.ballot.at(position)
            name = "" if there is None else shortened(self.labels[there], PLACE_LABEL)
            button.setText(f"{position}.  {name}")
            button.setAccessibleName(f"Place {position}: {name or 'free'}")
        if self.rows:
            self.scroll_area.ensureWidgetVisible(self.rows[self.row][1])

    # ------------------------------------------------------------------ keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up and Down move, digits place, Backspace takes out, Enter is Done."""
        move = K.which(K.RANK_MOVE, event)
        digit = K.which(K.RANK_PLACE, event)
        if move is not None:
            self.step(-1 if move == 0 else 1)
        elif digit is not None:
            self.put(typed_place(digit))
        elif K.pressed(K.RANK_TAKE_OUT, event):
            self.take_out()
        elif K.pressed(K.RANK_DONE, event):
            self.finish()
        else:
            super().keyPressEvent(event)
