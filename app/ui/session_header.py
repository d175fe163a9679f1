"""The top of a session window: title, question, goal, the timer and the phase."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.agenda import PHASE_KIND_LABELS, format_duration
from app.core.format_helpers import counted
from app.core.goals import goal_line
from app.ui.document import SessionDocument
from app.ui.fitting_label import FittingLabel
from app.ui.timer.phase_timer import PhaseTimer
from app.ui.timer.widget import TimerWidget

QUESTION_SIZES = (30, 20, 2)
"""The question: 30 px on one line, stepping down; two lines of 20 px at the most."""
GOAL_SIZES = (18, 15, 2)
"""The goal under the title: 18 px, two lines of 15 px at the most."""
COMPACT_QUESTION_SIZES = (20, 15, 2)
"""The question in the ballot's strip."""


class SessionHeader(QWidget):
    """Shows what the session is for and where it is; follows the document itself."""

    phase_chosen = Signal(str)
    """The facilitator picked a phase from the list (its id)."""
    reveal_requested = Signal()
    """The Reveal button was pressed."""

    def __init__(self, document: SessionDocument, timer: PhaseTimer, muted: bool) -> None:
        super().__init__()
        self.document = document
        self._compact = False
        self.title_label = plain_label("PageSubtitle")
        self.question_label = FittingLabel(*QUESTION_SIZES)
        self.question_label.setObjectName("Question")
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Fitting labels are exactly as tall as their wrapped text: the header's dock
        # area asks for a size hint, and a plain wrapped label's is three lines tall.
        self.goal_label = FittingLabel(*GOAL_SIZES)
        self.goal_label.setObjectName("Goal")
        self.goal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The technique's line (a SCAMPER prompt, whose ideas NGT turned up): what the
        # room's view shows under the question, for the facilitator too.
        self.technique_label = FittingLabel(*GOAL_SIZES)
        self.technique_label.setObjectName("TechniqueLine")
        self.technique_label.setAccessibleName("Technique")
        self.technique_label.hide()
        self.timer_widget = TimerWidget(timer, muted=muted)
        self.phase_combo = QComboBox()
        self.phase_combo.setToolTip("The phase the session is in")
        self.phase_combo.setPlaceholderText("All phases done")
        self.phase_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.phase_combo.setMinimumContentsLength(16)
        self.phase_combo.activated.connect(self._choose_phase)
        self.reveal_button = QPushButton()
        self.reveal_button.setObjectName("Primary")
        self.reveal_button.clicked.connect(self.reveal_requested)

        # The top row: what the session is and where it is (title, goal, the phase and
        # Reveal) beside the timer; the question has the whole width below, so that a
        # long one takes two lines instead of five beside the timer.
        under = QHBoxLayout()
        under.setContentsMargins(0, 4, 0, 0)
        under.addWidget(self.phase_combo, 1)
        under.addWidget(self.reveal_button)
        self.texts = QVBoxLayout()
        self.texts.setSpacing(0)
        self.texts.addWidget(self.title_label)
        self.texts.addWidget(self.goal_label)
        self.texts.addLayout(under)
        self.texts.addStretch()
        controls = QVBoxLayout()
        controls.addWidget(self.timer_widget)
        controls.addStretch()
        top = QHBoxLayout()
        top.addLayout(self.texts, 1)
        top.addLayout(controls)
        self._top_row = top
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.question_label)
        layout.addWidget(self.technique_label)
        self._question_row = layout

        for signal in (document.agenda_changed, document.reloaded, document.goal_changed):
            signal.connect(self.refresh)
        for signal in (document.notes_added, document.notes_changed, document.notes_removed):
            signal.connect(self._count_hidden)
            signal.connect(self._show_technique)
        self.refresh()

    def set_compact(self, compact: bool) -> None:
        """A ballot is on screen: one strip (the question and the time), the rest hidden.

        The voter needs the items, not the set-up; the phase list and Reveal are the
        facilitator's, and come back with the curtain.
        """
        self._compact = compact
        self.question_label.setObjectName("QuestionCompact" if compact else "Question")
        self.question_label.style().unpolish(self.question_label)
        self.question_label.style().polish(self.question_label)
        # In the strip the question sits beside the small timer, on one or two lines.
        if compact:
            self._question_row.removeWidget(self.question_label)
            self._top_row.insertWidget(0, self.question_label, 1)
            self.question_label.set_sizes(*COMPACT_QUESTION_SIZES)
        else:
            self._top_row.removeWidget(self.question_label)
            self._question_row.insertWidget(1, self.question_label)
            self.question_label.set_sizes(*QUESTION_SIZES)
        self.title_label.setVisible(not compact)
        self.goal_label.setVisible(not compact and bool(self.document.session.goal))
        self.phase_combo.setVisible(not compact and bool(self.document.phases))
        self.timer_widget.set_compact(compact)
        self._count_hidden()
        self._show_technique()

    def refresh(self) -> None:
        """Texts and the agenda's phases, from the document."""
        session = self.document.session
        self.title_label.setText(session.title)
        self.question_label.setText(session.question or "No question set yet.")
        self.goal_label.setText(goal_line(session))
        self.goal_label.setVisible(bool(session.goal) and not self._compact)
        self.phase_combo.clear()
        for phase in session.phases:
            kind = PHASE_KIND_LABELS[phase.kind]
            label = f"{phase.title or kind} ({format_duration(phase.planned_seconds)})"
            self.phase_combo.addItem(label, phase.id)
        self.phase_combo.setVisible(bool(session.phases) and not self._compact)
        current = self.document.current_phase
        self.phase_combo.setCurrentIndex(
            -1 if current is None else self.phase_combo.findData(current.id)
        )
        self._count_hidden()
        self._show_technique()

    def _show_technique(self, *_: object) -> None:
        line = self.document.technique_line()
        self.technique_label.setText(line)
        self.technique_label.setVisible(bool(line) and not self._compact)

    def _count_hidden(self, *_: object) -> None:
        hidden = len(self.document.board.hidden_notes())
        self.reveal_button.setText(f"Reveal {counted(hidden, 'note')}")
        self.reveal_button.setVisible(hidden > 0 and not self._compact)

    def _choose_phase(self, index: int) -> None:
        phase_id = self.phase_combo.itemData(index)
        if isinstance(phase_id, str):
            self.phase_chosen.emit(phase_id)


def plain_label(name: str) -> QLabel:
    """A label that shows text exactly as typed (never markup), selectable by mouse."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
