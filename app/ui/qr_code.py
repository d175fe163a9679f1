"""The join address as a QR code: segno's matrix painted with QPainter, crisp at any size.

Dark modules on white with the quiet zone the standard asks for (four modules), so a
phone's camera finds it on a dark room's view as well as in the light panel.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_MODULES = 4
"""White modules around the code, as ISO/IEC 18004 asks."""


class QrCode(QWidget):
    """A square QR code of one text (the join address); nothing drawn without one."""

    def __init__(self, side: int = 160, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: tuple[bytearray, ...] = ()
        self._text = ""
        self.set_side(side)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("QR code of the join address")

    @property
    def text(self) -> str:
        """What the code says."""
        return self._text

    def set_text(self, text: str) -> None:
        """Encode ``text`` (error correction M: a smudged screen still reads)."""
        if text == self._text and (self._matrix or not text):
            return  # encoding takes ~20 ms: not again for the same address
        self._text = text
        self._matrix = ()
        if text:
            import segno  # 40 ms to import: only once a code is shown, never at start-up

            self._matrix = tuple(segno.make(text, error="m", micro=False).matrix)
        self.setToolTip(text)
        self.update()

    def set_side(self, side: int) -> None:
        """The code's width and height on screen, in pixels."""
        self.setFixedSize(QSize(side, side))

    def paintEvent(self, event: QPaintEvent) -> None:
        """White square, dark modules; whole pixels per module where the size allows."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        if not self._matrix:
            return
        count = len(self._matrix) + 2 * QUIET_MODULES
        side = min(self.width(), self.height())
        module = side / count
        if module >= 1:
            module = float(int(module))  # whole pixels: no blurred edges between modules
        offset = (side - module * count) / 2 + module * QUIET_MODULES
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#000000"))
        for row, line in enumerate(self._matrix):
            for column, dark in enumerate(line):
                if dark:
                    painter.drawRect(
                        QRectF(offset + column * module, offset + row * module, module, module)
                    )
