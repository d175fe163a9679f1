"""A label whose text shrinks, step by step, until it fits in a few lines of its width."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

SIZE_STEP = 2
"""Pixels between two sizes tried: small enough to use the room, few enough to be quick."""


class FittingLabel(QLabel):
    """Word-wrapped plain text at the largest pixel size that fits a height budget.

    The budget is ``max_lines`` lines at the ``smallest`` size. A short text stays at
    ``largest`` on one line; a longer one steps down, still on one line, until it fits;
    one too long for that takes two (or more) lines at the smallest size. A long "How
    might we…" question would otherwise wrap to five lines and push the board off a
    720-pixel screen. Text that does not fit even then wraps to as many lines as it
    needs, so nothing is ever cut. The size is set as this label's own style sheet,
    because the application's style sheet would otherwise win over ``setFont``.
    """

    def __init__(
        self, largest: int, smallest: int, max_lines: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._largest = largest
        self._smallest = smallest
        self._max_lines = max_lines
        self._pixels = 0
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._fit()

    @property
    def pixel_size(self) -> int:
        """The text's size now, in pixels."""
        return self._pixels

    def set_sizes(self, largest: int, smallest: int, max_lines: int) -> None:
        """Fit between other sizes (a compact strip, say), at once."""
        self._largest, self._smallest, self._max_lines = largest, smallest, max_lines
        self._fit()

    def setText(self, text: str) -> None:
        """Show ``text`` at the size that fits it."""
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may fit a larger size, or need a smaller one."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def fitting_size(self, width: int) -> int:
        """The largest size, in pixels, at which the text fits ``width`` within the budget."""
        if width <= 0 or not self.text():
            return self._largest
        self.ensurePolished()  # the style sheet's weight (bold) changes the width
        budget = self._max_lines * QFontMetrics(self._sized(self._smallest)).lineSpacing()
        for pixels in range(self._largest, self._smallest - 1, -SIZE_STEP):
            wrapped = QFontMetrics(self._sized(pixels)).boundingRect(
                QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, self.text()
            )
            if wrapped.height() <= budget:
                return pixels
        return self._smallest

    def _sized(self, pixels: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(pixels)
        return font

    def _fit(self) -> None:
        margins = self.contentsMargins()
        extra = 2 * self.margin()
        width = self.width() - margins.left() - margins.right() - extra
        pixels = self.fitting_size(width)
        if pixels != self._pixels:
            self._pixels = pixels
            self.setStyleSheet(f"font-size: {pixels}px;")
        # Exactly as tall as the wrapped text: a dock area (the header's home) asks its
        # widgets for a size hint, not for a height at their width.
        metrics = QFontMetrics(self._sized(pixels))
        text = self.text() or " "
        wrapped = metrics.boundingRect(
            QRect(0, 0, max(width, 1), 100_000), Qt.TextFlag.TextWordWrap, text
        )
        self.setFixedHeight(
            max(wrapped.height(), metrics.lineSpacing()) + margins.top() + margins.bottom() + extra
        )
