"""An item on a voter's ballot: its text, the voter's dots on it, and its keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
)

from app.core.format_helpers import shortened
from app.ui import shortcuts as K

BALLOT_STEPS = ((-1, 0), (1, 0), (0, -1), (0, 1))
"""Left, Right, Up, Down: the order of the ballot's arrow keys."""
DOT = "●"
BALLOT_TEXT_PIXELS = (18, 17, 16, 15)
"""The ballot's text sizes, largest first: the first at which every item fits is used."""
LONGEST_LABEL = 240
"""A longer note shows its first 240 characters and "…" (the tooltip has it all): about
six lines on a card, so one long note does not make its row a wall."""


GROUP_LABEL = 40
"""A cluster's name on a card is cut at this many characters (the board has it whole)."""
GROUP_STYLE = (
    "font-size: 13px; font-weight: 700; color: #52606D; border: none;"
    " border-left: 6px solid {color}; padding-left: 6px;"
)


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
        self.text_label = QLabel(shortened(label, LONGEST_LABEL))
        if len(label) > LONGEST_LABEL:
            self.text_label.setToolTip(label)
        self.text_label.setObjectName("BallotItemText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.dots_label = DotsLabel()
        self.dots_label.setObjectName("BallotDots")
        self.dots_label.setToolTip("Click a dot to take it back")
        self.dots_label.clicked.connect(lambda: self.remove_requested.emit(self.item_id))
        self.total_label = QLabel()
        self.total_label.setObjectName("PageSubtitle")
        self.group_label = QLabel()
        self.group_label.setObjectName("BallotGroup")
        self.group_label.setTextFormat(Qt.TextFormat.PlainText)
        # Narrower than its text if need be: it is elided to the card (see _elide_group).
        self.group_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.group_label.hide()
        self._group_title = ""
        self.own_label = QLabel("your idea")
        self.own_label.setObjectName("PageSubtitle")
        self.own_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label, 1)
        # The cluster's name shares the row of the dots: sixteen cards fit a 720-pixel
        # screen only if a card is no taller than its text and one small row.
        bottom = QHBoxLayout()
        bottom.addWidget(self.group_label, 1)
        bottom.addStretch()
        bottom.addWidget(self.own_label)
        bottom.addWidget(self.dots_label)
        bottom.addWidget(self.total_label)
        layout.addLayout(bottom)
        layout.setContentsMargins(12, 8, 12, 6)
        layout.setSpacing(2)
        self.setMinimumHeight(84)
        # Every column as wide as the others: a long note wraps, it does not widen its
        # column (the grid gives each column the same stretch).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(label)
        self._text_pixels = BALLOT_TEXT_PIXELS[0]
        self.own = False
        """The voter's own idea, in a round without self-votes: no dot goes here."""

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
        bottom_row = max(
            self.dots_label.sizeHint().height(),
            self.total_label.sizeHint().height(),
            0 if self.group_label.isHidden() else self.group_label.sizeHint().height(),
            0 if self.own_label.isHidden() else self.own_label.sizeHint().height(),
        )
        needed = (
            margins.top()
            + text.height()
            + layout.spacing()
            + bottom_row
            + margins.bottom()
            + frame
        )
        return max(self.minimumHeight(), needed)

    def show_group(self, title: str, color: str) -> None:
        """The cluster the item is in, named small with its colour, as on the board."""
        self._group_title = shortened(title, GROUP_LABEL)
        self.group_label.setToolTip(title)
        self.group_label.setStyleSheet(GROUP_STYLE.format(color=color or "transparent"))
        self.group_label.setVisible(bool(title))
        self._elide_group()
        if title:
            self.setAccessibleName(f"{self.accessibleName()} (in {title})")

    def show_own(self, own: bool) -> None:
        """Mark the voter's own idea (a round without self-votes), as the other ballots do."""
        self.own = own
        self.own_label.setVisible(own)
        shape = Qt.CursorShape.ForbiddenCursor if own else Qt.CursorShape.PointingHandCursor
        self.setCursor(shape)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrower card names its cluster shorter, with "…", never cut."""
        super().resizeEvent(event)
        self._elide_group()

    def _elide_group(self) -> None:
        layout = self.layout()
        if layout is None or not self._group_title:
            return
        margins = layout.contentsMargins()
        beside = sum(
            label.sizeHint().width()
            for label in (self.own_label, self.dots_label, self.total_label)
            if not label.isHidden()
        )
        room = self.width() - margins.left() - margins.right() - beside - 3 * layout.spacing()
        room -= 2 * self.frameWidth() + 16  # the colour bar and its padding
        metrics = QFontMetrics(self.group_label.font())
        self.group_label.setText(
            metrics.elidedText(self._group_title, Qt.TextElideMode.ElideRight, max(room, 20))
        )

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
        keys = "Space adds a dot, Backspace takes one back, Enter is done."
        if self.own:
            keys = "Your own idea: no dot of yours goes here. Enter is done."
        self.setAccessibleDescription(f"{dots} here{so_far}. {keys}")
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
