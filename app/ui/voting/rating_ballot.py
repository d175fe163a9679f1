"""One voter's turn in a rating round: a grid of items by criteria, filled from the keyboard.

Up and Down move between the items, Left and Right between the criteria; a digit sets
the value and moves on to the next cell (0 is 10 on a scale that ends at 10 and has no
0), Backspace clears, Enter is Done. With the mouse: click a cell, then a value under
the grid. Every change is stored at once (see the voting page); nothing of anyone
else's is shown, open round or not.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.core.format_helpers import counted, shortened
from app.core.rating import RatingBallot, rating_ballot_for
from app.core.types import Criterion, Participant, VoteRound
from app.ui import shortcuts as K
from app.ui.voting.ballot_item import LONGEST_LABEL
from app.ui.voting.turn_page import (
    ITEM_PIXELS,
    VALUE_PIXELS,
    ClickableLabel,
    TurnPage,
    cell_style,
    tool_button,
    votable_row,
)

MOVES = ((-1, 0), (1, 0), (0, -1), (0, 1))
"""(items, criteria) for Up, Down, Left, Right: the order of RATING_MOVE's keys."""
EMPTY = "·"


def typed_value(criterion: Criterion, digit: int) -> int:
    """The value a digit key means on ``criterion``'s scale: 0 is 10 on a scale like 1-10."""
    if digit == 0 and criterion.max == 10 and criterion.min > 0:
        return 10
    return digit


def stepped_value(criterion: Criterion, value: int | None, step: int) -> int:
    """``value`` one step up (``step`` 1) or down (-1) ``criterion``'s scale, kept on it.

    An empty cell starts at the end the step comes from: up from the scale's lowest
    value, down from its highest.
    """
    if value is None:
        return criterion.min if step > 0 else criterion.max
    return min(criterion.max, max(criterion.min, value + step))


def scale_text(criterion: Criterion) -> str:
    """``Impact 1–10``, with ``(lower is better)`` when it is."""
    turned = "" if criterion.higher_is_better else " (lower is better)"
    return f"{criterion.name}\n{criterion.min}–{criterion.max}{turned}"


