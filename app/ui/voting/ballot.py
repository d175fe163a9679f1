"""One voter's turn: items to put dots on, a big count of dots left, Done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
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
from app.core.voting import Ballot, ballot_for
from app.ui import shortcuts as K

COLUMNS = 3
BALLOT_STEPS = ((-1, 0), (1, 0), (0, -1), (0, 1))
"""Left, Right, Up, Down: the order of the ballot's arrow keys."""
WIDE_COLUMNS = 4
"""A ballot of more than nine items is four cards wide: sixteen fit a 1280×720 screen."""
DOT = "●"
BALLOT_TEXT_PIXELS = (18, 17, 16, 15)
"""The ballot's text sizes, largest first: the first at which every item fits is used."""


class DotsLabel(QLabel):
    """The voter's dots on an item; clicking one takes it back."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a dot takes it back; a click beside the dots is the card's."""
        if event.button() == Qt.MouseButton.LeftButton and self.text():
            self.clicked.emit()
        else:
            event.ignore()


class ItemCard(QFrame):
    """An item on the ballot: click adds a dot; right-click, or a click on a dot, takes one."""

    add_requested = Signal(str)
    remove_requested = Signal(str)
    step_requested = Signal(int, int)
    """An arrow key: move the focus by (columns, rows) (the scroll area would eat it)."""
    finish_requested = Signal()
    undo_requested = Signal()

    def __init__(self, item_id: str, label: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.setObjectName("BallotItem")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.text_label = QLabel(label)
        self.text_label.setObjectName("BallotItemText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.dots_label = DotsLabel()
        self.dots_label.setObjectName("BallotDots")
        self.dots_label.setToolTip("Click a dot to take it back")
        self.dots_label.clicked.connect(lambda: self.remove_requested.emit(self.item_id))
        self.total_label = QLabel()
        self.total_label.setObjectName("PageSubtitle")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.dots_label)
        bottom.addStretch()
        bottom.addWidget(self.total_label)
        layout.addLayout(bottom)
        layout.setContentsMargins(12, 8, 12, 6)
        layout.setSpacing(2)
        self.setMinimumHeight(84)
        self.setAccessibleName(label)
        self._text_pixels = BALLOT_TEXT_PIXELS[0]

    def height_for(self, width: int, pixels: int) -> int:
        """The card's height at ``width`` with its text at ``pixels`` (as its layout makes it)."""
        font = QFont(self.text_label.font())
        font.setPixelSize(pixels)
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        frame = 2 * self.frameWidth()
        text_width = max(1, width - margins.left() - margins.right() - frame)
        text = QFontMetrics(font).boundingRect(
            QRect(0, 0, text_width, 100_000), int(Qt.TextFlag.TextWordWrap), self.text_label.text()
        )
        bottom_row = max(self.dots_label.sizeHint().height(), self.total_label.sizeHint().height())
        needed = (
            margins.top()
            + text.height()
            + layout.spacing()
            + bottom_row
            + margins.bottom()
            + frame
        )
        return max(self.minimumHeight(), needed)

    def set_text_pixels(self, pixels: int) -> None:
        """The item's text size (its own style sheet: the application's overrides fonts)."""
        if self._text_pixels != pixels:
            self._text_pixels = pixels
            self.text_label.setStyleSheet(f"font-size: {pixels}px;")

    def show_dots(self, mine: int, total: int | None) -> None:
        """Show the voter's dots, and (open rounds only) everyone's so far."""
        self.dots_label.setText(DOT * mine if mine else "")
        self.total_label.setText("" if total is None else f"{total} so far")
        dots = "None of your dots" if mine == 0 else f"{mine} of your dots"
        so_far = "" if total is None else f", {total} so far from everyone"
        self.setAccessibleDescription(
            f"{dots} here{so_far}. Space adds a dot, Backspace takes one back, Enter is done."
        )
        self.setProperty("voted", mine > 0)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Left click adds; right click takes one back (so does a click on a dot)."""
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() == Qt.MouseButton.RightButton:
            self.remove_requested.emit(self.item_id)
        elif event.button() == Qt.MouseButton.LeftButton:
            self.add_requested.emit(self.item_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space adds, Backspace (or Delete) removes, arrows move, Enter finishes."""
        direction = K.which(K.BALLOT_MOVE, event)  # the keys are Left, Right, Up, Down
        if K.pressed(K.BALLOT_UNDO, event):
            self.undo_requested.emit()
        elif K.pressed(K.BALLOT_ADD, event):
            if not event.isAutoRepeat():  # a held Space is one dot, not a pile of them
                self.add_requested.emit(self.item_id)
        elif K.pressed(K.BALLOT_REMOVE, event):
            self.remove_requested.emit(self.item_id)
        elif direction is not None:
            self.step_requested.emit(*BALLOT_STEPS[direction])
        elif K.pressed(K.BALLOT_DONE, event):
            self.finish_requested.emit()
        else:
            event.ignore()

    def event(self, event: QEvent) -> bool:
        """Ctrl+Z here is the voter's own undo, not the board's (Edit → Undo)."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ):
            event.accept()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Make sure the focused item can be seen."""
        super().focusInEvent(event)
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(self)


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
    ) -> None:
        """Show ``voter``'s ballot (what they placed before a crash comes back too)."""
        self.voter = voter
        self.ballot = ballot_for(vote_round, voter.id, [item for item, _ in items])
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
        self.columns = WIDE_COLUMNS if len(items) > 9 else COLUMNS
        for index, (item_id, label) in enumerate(items):
            card = ItemCard(item_id, label)
            card.add_requested.connect(self.add)
            card.remove_requested.connect(self.remove)
            card.step_requested.connect(
                lambda across, down, at=index: self._step(at, across + down * self.columns)
            )
            card.finish_requested.connect(self._finish)
            card.undo_requested.connect(self.undo)
            self.grid.addWidget(card, index // self.columns, index % self.columns)
            card.show()  # now, not on the next turn of the event loop: it takes the focus
            self.cards.append(card)
        self.message.setText("")
        self._show()
        self.fit_scroll_bar()
        if self.cards:
            self.cards[0].setFocus(Qt.FocusReason.OtherFocusReason)

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
        rows = [self.cards[i : i + columns] for i in range(0, len(self.cards), columns)]
        total = margins.top() + margins.bottom() + spacing * (len(rows) - 1)
        for row in rows:
            total += max(card.height_for(column, pixels) for card in row)
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

    def _step(self, at: int, step: int) -> None:
        if self.cards:
            target = min(len(self.cards) - 1, max(0, at + step))
            self.cards[target].setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter finishes the turn (from the buttons too)."""
        if K.pressed(K.BALLOT_DONE, event):
            self._finish()
            return
        super().keyPressEvent(event)
