"""The "Similar ideas" panel: pairs that may be one idea, best first, each with a choice.

Merge stacks the two (the one with dots, or else the earlier one, stays on top); Not
the same remembers the pair for the session so it never comes back. The list follows
the board while it is on screen and reads nothing while it is not.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.format_helpers import counted
from app.core.similar_pairs import SimilarCandidate
from app.core.stacks import MergeRefused, quoted
from app.core.types import Note, Phase, PhaseKind
from app.ui import shortcuts as K
from app.ui.board.controller import BoardController
from app.ui.document import SessionDocument
from app.ui.shortcuts import SIMILAR_PANEL
from app.ui.side_dock import SideDock
from app.ui.similar.commands import DismissPairCommand, choose_top, push_merge
from app.ui.similar.matcher import SimilarNotes

PANEL_WIDTH = 360
REFRESH_MS = 120
"""A burst of board changes (a paste, an undo of many) refreshes the list once."""


class _PairList(QListWidget):
    """The pairs; Enter merges the chosen one, Delete says it is not the same."""

    merge_requested = Signal()
    dismiss_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter and Delete act on the chosen pair; other keys move as in any list."""
        if K.pressed(K.PAIR_MERGE, event):
            self.merge_requested.emit()
        elif K.pressed(K.PAIR_NOT_SAME, event):
            self.dismiss_requested.emit()
        else:
            super().keyPressEvent(event)


