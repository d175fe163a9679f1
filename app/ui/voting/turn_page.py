"""What a rating ballot and a rank ballot share: one voter's turn, read from the keyboard.

The page itself holds the keyboard for the whole turn (the buttons take no focus), so
every key of the ballot reaches one place, whatever the mouse clicked last.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.types import Participant

ITEM_PIXELS = 18
"""An item's text on a ballot, as on the dot ballot's cards."""
VALUE_PIXELS = 24
"""A value, a place: read at arm's length and across the table."""
CELL_STYLE = (
    "QLabel {{ font-size: {pixels}px; font-weight: 700; border: {border}px solid {edge};"
    " border-radius: 6px; background: {fill}; color: {ink}; padding: 4px 8px; }}"
)
CURRENT_EDGE = "#1F6FEB"
QUIET_EDGE = "#CBD2D9"
SET_FILL = "#FFF4C2"
EMPTY_FILL = "#FFFFFF"
OWN_FILL = "#E4E7EB"
INK = "#1F2933"
QUIET_INK = "#7B8794"


def cell_style(*, current: bool, filled: bool, own: bool, pixels: int = VALUE_PIXELS) -> str:
    """A value's or a place's box: framed in blue with the keyboard on it, yellow when set."""
    return CELL_STYLE.format(
        pixels=pixels,
        border=3 if current else 1,
        edge=CURRENT_EDGE if current else QUIET_EDGE,
        fill=OWN_FILL if own else (SET_FILL if filled else EMPTY_FILL),
        ink=QUIET_INK if own else INK,
    )


class ClickableLabel(QLabel):
    """A label that says when it is clicked (a cell of a ballot)."""

    clicked = Signal()

    def mousePressEvent(self, event: object) -> None:  # noqa: D102 - Qt's
        self.clicked.emit()


class TurnPage(QWidget):
    """A voter's turn: a title, the rules, the ballot in a scroll area, a message, Done."""

    done = Signal(str)
    """The voter pressed Done (their id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BallotPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.voter: Participant | None = None
        self.title = QLabel()
        self.title.setObjectName("BallotTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.counter = QLabel()
        self.counter.setObjectName("DotsLeft")
        self.rules = QLabel()
        self.rules.setObjectName("PageSubtitle")
        self.rules.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("ErrorLine")
        self.message.setWordWrap(True)
        self.holder = QWidget()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.holder)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_button = QPushButton("Done: hide my votes")
        self.done_button.setObjectName("Primary")
        self.done_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_button.clicked.connect(self.finish)
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.rules)
        top.addLayout(heading, 1)
        top.addWidget(self.counter)
        self.tools = QHBoxLayout()
        """Under the ballot: the buttons a mouse sets values with."""
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(self.tools)
        layout.addLayout(bottom)

    def finish(self) -> None:
        """Done: the voter's turn ends (everything is stored already)."""
        if self.voter is not None:
            self.done.emit(self.voter.id)

    def say(self, text: str) -> None:
        """One line for the voter: why a value was refused, or what just happened."""
        self.message.setText(text)

    def clear_holder(self) -> None:
        """Take every widget of the last voter's ballot off the page."""
        old = self.holder.layout()
        if old is not None:
            while old.count():
                child = old.takeAt(0)
                widget = child.widget() if child is not None else None
                if widget is not None:
                    widget.hide()  # now: it is deleted once the event loop gets to it
                    widget.deleteLater()
            QWidget().setLayout(old)  # a widget can't take a new layout while it has one


def votable_row(items: Sequence[str], own: Set[str], start: int = 0) -> int | None:
    """The first row from ``start`` on whose item is not the voter's own; None if none.

    With no votes on one's own ideas, a ballot's keyboard never starts on, or types on
    into, an item it would be refused on.
    """
    return next((row for row in range(start, len(items)) if items[row] not in own), None)


def tool_button(text: str) -> QPushButton:
    """A button under the ballot that never takes the keyboard from it."""
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(44)
    button.setStyleSheet("font-size: 20px; font-weight: 700; padding: 4px 14px;")
    return button
