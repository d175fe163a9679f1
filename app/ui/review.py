"""The review of last time: the experiments it brought back, and their outcomes.

A session started with a review of last time (same goal) carries the earlier open
actions as notes. While its review phase runs, a notice under the header says how many
of those experiments still have no outcome, and Ctrl+Shift+O lists them to record each
one: the outcome belongs to the earlier session's action, and its decision moves the
idea it came from, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.backlog import REVIEW_PHASE_TITLE, ActionEntry
from app.core.format_helpers import counted
from app.core.goal_report import outcome_summary
from app.core.types import Phase
from app.ui import shortcuts as K
from app.ui.backlog.commands import RecordOutcomeCommand
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class ReviewOutcomesDialog(QDialog):
    """Last time's experiments; Enter on one records its outcome, Esc closes."""

    def __init__(self, document: SessionDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Last time's experiments")
        self.setMinimumWidth(640)
        self.document = document
        self.summary = QLabel()
        self.summary.setObjectName("PageSubtitle")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Last time's experiments")
        self.list.itemActivated.connect(self.record)
        hint = QLabel("Enter records the outcome of the experiment chosen · Esc closes")
        hint.setObjectName("Hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """List the experiments as stored now, the first one without an outcome chosen."""
        entries = self.document.actions.reviewed_experiments()
        self.list.clear()
        for entry in entries:
            owner = f" ({entry.owner})" if entry.owner else ""
            item = QListWidgetItem(
                f"{entry.title}{owner}\n{outcome_summary(entry.outcome)}  ·  {entry.session_title}"
            )
            item.setData(ENTRY_ROLE, entry)
            self.list.addItem(item)
        missing = [e for e in entries if e.outcome is None]
        self.summary.setText(review_summary(entries))
        first = next((i for i, e in enumerate(entries) if e in missing), 0)
        self.list.setCurrentRow(first if entries else -1)
        self.list.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter reaches here after the list has recorded its item: it never closes."""
        if K.pressed(K.DIALOG_OK, event):
            return
        super().keyPressEvent(event)

    def record(self, item: QListWidgetItem) -> None:
        """Ask the outcome of one experiment and store it as an undo step."""
        from app.ui.outcome_dialog import OutcomeDialog

        entry = item.data(ENTRY_ROLE)
        assert isinstance(entry, ActionEntry)
        dialog = OutcomeDialog(entry.title, entry.outcome, self)
        if dialog.exec() != OutcomeDialog.DialogCode.Accepted:
            return
        before = self.document.actions.earlier_idea_state(entry)
        store = self.document.actions.record_earlier_outcome
        self.document.steps.push(
            RecordOutcomeCommand(store, self.document.trail, entry, dialog.outcome(), before)
        )
        self.refresh()


def review_summary(entries: Sequence[ActionEntry]) -> str:
    """How last time's experiments stand: "3 of last time's experiments: 2 without…"."""
    missing = sum(e.outcome is None for e in entries)
    head = f"{counted(len(entries), 'experiment')} came back from last time"
    if not missing:
        return f"{head}; each has its outcome."
    return f"{head}; {missing} without an outcome yet."


def is_review(phase: Phase | None) -> bool:
    """Whether ``phase`` is the review of last time a new session starts with."""
    return phase is not None and phase.title == REVIEW_PHASE_TITLE


class ReviewController(QObject):
    """The notice while the review runs, and Ctrl+Shift+O to record the missing outcomes."""

    message = Signal(str)
    """A sentence for the status bar."""

    def __init__(self, document: SessionDocument, window: QWidget) -> None:
        super().__init__(window)
        self.document = document
        self._window = window
        self.notice = QLabel()
        self.notice.setObjectName("ReviewNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.outcomes_action = make_action(
            self,
            "Outcomes of &last time's experiments…",
            self.record_outcomes,
            keys=K.REVIEW_OUTCOMES,
            keys_work_in=window,
        )
        self._phase: Phase | None = None
        # Not the undo stack's indexChanged: a Python slot there receives the error of
        # a redo that failed (a full disk) and swallows it. The document says when an
        # earlier outcome was stored or taken back. A bound slot, so that it goes with
        # this controller when its window closes.
        document.elsewhere_changed.connect(self._outcome_stored)

    def _outcome_stored(self, *_: object) -> None:
        self._update_notice()

    def follow_phase(self, phase: Phase | None) -> None:
        """The review phase shows the notice; other phases hide it."""
        self._phase = phase
        self._update_notice()

    def _update_notice(self) -> None:
        if not shiboken6.isValid(self.notice):
            return
        if not is_review(self._phase):
            self.notice.hide()
            return
        entries = self.document.actions.reviewed_experiments()
        if not entries:
            self.notice.hide()
            return
        self.notice.setText(f"{review_summary(entries)} Ctrl+Shift+O records the outcomes.")
        self.notice.show()

    def record_outcomes(self) -> None:
        """List last time's experiments to record their outcomes."""
        if not self.document.actions.reviewed_experiments():
            self.message.emit("This session brought back no experiments from last time.")
            return
        ReviewOutcomesDialog(self.document, self._window).exec()
        self._update_notice()
