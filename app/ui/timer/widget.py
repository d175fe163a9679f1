"""The timer on screen: phase name, big digits that change colour, and the controls."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.countdown import Cue, format_clock
from app.ui import shortcuts as K
from app.ui.timer.brainwriting import round_words
from app.ui.timer.phase_timer import PhaseTimer

CUE_STYLES = {
    Cue.CALM: ("#FFFFFF", "#1F2933"),
    Cue.LAST_MINUTE: ("#FFB020", "#1F2933"),
    Cue.LAST_SECONDS: ("#D92D20", "#FFFFFF"),
    Cue.OVERTIME: ("#B42318", "#FFFFFF"),
}
"""Background and text colour of the digits for each cue (amber, then red)."""
PAUSED_TEXT = "#7B8794"
DIGIT_PIXELS = 40
COMPACT_DIGIT_PIXELS = 26
DIGITS_PADDING = 10
WIDEST_TIME = "+88:88"
TIMER_KEYS = K.hint(*K.TIMER_KEYS)


def timer_text(timer: PhaseTimer) -> tuple[str, str]:
    """(digits, state line) for the current phase."""
    phase = timer.phase
    if phase is None:
        return "—", "All phases done"
    remaining = timer.remaining()
    digits = format_clock(remaining)
    state = (
        "running"
        if timer.running
        else ("ready" if timer.countdown and timer.countdown.elapsed() == 0 else "paused")
    )
    if remaining <= 0:
        state = f"over time, {state}"
    if timer.board_locked:
        state = "time is up: board locked"
    number, count = timer.position()
    rounds = round_words(timer)
    if rounds is not None:  # 6-3-5: the digits count down the round
        digits = rounds[0]
        return digits, f"{phase.title}  ·  {rounds[1]}  ·  {number} of {count}  ·  {state}"
    return digits, f"{phase.title}  ·  {number} of {count}  ·  {state}"


NO_PHASE = "No phase is on the timer: all are done, or the agenda is empty (Ctrl+Shift+A)."
AT_THE_END = {
    K.TIMER_NEXT: "That is the last phase (Ctrl+PgDown offers to end the session).",
    K.TIMER_PREVIOUS: "That is the first phase.",
}
"""What N and P say when there is no phase that way."""


def handle_timer_key(
    timer: PhaseTimer, event: QKeyEvent, say: Callable[[str], object] = lambda _text: None
) -> bool:
    """The timer's plain keys; ``True`` when the key was one of them.

    A key that cannot act (no phase on the timer, no phase that way) tells ``say`` why.
    """
    actions: dict[K.Shortcut, Callable[[], object]] = {
        K.TIMER_TOGGLE: timer.toggle,
        K.TIMER_MORE: timer.add_minute,
        K.TIMER_LESS: timer.take_minute,
        K.TIMER_NEXT: timer.next_phase,
        K.TIMER_PREVIOUS: timer.previous_phase,
        K.TIMER_RESTART: timer.restart,
    }
    for shortcut, action in actions.items():
        if K.pressed(shortcut, event):
            if shortcut in AT_THE_END:
                if action() is False:
                    say(AT_THE_END[shortcut] if timer.phase is not None else NO_PHASE)
            elif timer.countdown is None:
                say(NO_PHASE)
            else:
                action()
            return True
    return False


class TimerWidget(QFrame):
    """Compact timer for the session window; with focus, it takes the timer keys."""

    mute_toggled = Signal(bool)
    message = Signal(str)
    """Why a timer key could not act, for the status bar."""

    def __init__(self, timer: PhaseTimer, muted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timer = timer
        self._digit_pixels = DIGIT_PIXELS
        self.setObjectName("TimerWidget")
        # Never wider than it needs: the header's texts (the question in a ballot's strip)
        # take the rest of the row.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(f"Click here (or F6 to it), then: {TIMER_KEYS}")
        self.digits = QLabel()
        self.digits.setObjectName("TimerDigits")
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # As wide as the widest time it can show, so that it never jumps as it counts.
        self.digits.setFixedWidth(digits_width(DIGIT_PIXELS))
        self.state_label = QLabel()
        self.state_label.setObjectName("TimerState")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        # A long phase title ("Review: what happened with last time's experiments?")
        # wraps instead of widening the window past a 1280-pixel screen.
        self.state_label.setWordWrap(True)

        def button(text: str, what: str, handler: object, keys: str = "") -> QPushButton:
            made = QPushButton(text)
            made.setObjectName("TimerButton")
            made.setToolTip(f"{what} ({keys.replace('-', '−')})" if keys else what)
            made.setAccessibleName(what)  # "◀" and "↺" say nothing to a screen reader
            made.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            made.clicked.connect(handler)
            return made

        def key_button(text: str, shortcut: K.Shortcut, handler: object) -> QPushButton:
            return button(text, shortcut.what, handler, shortcut.label)

        self.previous_button = key_button("◀", K.TIMER_PREVIOUS, timer.previous_phase)
        self.start_button = key_button("Start", K.TIMER_TOGGLE, timer.toggle)
        self.start_button.setObjectName("TimerStart")
        self.minus_button = key_button("−1", K.TIMER_LESS, timer.take_minute)
        self.plus_button = key_button("+1", K.TIMER_MORE, timer.add_minute)
        self.restart_button = key_button("↺", K.TIMER_RESTART, timer.restart)
        self.next_button = key_button("▶", K.TIMER_NEXT, timer.next_phase)
        self.mute_button = button("", "Chime on or off", self._toggle_mute)
        self.mute_button.setCheckable(True)
        self.mute_button.setChecked(muted)

        self.buttons = (
            self.previous_button,
            self.start_button,
            self.minus_button,
            self.plus_button,
            self.restart_button,
            self.next_button,
            self.mute_button,
        )
        controls = QHBoxLayout()
        controls.setSpacing(4)
        for widget in self.buttons:
            controls.addWidget(widget)
        side = QVBoxLayout()
        side.setSpacing(2)
        side.addWidget(self.state_label)
        side.addLayout(controls)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.digits)
        layout.addLayout(side)
        timer.changed.connect(self.refresh)
        self.refresh()

    def set_compact(self, compact: bool) -> None:
        """Only the time, smaller (a ballot is on screen); or the whole timer again."""
        self._digit_pixels = COMPACT_DIGIT_PIXELS if compact else DIGIT_PIXELS
        self.digits.setFixedWidth(digits_width(self._digit_pixels))
        for widget in (self.state_label, *self.buttons):
            widget.setVisible(not compact)
        self.refresh()

    def _toggle_mute(self) -> None:
        self.refresh()
        self.mute_toggled.emit(self.mute_button.isChecked())

    def refresh(self) -> None:
        """Show the time left, the state, and the urgency colour."""
        digits, state = timer_text(self.timer)
        self.digits.setText(digits)
        self.state_label.setText(state)
        self.setAccessibleName("Timer")
        self.setAccessibleDescription(f"{digits.replace('—', 'no time')}, {state}. {TIMER_KEYS}")
        background, text = CUE_STYLES[self.timer.cue()]
        if self.timer.phase is not None and not self.timer.running and self.timer.remaining() > 0:
            text = PAUSED_TEXT
        # Sizes go in the widget's own style sheet: the application's overrides setFont().
        self.digits.setStyleSheet(
            f"QLabel#TimerDigits {{ background: {background}; color: {text};"
            f" font-size: {self._digit_pixels}px; }}"
        )
        self.start_button.setText("Pause" if self.timer.running else "Start")
        has_phase = self.timer.phase is not None
        for widget in (
            self.start_button,
            self.minus_button,
            self.plus_button,
            self.restart_button,
        ):
            widget.setEnabled(has_phase)
        number, _count = self.timer.position()
        self.previous_button.setEnabled(number > 1)
        self.next_button.setEnabled(has_phase)
        self.mute_button.setText("Chime off" if self.mute_button.isChecked() else "Chime on")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space, +, −, N, P and R drive the timer while it has focus."""
        if not handle_timer_key(self.timer, event, self.message.emit):
            super().keyPressEvent(event)


def digits_width(pixel_size: int) -> int:
    """The width that holds the widest time the timer shows (``+88:88``) in bold digits."""
    font = QFont()
    font.setPixelSize(pixel_size)
    font.setWeight(QFont.Weight.Bold)
    return int(QFontMetricsF(font).horizontalAdvance(WIDEST_TIME)) + 2 * DIGITS_PADDING + 8
