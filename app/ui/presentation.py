"""What the room sees: timer, question, phase and the board, dark and large.

One window serves both uses. On the projector (a second screen) it follows the
facilitator's board while the controls stay on the laptop. With one screen it is
the presentation mode (F11), and then the timer keys work in it too.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.ui.board.scene import BoardScene
from app.ui.board.view import BoardView
from app.ui.document import SessionDocument
from app.ui.timer.phase_timer import PhaseTimer
from app.ui.timer.widget import CUE_STYLES, handle_timer_key, timer_text

DIGITS_SHARE = 0.22
"""Timer digits' height as a share of the window's (the room needs at least 15 %)."""

AUDIENCE_STYLE = """
QWidget#Audience {{ background: #0B0F14; }}
QLabel {{ color: #F5F7FA; }}
QLabel#AudiencePhase {{ color: #9FB3C8; font-weight: 600; font-size: {phase}px; }}
QLabel#AudienceQuestion {{ font-weight: 700; font-size: {question}px; }}
QLabel#AudienceHint {{ color: #7B8794; font-size: {hint}px; }}
"""
"""Sizes go in the style sheet: the application's style sheet overrides setFont()."""


class AudienceWindow(QWidget):
    """Timer, question, phase and the facilitator's board, for the back of the room."""

    closed = Signal()

    def __init__(
        self,
        document: SessionDocument,
        timer: PhaseTimer,
        scene: BoardScene,
        follow: BoardView,
        controls: bool,
    ) -> None:
        super().__init__()
        self.setObjectName("Audience")
        self.setWindowTitle(f"{document.session.title} — Dotstorm (audience)")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._digit_pixels = 120
        self.document = document
        self.timer = timer
        self.controls = controls
        self._follow_view = follow

        self.phase_label = _label("AudiencePhase")
        self.digits = _label("AudienceDigits")
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question_label = _label("AudienceQuestion")
        self.question_label.setWordWrap(True)
        self.hint = _label("AudienceHint")
        self.hint.setText(
            "Space start/pause · + / − a minute · N next · P previous · Esc leaves"
            if controls
            else ""
        )
        self.hint.setVisible(controls)
        self.board = QGraphicsView(scene)
        self.board.setInteractive(False)
        self.board.setFrameShape(QFrame.Shape.NoFrame)
        self.board.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.board.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.board.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.board.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self.board.setBackgroundBrush(follow.backgroundBrush())

        top = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(self.phase_label)
        texts.addWidget(self.question_label)
        top.addLayout(texts, 1)
        top.addWidget(self.digits)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 16)
        layout.addLayout(top)
        layout.addWidget(self.board, 1)
        layout.addWidget(self.hint)

        timer.changed.connect(self.refresh)
        document.agenda_changed.connect(self.refresh)
        follow.zoom_changed.connect(self.follow)
        follow.horizontalScrollBar().valueChanged.connect(self.follow)
        follow.verticalScrollBar().valueChanged.connect(self.follow)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.refresh()

    def refresh(self) -> None:
        """Phase, time left (in its urgency colour) and the question."""
        digits, state = timer_text(self.timer)
        self.digits.setText(digits)
        self.phase_label.setText(state)
        self.question_label.setText(self.document.session.question)
        background, text = CUE_STYLES[self.timer.cue()]
        if background == "#FFFFFF":
            background, text = "#1F2933", "#F5F7FA"
        self.digits.setStyleSheet(
            f"QLabel#AudienceDigits {{ background: {background}; color: {text};"
            f" border-radius: 16px; padding: 0 24px; font-weight: 800;"
            f" font-size: {self._digit_pixels}px; }}"
        )

    def follow(self, *_: object) -> None:
        """Show the part of the board the facilitator is looking at."""
        view = self._follow_view
        self.board.setTransform(view.transform())
        center = view.mapToScene(view.viewport().rect().center())
        self.board.centerOn(QPointF(center))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Type sized from the window's height, so the back row can read it."""
        super().resizeEvent(event)
        height = self.height()
        self._digit_pixels = max(48, int(height * DIGITS_SHARE))
        self.setStyleSheet(
            AUDIENCE_STYLE.format(
                phase=max(16, int(height * 0.045)),
                question=max(18, int(height * 0.06)),
                hint=max(12, int(height * 0.025)),
            )
        )
        self.refresh()
        self.follow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc or F11 leaves; in presentation mode the timer keys work here."""
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
            return
        if self.controls and handle_timer_key(self.timer, event):
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Tell the session window the room's view is gone."""
        super().closeEvent(event)
        self.closed.emit()


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