class SimilarPanel(QWidget):
    """The list of candidate pairs and what can be done with the chosen one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SimilarPanel")
        self.summary = QLabel()
        self.summary.setObjectName("PageSubtitle")
        self.summary.setWordWrap(True)
        self.pairs = _PairList()
        self.pairs.setObjectName("SimilarList")
        self.pairs.setWordWrap(True)
        self.pairs.setAlternatingRowColors(True)
        self.pairs.setSpacing(2)
        # Beside the actions panel on a 720-pixel projector: room for one pair at least.
        self.pairs.setMinimumHeight(60)
        # Mnemonics clear of the actions panel's and the menu bar's (both may be open).
        self.merge_button = QPushButton("Mer&ge")
        self.merge_button.setObjectName("Primary")
        self.merge_button.setToolTip("Stack the two as one idea (Enter in the list)")
        self.dismiss_button = QPushButton("Not the s&ame")
        self.dismiss_button.setToolTip("Never offer this pair again (Delete in the list)")
        self.suggest_button = QPushButton("C&lusters…")
        self.suggest_button.setToolTip(
            "Suggest clusters for the loose notes, shown before anything changes (Ctrl+Alt+G)"
        )
        # One row of buttons: beside the actions panel at 720 pixels, height is scarce.
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.suggest_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.pairs, 1)
        layout.addLayout(buttons)


class SimilarDock(SideDock):
    """Holds the :class:`SimilarPanel` beside the board."""

    def __init__(self, parent: QMainWindow) -> None:
        panel = SimilarPanel()
        super().__init__(
            "Similar ideas",
            "SimilarDock",
            panel,
            PANEL_WIDTH,
            "Similar ideas to mer&ge",
            SIMILAR_PANEL,
            parent,
        )
        self.panel = panel

    def show_docked(self) -> None:
        """On screen, at its width, with the keyboard in the list."""
        super().show_docked()
        self.panel.pairs.setFocus(Qt.FocusReason.OtherFocusReason)


class SimilarController(QObject):
    """Feeds the panel, opens it in the cluster phase, and acts on its buttons."""

    message = Signal(str)
    """One line for the status bar."""
    suggest_requested = Signal()
    """The panel's Suggest clusters button."""

    def __init__(
        self,
        document: SessionDocument,
        dock: SimilarDock,
        matcher: SimilarNotes,
        board: BoardController,
    ) -> None:
        super().__init__(dock)
        self.document = document
        self.dock = dock
        self.matcher = matcher
        self.board = board
        self.toggle_action = dock.toggle_action
        self.toggle_action.triggered.connect(self._shown)
        self._candidates: list[SimilarCandidate] = []
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        panel = dock.panel
        panel.merge_button.clicked.connect(self.merge_chosen)
        panel.dismiss_button.clicked.connect(self.dismiss_chosen)
        panel.pairs.merge_requested.connect(self.merge_chosen)
        panel.pairs.dismiss_requested.connect(self.dismiss_chosen)
        panel.pairs.currentRowChanged.connect(self._show_pair)
        panel.suggest_button.clicked.connect(self.suggest_requested)
        dock.visibilityChanged.connect(self._visibility_changed)
        # Bound slots: the document may outlive the window this belongs to.
        for signal in (
            document.notes_added,
            document.notes_changed,
            document.notes_removed,
            document.stacks_changed,
            document.dismissals_changed,
            document.rounds_changed,
            document.reloaded,
        ):
            signal.connect(self._changed)
        self._phase_id: str | None = None
        self.follow_phase(document.current_phase)

    def follow_phase(self, phase: Phase | None) -> None:
        """Reaching a cluster phase opens the panel when it has pairs to show.

        Once per phase (closing it is respected), and after the window has painted:
        finding the pairs reads every note.
        """
        phase_id = phase.id if phase else None
        if phase_id == self._phase_id:
            return
        self._phase_id = phase_id
        if phase is not None and phase.kind is PhaseKind.CLUSTER:
            QTimer.singleShot(0, self, self._open_if_pairs)

    def _open_if_pairs(self) -> None:
        if not self.dock.isVisible() and self.matcher.candidates():
            self.dock.show_docked()

    @property
    def candidates(self) -> list[SimilarCandidate]:
        """The pairs the list shows, best first."""
        return self._candidates

    def _shown(self, shown: bool) -> None:
        if shown:
            self.dock.show_docked()

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.refresh()

    def _changed(self, *_: object) -> None:
        if self.dock.isVisible():
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Read the pairs again and show them, keeping the chosen row where it was."""
        self._refresh_timer.stop()
        pairs = self.dock.panel.pairs
        row = max(0, pairs.currentRow())
        found = self.matcher.candidate_list()
        self._candidates = found.pairs
        pairs.blockSignals(True)
        pairs.clear()
        for candidate in self._candidates:
            item = QListWidgetItem(self._describe(candidate))
            item.setData(Qt.ItemDataRole.UserRole, (candidate.a, candidate.b))
            pairs.addItem(item)
        pairs.blockSignals(False)
        count = len(self._candidates)
        summary = (
            f"{counted(count, 'pair')} of notes may be one idea, most alike first."
            if count
            else "No notes look like the same idea. New ones are checked as they come."
        )
        stopped = found.stopped_line()
        self.dock.panel.summary.setText(summary if stopped is None else f"{summary} {stopped}")
        for button in (self.dock.panel.merge_button, self.dock.panel.dismiss_button):
            button.setEnabled(bool(count))
        if count:
            pairs.setCurrentRow(min(row, count - 1))

    def _describe(self, candidate: SimilarCandidate) -> str:
        return (
            f"{candidate.score:.0%} alike\n"
            f"{self._line(candidate.a, candidate.a_text)}\n"
            f"{self._line(candidate.b, candidate.b_text)}"
        )

    def _line(self, note_id: str, text: str) -> str:
        note = self.document.board.notes.get(note_id)
        size = 1 + len(self.document.board.stack_of(note_id))
        stack = f" [{size} notes]" if size > 1 else ""
        author = self.document.people.get(note.author_id or "") if note else None
        said_by = f" — {author.name}" if author and not self.document.anonymous_ideas else ""
        # The whole text: the list wraps, and the difference may be in the last word.
        return f"“{' '.join(text.split())}”{stack}{said_by}"

    def _chosen(self) -> tuple[Note, Note] | None:
        row = self.dock.panel.pairs.currentRow()
        if not 0 <= row < len(self._candidates):
            return None
        candidate = self._candidates[row]
        a, b = (
            self.document.board.notes.get(candidate.a),
            self.document.board.notes.get(candidate.b),
        )
        return (a, b) if a is not None and b is not None else None

    def _show_pair(self, _row: int) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.board.scene.select_notes([chosen[0].id, chosen[1].id])
            self.board.show_note(chosen[1].id)
            self.board.show_note(chosen[0].id)

    def merge_chosen(self) -> None:
        """Stack the chosen pair: the card with dots (else the earlier) stays on top."""
        chosen = self._chosen()
        if chosen is None:
            return
        top = choose_top(self.document, [chosen[0].id, chosen[1].id])
        other = chosen[1].id if top == chosen[0].id else chosen[0].id
        try:
            text = push_merge(self.document, other, top)
        except MergeRefused as refused:
            text = str(refused)
        self.message.emit(text)
        self.refresh()
        self.dock.panel.pairs.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss_chosen(self) -> None:
        """Say the chosen pair is not the same idea: it never comes back this session."""
        chosen = self._chosen()
        if chosen is None:
            return
        self.document.steps.push(DismissPairCommand(self.document, *chosen))
        self.message.emit(
            f"{quoted(chosen[0].text)} and {quoted(chosen[1].text)} stay two ideas. "
            "Ctrl+Z offers them again."
        )
        self.refresh()
        self.dock.panel.pairs.setFocus(Qt.FocusReason.OtherFocusReason)
