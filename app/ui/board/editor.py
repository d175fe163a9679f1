"""Editing text in place on the board: a note's text, a new note's, a cluster's title."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QGraphicsTextItem, QStyleOptionGraphicsItem, QWidget

from app.ui import shortcuts as K


class InPlaceEditor(QGraphicsTextItem):
    """Plain-text editor: Enter commits, Shift+Enter breaks the line, Esc cancels.

    Clicking elsewhere commits too. It emits exactly one of ``committed`` and
    ``cancelled``.
    """

    committed = Signal(str)
    cancelled = Signal()

    def __init__(self, text: str, width: float, pixel_size: int, multiline: bool = True) -> None:
        super().__init__()
        font = QFont()
        font.setPixelSize(pixel_size)
        self.setFont(font)
        self.setDefaultTextColor(QColor("#1F2933"))
        self.setPlainText(text)
        self.setTextWidth(width)
        self.setZValue(10_000)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self._multiline = multiline
        self._finished = False

    def start(self) -> None:
        """Take the keyboard and select the whole text."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.textCursor()
        cursor.select(cursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def finish(self, commit: bool) -> None:
        """End editing, once."""
        if self._finished:
            return
        self._finished = True
        if commit:
            self.committed.emit(self.toPlainText())
        else:
            self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter commits, Esc cancels, Shift+Enter adds a line."""
        if K.pressed(K.EDIT_CANCEL, event):
            self.finish(commit=False)
            return
        if K.pressed(K.EDIT_KEEP, event) or (
            K.pressed(K.EDIT_NEW_LINE, event) and not self._multiline
        ):
            self.finish(commit=True)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Clicking away commits."""
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.finish(commit=True)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """A white card behind the text so it reads over anything."""
        painter.setPen(QPen(QColor("#2563EB"), 3))
        painter.setBrush(QColor(255, 255, 255, 245))
        painter.drawRoundedRect(self.boundingRect().adjusted(-4, -4, 4, 4), 6, 6)
        super().paint(painter, option, widget)  # type: ignore[arg-type]  # may be None
