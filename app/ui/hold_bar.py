"""The bar a session window shows once it no longer holds its session on the server.

Another laptop opened the session after this window lost its connection: nothing more
is saved from here. What the window shows stays on screen (and what was typed stays in
the capture bar); the bar offers to take the session back once it is free, or to keep
what this window shows as a copy of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class HoldBar(QFrame):
    """A sentence and two buttons: *Take it back* and *Save as a copy* (hidden until needed)."""

    take_back_requested = Signal()
    copy_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("HoldBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.take_back_button = QPushButton("Ta&ke it back")
        self.take_back_button.setToolTip(
            "Open the session here again, as it is stored now, once the other laptop let it go"
        )
        self.copy_button = QPushButton("Save as a cop&y")
        self.copy_button.setToolTip(
            "Keep what this window shows (and what you typed) as a new session of its own"
        )
        self.take_back_button.clicked.connect(self.take_back_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.take_back_button)
        layout.addWidget(self.copy_button)
        self.hide()

    def show_lost(self, text: str) -> None:
        """Say why nothing more is saved here, and offer the two ways on."""
        self.label.setText(text)
        self.show()

    def lost(self) -> bool:
        """Whether the window is showing that it lost its hold."""
        return not self.isHidden()