class RatingBallotPage(TurnPage):
    """A voter's values, item by criterion; each one is stored as it is given."""

    ballot_changed = Signal(str, object)
    """The voter's values changed (voter id, :class:`RatingBallot`): store them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ballot = RatingBallot((), ())
        self.labels: dict[str, str] = {}
        self.cells: list[list[ClickableLabel]] = []
        """One row of cells per item, in the order shown; one cell per criterion."""
        self.row = 0
        self.column = 0
        self._value_buttons: list[QWidget] = []
        self._buttons_for: Criterion | None = None

    # ------------------------------------------------------------------ a turn

    def start(
        self,
        vote_round: VoteRound,
        voter: Participant,
        items: list[tuple[str, str]],
        own: Iterable[str] = (),
    ) -> None:
        """Show ``voter``'s ballot, ``items`` (id, label) in the order this voter sees them.

        What they gave before (a crash, a turn left unfinished) is there again.
        """
        self.voter = voter
        self.labels = dict(items)
        self.ballot = rating_ballot_for(vote_round, voter.id, [i for i, _ in items], own)
        self.title.setText(f"{voter.name}, rate the items")
        self.rules.setText(
            "Up and Down move between items, Left and Right between criteria. "
            "Type a digit to give a value (0 is 10 on a 1–10 scale), or + and − to step "
            "it; Backspace clears; "
            "skip anything you can't judge. Or click a cell, then a value. Enter when done."
        )
        self.clear_holder()
        self._buttons_for = None
        grid = QGridLayout(self.holder)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(0, 1)
        for column, criterion in enumerate(self.ballot.criteria, start=1):
            heading = QLabel(scale_text(criterion))
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            heading.setStyleSheet("font-size: 16px; font-weight: 700;")
            grid.addWidget(heading, 0, column)
        self.cells = []
        for row, item in enumerate(self.ballot.items):
            label = QLabel(shortened(self.labels[item], LONGEST_LABEL))
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet(f"font-size: {ITEM_PIXELS}px;")
            grid.addWidget(label, row + 1, 0)
            cells = []
            for column in range(len(self.ballot.criteria)):
                cell = ClickableLabel()
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setMinimumSize(96, 44)
                cell.clicked.connect(lambda r=row, c=column: self._click(r, c))
                grid.addWidget(cell, row + 1, column + 1)
                cells.append(cell)
            self.cells.append(cells)
        grid.setRowStretch(len(self.ballot.items) + 1, 1)
        self.row, self.column = votable_row(self.ballot.items, self.ballot.own) or 0, 0
        self.say("")
        self._show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def item_ids(self) -> list[str]:
        """The items as this voter sees them, top to bottom."""
        return list(self.ballot.items)

    def current(self) -> tuple[str, Criterion] | None:
        """The item and criterion the keyboard is on."""
        if not self.ballot.items or not self.ballot.criteria:
            return None
        return self.ballot.items[self.row], self.ballot.criteria[self.column]

    # ------------------------------------------------------------------ changes

    def set_value(self, value: int) -> bool:
        """Give the current cell ``value``, or say why not; ``True`` when given."""
        here = self.current()
        if here is None:
            return False
        item, criterion = here
        reason = self.ballot.refusal(item, criterion.id, value)
        if reason is not None:
            self.say(reason)
            return False
        self._change(self.ballot.rate(item, criterion.id, value))
        return True

    def clear_value(self) -> None:
        """Clear the current cell (nothing happens on an empty one)."""
        here = self.current()
        if here is not None and self.ballot.value(here[0], here[1].id) is not None:
            self._change(self.ballot.clear(here[0], here[1].id))

    def _change(self, ballot: RatingBallot) -> None:
        self.ballot = ballot
        self.say("")
        assert self.voter is not None
        self.ballot_changed.emit(self.voter.id, ballot)
        self._show()

    def step(self, items: int, criteria: int) -> None:
        """Move the keyboard by ``items`` rows and ``criteria`` columns (kept inside)."""
        if not self.cells:
            return
        self.row = min(len(self.cells) - 1, max(0, self.row + items))
        self.column = min(len(self.ballot.criteria) - 1, max(0, self.column + criteria))
        self._show()

    def _next_cell(self) -> None:
        """After a value: the next criterion, or the first of the next item one may rate."""
        if self.column + 1 < len(self.ballot.criteria):
            self.column += 1
        else:
            following = votable_row(self.ballot.items, self.ballot.own, self.row + 1)
            if following is not None:
                self.row, self.column = following, 0
        self._show()

    def _click(self, row: int, column: int) -> None:
        self.row, self.column = row, column
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._show()

    # ------------------------------------------------------------------ showing

    def _show(self) -> None:
        rated = self.ballot.rated_items
        total = len(self.ballot.items)
        self.counter.setText(f"{rated} of {total} rated")
        for row, item in enumerate(self.ballot.items):
            own = item in self.ballot.own
            for column, criterion in enumerate(self.ballot.criteria):
                value = self.ballot.value(item, criterion.id)
                cell = self.cells[row][column]
                current = (row, column) == (self.row, self.column)
                cell.setText("your idea" if own else (EMPTY if value is None else str(value)))
                cell.setStyleSheet(
                    cell_style(
                        current=current,
                        filled=value is not None,
                        own=own,
                        pixels=14 if own else VALUE_PIXELS,
                    )
                )
                given = "no value" if value is None else f"{value}"
                cell.setAccessibleName(f"{self.labels[item]}, {criterion.name}: {given}")
        if self.cells:
            self.scroll_area.ensureWidgetVisible(self.cells[self.row][self.column])
        self._show_value_buttons()
        self.setAccessibleDescription(
            f"{counted(rated, 'item')} of {total} rated. Digits give a value, "
            "Backspace clears, Enter is done."
        )

    def _show_value_buttons(self) -> None:
        """The current criterion's values as buttons, and Clear."""
        here = self.current()
        criterion = here[1] if here is not None else None
        if criterion == self._buttons_for and self._value_buttons:
            return  # the same scale: the same buttons
        self._buttons_for = criterion
        while self.tools.count():
            child = self.tools.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()  # now: it is deleted once the event loop gets to it
                widget.deleteLater()
        self._value_buttons = []
        if criterion is None:
            return
        name = QLabel(f"{criterion.name}:")
        name.setStyleSheet("font-size: 18px; font-weight: 700;")
        self.tools.addWidget(name)
        for value in range(criterion.min, criterion.max + 1):
            button = tool_button(str(value))
            button.setAccessibleName(f"{criterion.name} {value}")
            button.clicked.connect(lambda _=False, v=value: self._value_clicked(v))
            self.tools.addWidget(button)
            self._value_buttons.append(button)
        clear = tool_button("Clear")
        clear.clicked.connect(self.clear_value)
        self.tools.addWidget(clear)
        self._value_buttons.append(clear)
        self.tools.addStretch()

    @property
    def value_buttons(self) -> list[QWidget]:
        """The buttons under the grid: one per value of the current criterion, then Clear."""
        return list(self._value_buttons)

    def _value_clicked(self, value: int) -> None:
        self.set_value(value)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    # ------------------------------------------------------------------ keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move, digits give a value, + and - step it, Backspace clears, Enter is Done."""
        move = K.which(K.RATING_MOVE, event)
        digit = K.which(K.RATING_VALUE, event)
        if move is not None:
            self.step(*MOVES[move])
        elif digit is not None:
            here = self.current()
            if here is not None and self.set_value(typed_value(here[1], digit)):
                self._next_cell()
        elif (step := K.which(K.RATING_STEP, event)) is not None:
            here = self.current()
            if here is not None:
                item, criterion = here
                now = self.ballot.value(item, criterion.id)
                self.set_value(stepped_value(criterion, now, 1 if step == 0 else -1))
        elif K.pressed(K.RATING_CLEAR, event):
            self.clear_value()
        elif K.pressed(K.RATING_DONE, event):
            self.finish()
        else:
            super().keyPressEvent(event)
