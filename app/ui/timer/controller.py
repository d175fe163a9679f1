"""The timer controller: the agenda's and the countdown's actions for one session window.

It owns the phase timer and its QActions, follows the document's agenda itself, turns
an agenda edit into one undo step, ends the session, and takes the periodic backup
while a phase runs. The window only places the actions in its menus.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.countdown import Clock
from app.core.types import Phase
from app.ui import shortcuts as K
from app.ui.dialogs import confirm
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action
from app.ui.settings import AppSettings
from app.ui.timer.agenda_dialog import AgendaDialog
from app.ui.timer.commands import EditAgendaCommand
from app.ui.timer.phase_timer import AskAboutGap, Chime, PhaseTimer

MUTED_KEY = "timer/muted"
BACKUP_EVERY_MS = 30 * 60 * 1000


class TimerController(QObject):
    """Start, pause, minutes, phases, the agenda and the end of the session."""

    toggle_action: QAction
    add_minute_action: QAction
    take_minute_action: QAction
    restart_action: QAction
    next_action: QAction
    previous_action: QAction
    unlock_action: QAction
    agenda_action: QAction
    end_action: QAction

    message = Signal(str)
    """One line for the status bar (time is up, the session ended, a backup failed)."""
    phase_entered = Signal(object)
    """The session moved to another phase (``Phase``, or ``None`` when all are done)."""

    def __init__(
        self,
        document: SessionDocument,
        window: QWidget,
        settings: AppSettings,
        clock: Clock,
        chime: Chime,
        ask_about_gap: AskAboutGap | None = None,
    ) -> None:
        super().__init__(window)
        self.document = document
        self._window = window
        self._settings = settings
        self._ask_about_gap = ask_about_gap or self._ask_gap_question
        self.timer = PhaseTimer(document, clock, chime, muted=lambda: self.muted)
        phase = self.timer.phase
        self._phase_id = phase.id if phase else None
        self.timer.changed.connect(self._timer_changed)
        self.timer.reached_zero.connect(self._time_is_up)
        self._build_actions()
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(self.periodic_backup)
        self.backup_timer.start()

    def _build_actions(self) -> None:
        timer, window = self.timer, self._window
        # Keys that text fields leave alone, so they work while typing an idea.
        entries = (
            ("toggle_action", "&Start or pause", timer.toggle, K.START_PAUSE),
            ("add_minute_action", "&One minute more", timer.add_minute, K.MINUTE_MORE),
            ("take_minute_action", "One minute &less", timer.take_minute, K.MINUTE_LESS),
            ("restart_action", "&Restart this phase", timer.restart, None),
            ("next_action", "&Next phase", self.next_phase, K.NEXT_PHASE),
            ("previous_action", "&Previous phase", timer.previous_phase, K.PREVIOUS_PHASE),
            ("unlock_action", "&Unlock the board", timer.unlock_board, K.UNLOCK),
            ("agenda_action", "&Agenda…", self.edit_agenda, K.AGENDA),
            ("end_action", "&End the session…", self.end_session, None),
        )
        for name, text, handler, keys in entries:
            setattr(self, name, make_action(self, text, handler, keys=keys, keys_work_in=window))

    # ------------------------------------------------------------------ reading

    @property
    def muted(self) -> bool:
        """Whether the chime is off (remembered across sessions)."""
        return self._settings.flag(MUTED_KEY)

    def set_muted(self, muted: bool) -> None:
        """Turn the chime off or on."""
        self._settings.set_flag(MUTED_KEY, muted)

    @property
    def actions(self) -> list[QAction | None]:
        """The Timer menu, in order (``None`` marks a separator)."""
        return [
            self.toggle_action,
            self.add_minute_action,
            self.take_minute_action,
            self.restart_action,
            self.next_action,
            self.previous_action,
            self.unlock_action,
            None,
            self.agenda_action,
            self.end_action,
        ]

    # ------------------------------------------------------------------ controls

    def next_phase(self) -> None:
        """Move on; after the last phase, offer to end the session."""
        if not self.timer.next_phase() and self.timer.phase is not None:
            self.end_session()

    def choose_phase(self, phase_id: str) -> None:
        """Jump to a phase picked from the list."""
        self.timer.go_to(phase_id)

    def edit_agenda(self) -> None:
        """Change the agenda, before or during the session: one undo step."""
        self.timer.checkpoint()
        before = self.document.phases
        dialog = AgendaDialog(before, self._window)
        if dialog.exec() != AgendaDialog.DialogCode.Accepted:
            return
        after = dialog.phases()
        if after != before:
            self.document.steps.push(EditAgendaCommand(self.document, before, after))

    def end_session(self) -> None:
        """Finish the session after the facilitator confirms."""
        if not confirm(
            self._window,
            "End the session",
            "End the session now? Each phase keeps the time it ran, for the minutes.",
        ):
            return
        self.timer.finish_session()
        backed_up = self.document.backup("session-end")
        self.message.emit(
            f"The session has ended. Everything is saved; {K.UNDO.label} opens it again. "
            f"{backed_up.text}".strip()
        )

    def periodic_backup(self) -> None:
        """Every 30 minutes while a phase runs, a verified backup (quietly, unless it fails)."""
        if self.timer.running:
            report = self.document.backup("periodic")
            if report.trouble:  # a backup that went well stays quiet
                self.message.emit(report.text)

    def window_shown(self) -> None:
        """The window is on screen: ask about a long gap in a running timer, if there was one."""
        if self.timer.pending_recovery is not None:
            QTimer.singleShot(0, self, lambda: self.timer.settle_recovery(self._ask_about_gap))

    def stop(self) -> None:
        """The window is closing: a last checkpoint, and no more timers."""
        self.timer.stop()
        self.backup_timer.stop()

    # ------------------------------------------------------------------ following

    def _timer_changed(self) -> None:
        phase = self.timer.phase
        phase_id = phase.id if phase else None
        if phase_id != self._phase_id:
            self._phase_id = phase_id
            self.phase_entered.emit(phase)

    def _time_is_up(self) -> None:
        phase = self.timer.phase
        name = phase.title if phase else "this phase"
        locked = "  The board is locked (Ctrl+U unlocks)." if self.timer.board_locked else ""
        self.message.emit(f"Time is up for {name}.{locked}")

    def _ask_gap_question(self, phase: Phase, gap_seconds: float) -> bool:
        minutes = round(gap_seconds / 60)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "The timer was running",
            f"The timer for “{phase.title}” was running when Dotstorm closed, {minutes} "
            "minutes ago. Count that time, or pause the timer where it was?",
            parent=self._window,
        )
        keep = box.addButton("Keep counting", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Pause where it was", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is keep
