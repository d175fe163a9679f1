"""What an empty library shows: the first thing to do, and the demo session one key away.

A facilitator who opens Dotstorm for the first time meets an empty database. The
library then shows one line, a button that opens the demo session (stored first if
it is missing, :meth:`SessionsController.open_demo`), and where New session and
Import are. The window shows it only while the library holds no session at all; the
keyboard starts on the button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

FIRST_STEP = "No sessions yet. Start by looking around the demo session."
POINTERS = "Or set up your own with New session (Ctrl+N), or Import (Ctrl+I) a session file."
COLUMN_WIDTH = 720
"""The text's column, in pixels: short lines, centred at any window size."""


class EmptyLibrary(QFrame):
    """The first-run page of the session list: a line, the demo's button, the pointers."""

    def __init__(self, demo_action: QAction) -> None:
        super().__init__()
        self.setObjectName("EmptyLibrary")
        self.line = QLabel(FIRST_STEP)
        self.line.setObjectName("EmptyState")
        self.line.setWordWrap(True)
        self.demo_button = QPushButton(demo_action.text())  # its & is the Alt key
        self.demo_button.setObjectName("Primary")
        mnemonic = QKeySequence.mnemonic(demo_action.text())
        self.demo_button.setToolTip(mnemonic.toString(QKeySequence.SequenceFormat.NativeText))
        self.demo_button.setAutoDefault(True)  # Enter presses it, as Space does
        self.demo_button.clicked.connect(demo_action.trigger)
        demo_action.enabledChanged.connect(self.demo_button.setEnabled)
        self.demo_button.setEnabled(demo_action.isEnabled())
        self.pointers = QLabel(POINTERS)
        self.pointers.setObjectName("Hint")
        self.pointers.setWordWrap(True)
        self.pointers.setAlignment(Qt.AlignmentFlag.AlignCenter)

        column = QWidget()
        column.setMaximumWidth(COLUMN_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(18)
        column_layout.addWidget(self.line)
        column_layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column_layout.addWidget(self.pointers)
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(column, 8)
        across.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(2)
        layout.addLayout(across)
        layout.addStretch(3)  # a little above the middle, where the eye lands
        self.setFocusProxy(self.demo_button)
