"""What the room sees: the phase, the question, the goal, the timer and the board.

One window serves both uses. On the projector (a second screen) the controls stay on
the laptop and Alt-keys there turn its pages. With one screen it is the presentation
mode (F11), and then the timer's and the room's own keys work in it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.format_helpers import counted
from app.core.goals import goal_line
from app.core.techniques.phase_line import phase_groups
from app.ui import shortcuts as K
from app.ui.document import SessionDocument
from app.ui.qr_code import QrCode
from app.ui.room.canvas import RoomCanvas
from app.ui.room.groups import RoomGroups
from app.ui.timer.brainwriting import sheet_counts
from app.ui.timer.phase_timer import PhaseTimer
from app.ui.timer.widget import CUE_STYLES, handle_timer_key, timer_text

QR_SHARE = 0.2
"""The join code's side as a share of the window's height (144 px at 720): a phone reads
it from the middle of a room."""
DIGITS_SHARE = 0.13
"""The timer's font size as a share of the window's height (94 px at 720). The digits
themselves are about 73 % of it: 9.5 % of the height, 68 px at 720, read across a room
(tests/ui/test_room_timer.py measures them against the README)."""
GROUPS_SHARE = 0.3
"""How much of the window's height 1-2-4-All's groups may take from the board (216 px at
720: fifteen pairs in three columns of five)."""

AUDIENCE_STYLE = """
QWidget#Audience {{ background: #0B0F14; }}
QLabel {{ color: #F5F7FA; }}
QLabel#AudiencePhase {{ color: #9FB3C8; font-weight: 600; font-size: {phase}px; }}
QLabel#AudienceQuestion {{ font-weight: 700; font-size: {question}px; }}
QLabel#AudienceGoal {{ color: #C3CFDB; font-size: {goal}px; }}
QLabel#AudiencePrompt {{ color: #FDE68A; font-weight: 600; font-size: {prompt}px; }}
QLabel#AudienceHint {{ color: #9AA5B1; font-size: {hint}px; }}
QLabel#AudiencePage {{ color: #F5F7FA; font-weight: 600; font-size: {hint}px; }}
QLabel#AudienceNotice {{ color: #FDE68A; font-weight: 600; font-size: {hint}px; }}
"""
"""Sizes go in the style sheet: the application's style sheet overrides setFont().
No family: the labels keep the application's (every bundled font, set at start)."""

HINT = K.hint(
    *K.TIMER_KEYS,
    K.ROOM_PAGE_NEXT,
    K.ROOM_PAGE_BACK,
    K.ROOM_TEXT_SMALLER,
    K.ROOM_TEXT_LARGER,
    K.ROOM_TEXT_FIT,
    K.ROOM_SPOTLIGHT,
    K.ROOM_LEAVE,
)
NOTICE_SECONDS = 8
"""How long a line about a key stays in the hint's place."""
PAGE_KEYS = {K.ROOM_PAGE_NEXT: 1, K.ROOM_PAGE_BACK: -1}
SIZE_KEYS = {K.ROOM_TEXT_LARGER: 1, K.ROOM_TEXT_SMALLER: -1, K.ROOM_TEXT_FIT: 0}


class AudienceWindow(QWidget):
    """Timer, question, goal, phase and the board reflowed for the back of the room."""

    closed = Signal()
    turn_requested = Signal(int)
    """A page key: forward (1) or back (-1)."""
    size_requested = Signal(int)
    """A text-size key: larger (1), smaller (-1), or the largest that fits (0)."""
    spotlight_requested = Signal()
    """F8: put the board's selection on the room's view, or take it off."""

    def __init__(self, document: SessionDocument, timer: PhaseTimer, controls: bool) -> None:
        super().__init__()
        self.setObjectName("Audience")
        self.setWindowTitle(f"{document.session.title} — Dotstorm (audience)")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._digit_pixels = 108
        self.document = document
        self.timer = timer
        self.controls = controls
        self._extra = ""

        self.phase_label = _label("AudiencePhase")
        self.digits = _label("AudienceDigits")
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question_label = _label("AudienceQuestion")
        self.question_label.setWordWrap(True)
        self.goal_label = _label("AudienceGoal")
        self.goal_label.setWordWrap(True)
        self.prompt_label = _label("AudiencePrompt")
        """The technique's line: 1-2-4-All's step, SCAMPER's prompt, whose ideas NGT showed."""
        self.prompt_label.setWordWrap(True)
        self.prompt_label.hide()
        self.groups = RoomGroups()
        """1-2-4-All's pairs or fours, with their people, during its pair or four step."""
        self.canvas = RoomCanvas()
        self.hint = _label("AudienceHint")
        self.hint.setText(HINT)
        self.hint.setWordWrap(True)  # any projector: its minimum must fit 800×600
        self.hint.setVisible(controls)
        self.page_label = _label("AudiencePage")
        self.canvas.paged.connect(self._show_page)
        self.notice = _label("AudienceNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_SECONDS * 1000)
        self._notice_timer.timeout.connect(self._end_notice)
        self.join_code = QrCode(144)
        self.join_count = _label("AudienceHint")
        self.join_count.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.join_address = _label("AudienceHint")
        self.join_address.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        join = QVBoxLayout()
        join.setSpacing(4)
        join.addWidget(self.join_code, 0, Qt.AlignmentFlag.AlignHCenter)
        join.addWidget(self.join_count)
        self.show_join(None, 0)

        top = QHBoxLayout()
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.phase_label)
        texts.addWidget(self.question_label)
        texts.addWidget(self.prompt_label)
        texts.addWidget(self.goal_label)
        top.addLayout(texts, 1)
        top.addLayout(join)
        top.addWidget(self.digits, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addWidget(self.notice, 1)  # in the hint's place, while it is shown
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.page_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 8)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.groups)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.join_address)
        layout.addLayout(bottom)

        timer.changed.connect(self.refresh)
        document.agenda_changed.connect(self.refresh)
        document.goal_changed.connect(self.refresh)
        document.notes_changed.connect(self.refresh)
        document.reloaded.connect(self.refresh)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.refresh()

    def refresh(self) -> None:
        """Phase, time left (in its urgency colour), the question and the goal."""
        digits, state = timer_text(self.timer)
        self.digits.setText(digits)
        counts = sheet_counts(self.document, self.timer)  # 6-3-5: counts, never texts
        self.phase_label.setText(f"{state}\n{counts}" if counts else state)
        session = self.document.session
        self.question_label.setText(session.question)
        self.goal_label.setText(goal_line(session))
        self.goal_label.setVisible(bool(session.goal))
        line = self.document.technique_line()
        self.prompt_label.setText(line)
        self.prompt_label.setVisible(bool(line))
        names = {person_id: person.name for person_id, person in self.document.people.items()}
        self.groups.set_groups(phase_groups(self.document.current_phase), names)
        background, text = CUE_STYLES[self.timer.cue()]
        if background == "#FFFFFF":
            background, text = "#1F2933", "#F5F7FA"
        self.digits.setStyleSheet(
            f"QLabel#AudienceDigits {{ background: {background}; color: {text};"
            f" border-radius: 14px; padding: 0 18px; font-weight: 800;"
            f" font-size: {self._digit_pixels}px; }}"
        )

    def show_join(self, address: str | None, phones: int) -> None:
        """The join code, its address and the phones joined; nothing while phones are off.

        The address is split before its token (``#t=…``) so it fits any projector.
        """
        on = address is not None
        self.join_code.set_text(address or "")
        joined = f"{counted(phones, 'phone')} joined" if phones else "Scan to join"
        self.join_count.setText(joined)
        base, _, token = (address or "").partition("#")
        self.join_address.setText(f"Join: {base}\n#{token}" if on else "")
        for widget in (self.join_code, self.join_count, self.join_address):
            widget.setVisible(on)

    def show_notice(self, text: str) -> None:
        """A line where the hint is, for a few seconds: what a key just did or cannot do."""
        self.notice.setText(text)
        self.notice.show()
        self.hint.hide()
        self._notice_timer.start()

    def _end_notice(self) -> None:
        self.notice.hide()
        self.hint.setVisible(self.controls)

    def show_note_on_page(self, text: str) -> None:
        """A word beside the page number (what the spotlight shows, for instance)."""
        self._extra = text
        self._show_page(self.canvas.page + 1, self.canvas.page_count)

    def _show_page(self, page: int, pages: int) -> None:
        extra = self._extra
        paging = f"page {page} of {pages}" if pages > 1 else ""
        self.page_label.setText("  ·  ".join(part for part in (extra, paging) if part))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Type sized from the window's height, so the back row can read it."""
        super().resizeEvent(event)
        height = self.height()
        self._digit_pixels = max(48, int(height * DIGITS_SHARE))
        self.join_code.set_side(max(96, int(height * QR_SHARE)))
        self.groups.set_room(int(height * 0.034), height * GROUPS_SHARE)
        self.setStyleSheet(
            AUDIENCE_STYLE.format(
                phase=max(16, int(height * 0.026)),
                question=max(20, int(height * 0.044)),
                goal=max(16, int(height * 0.028)),
                prompt=max(18, int(height * 0.034)),
                hint=max(14, int(height * 0.021)),
            )
        )
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc or F11 leaves; pages, text size and spotlight; the timer keys if in control."""
        if K.pressed(K.ROOM_LEAVE, event):
            self.close()
            return
        if K.pressed(K.ROOM_SPOTLIGHT, event):
            self.spotlight_requested.emit()
            return
        for shortcut, step in PAGE_KEYS.items():
            if K.pressed(shortcut, event):
                self.turn_requested.emit(step)
                return
        for shortcut, change in SIZE_KEYS.items():
            if K.pressed(shortcut, event):
                self.size_requested.emit(change)
                return
        if self.controls and handle_timer_key(self.timer, event, self.show_notice):
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
