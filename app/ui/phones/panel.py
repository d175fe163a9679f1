"""The facilitator's phones panel: the join code, who is on a phone, and the switches."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.format_helpers import counted
from app.ui.qr_code import QrCode

QR_SIDE = 180
"""The panel's code: big enough for a phone held over the laptop."""


def joined_line(phones: int) -> str:
    """``"3 phones joined"``; ``"No phone has joined yet"``."""
    return f"{counted(phones, 'phone')} joined" if phones else "No phone has joined yet"


class PhonesPanel(QWidget):
    """Join code and address, the phones' count, people on phones, and the two switches."""

    release_requested = Signal(str)
    """Let the phone speaking for this person (its id) pick again."""
    renew_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Phones are off")
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        self.qr = QrCode(QR_SIDE)
        self.address = QPlainTextEdit()
        self.address.setReadOnly(True)
        self.address.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.address.setAccessibleName("Join address")
        self.address.setMaximumHeight(self.address.fontMetrics().lineSpacing() * 4 + 12)
        self.count = QLabel(joined_line(0))
        self.count.setAccessibleName("Phones joined")
        self.people_heading = QLabel("On a phone")
        self.people_heading.setObjectName("SectionTitle")
        self.people = QVBoxLayout()
        self.people.setSpacing(4)
        self.renew_button = QPushButton("New join code")
        self.renew_button.setToolTip("Every phone that joined is let go and must scan again")
        self.renew_button.clicked.connect(self.renew_requested)
        self.stop_button = QPushButton("Stop phones")
        self.stop_button.clicked.connect(self.stop_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.renew_button)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.address)
        layout.addWidget(self.count)
        layout.addWidget(self.people_heading)
        layout.addLayout(self.people)
        layout.addLayout(buttons)
        layout.addStretch()
        self.release_buttons: dict[str, QPushButton] = {}
        self.show_off()

    def show_on(self, join_address: str, network: str) -> None:
        """Phones are on at ``join_address`` (on ``network``, in words)."""
        self.heading.setText(f"Phones are on: {network}")
        self.qr.set_text(join_address)
        self.address.setPlainText(join_address)
        for widget in (self.qr, self.address, self.count, self.renew_button, self.stop_button):
            widget.show()

    def show_off(self) -> None:
        """Phones are off: nothing to scan, nobody on a phone."""
        self.heading.setText("Phones are off. Session → Phones in the room… turns them on.")
        self.qr.set_text("")
        self.address.setPlainText("")
        for widget in (self.qr, self.address, self.count, self.renew_button, self.stop_button):
            widget.hide()
        self.show_people({}, {})

    def show_count(self, phones: int) -> None:
        """How many phones have joined."""
        self.count.setText(joined_line(phones))

    def show_people(self, claimed: Mapping[str, str], names: Mapping[str, str]) -> None:
        """The people spoken for by a phone (their ids, and that phone), each with Let go."""
        while self.people.count():
            child = self.people.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.release_buttons = {}
        for person_id, device in claimed.items():
            name = names.get(person_id, "someone")
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f"{name} ({device})")
            label.setTextFormat(Qt.TextFormat.PlainText)
            button = QPushButton("Let go")
            button.setToolTip(f"{name}'s phone picks a name again; the dots stay")
            button.setAccessibleName(f"Let {name}'s phone go")
            button.clicked.connect(lambda _=False, pid=person_id: self.release_requested.emit(pid))
            line.addWidget(label, 1)
            line.addWidget(button)
            self.people.addWidget(row)
            self.release_buttons[person_id] = button
        self.people_heading.setVisible(bool(claimed))
