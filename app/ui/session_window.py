"""The window of one open session: the question on top, the board, and the capture bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.agenda import PHASE_KIND_LABELS, format_duration
from app.core.board import NoteFilter
from app.core.countdown import Clock, SystemClock
from app.core.types import Phase, PhaseKind, PhaseStatus, RoundStatus, VoteTarget
from app.core.voting import tally
from app.ui.actions.dock import ActionsDock
from app.ui.agenda_editor import AgendaDialog
from app.ui.board.controller import BoardController
from app.ui.board.scene import BoardScene
from app.ui.board.view import BoardView
from app.ui.capture_bar import CaptureBar
from app.ui.commands import SetAnonymousIdeasCommand
from app.ui.error_reporting import BANNER_TEXT, error_report, make_banner, show_banner
from app.ui.export_flow import ExportFlow
from app.ui.find_bar import FindBar
from app.ui.room_view import RoomView
from app.ui.session_document import SessionDocument
from app.ui.session_panel import SessionPanel
from app.ui.settings import AppSettings
from app.ui.timer import AskAboutGap, Chime, PhaseTimer, SoundChime, capture_wanted
from app.ui.timer_widget import TimerWidget
from app.ui.voting.matrix import place_top_notes
from app.ui.voting.voting_page import VotingPage

MUTED_KEY = "timer/muted"
BACKUP_EVERY_MS = 30 * 60 * 1000


class SessionWindow(QMainWindow):
    """Question and goal, find bar, zoomable board, people and agenda, capture bar."""

    def __init__(
        self,
        document: SessionDocument,
        settings: AppSettings,
        clock: Clock | None = None,
        chime: Chime | None = None,
        ask_about_gap: AskAboutGap | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        self._settings = settings
        self._ask_about_gap = ask_about_gap or self._ask_gap_question
        self.timer = PhaseTimer(
            document,
            clock or SystemClock(),
            chime or SoundChime(),
            muted=lambda: settings.flag(MUTED_KEY),
        )
        self.timer_widget = TimerWidget(self.timer, muted=settings.flag(MUTED_KEY))
        self.timer_widget.mute_toggled.connect(lambda on: settings.set_flag(MUTED_KEY, on))
        self._fitted = False
        self.banner = make_banner()
        self._shown_phase_id: str | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1280, 720)

        self.title_label = _plain_label("PageSubtitle")
        self.question_label = _plain_label("Question")
        self.question_label.setWordWrap(True)
        self.goal_label = _plain_label("Goal")
        self.goal_label.setWordWrap(True)
        self.phase_combo = QComboBox()
        self.phase_combo.setToolTip("The phase the session is in")
        self.phase_combo.activated.connect(self._choose_phase)
        self.reveal_button = QPushButton()
        self.reveal_button.setObjectName("Primary")

        self.scene = BoardScene(document)
        self.view = BoardView(self.scene)
        self.capture_bar = CaptureBar()
        self.find_bar = FindBar()
        self.panel = SessionPanel(document)
        self.board = BoardController(
            document,
            self.scene,
            self.view,
            self.capture_bar.author_id,
            is_locked=lambda: self.timer.board_locked,
        )
        self.room_view = RoomView(self, document, self.timer, self.scene, self.view)
        self.voting = VotingPage(document)
        self.exports = ExportFlow(self, settings)
        self.actions_dock = ActionsDock(self, document, self.board)
        self.actions_dock.panel.message.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_EVERY_MS)
        self._backup_timer.timeout.connect(self._periodic_backup)
        self._backup_timer.start()
        self.exports.done.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.reveal_button.clicked.connect(self.board.reveal)
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setObjectName("PageSubtitle")
        self.view.zoom_changed.connect(lambda zoom: self.zoom_label.setText(f"{zoom:.0%}"))

        self._build_layout()
        self._build_menus()
        self._wire()
        self.refresh()
        self._shown_phase_id = self.timer.phase.id if self.timer.phase else None
        self.capture_action.setChecked(capture_wanted(self.timer.phase))
        self.capture_bar.setVisible(self.capture_action.isChecked())
        self._rounds_changed()
        if self.timer.phase is not None and self.timer.phase.kind is PhaseKind.VOTE:
            self.show_voting()
        settings.restore_geometry(self, "session_window")
        self.capture_bar.focus_idea()

    # ------------------------------------------------------------------ building

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self.title_label)
        texts.addWidget(self.question_label)
        texts.addWidget(self.goal_label)
        header.addLayout(texts, 1)
        controls = QVBoxLayout()
        controls.setSpacing(4)
        controls.addWidget(self.timer_widget)
        under = QHBoxLayout()
        under.addWidget(self.phase_combo, 1)
        under.addWidget(self.reveal_button)
        controls.addLayout(under)
        header.addLayout(controls)

        tools = QHBoxLayout()
        tools.addWidget(self.find_bar, 1)
        tidy = QToolButton()
        tidy.setText("Tidy")
        tidy.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        tidy_menu = QMenu(tidy)
        tidy_menu.addAction(self.board.tidy_grid_action)
        tidy_menu.addAction(self.board.tidy_clusters_action)
        tidy.setMenu(tidy_menu)
        tools.addWidget(tidy)
        tools.addWidget(QLabel("Zoom"))
        tools.addWidget(self.zoom_label)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([1000, 280])

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 8, 16, 0)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addLayout(header)
        layout.addLayout(tools)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.voting)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.capture_bar)
        self.setCentralWidget(page)

    def _build_menus(self) -> None:
        session_menu = self.menuBar().addMenu("&Session")
        self.anonymous_action = QAction("&Anonymous ideas (hide who wrote each note)", self)
        self.anonymous_action.setCheckable(True)
        self.anonymous_action.triggered.connect(self._toggle_anonymous)
        session_menu.addAction(self.anonymous_action)
        session_menu.addSeparator()
        export = QAction("&Export minutes…", self)
        export.setShortcut("Ctrl+E")
        export.triggered.connect(
            lambda: self.exports.run(self.document.session, self.scene, self.view.zoom)
        )
        self.addAction(export)
        session_menu.addAction(export)
        session_menu.addSeparator()
        close = QAction("&Close", self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        session_menu.addAction(close)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        for action in (
            self.board.edit_action,
            self.board.duplicate_action,
            self.board.delete_action,
            self.board.select_all_action,
            self.board.paste_action,
        ):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        self.find_action = QAction("&Find notes", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: self.find_bar.search_edit.setFocus())
        self.addAction(self.find_action)
        edit_menu.addAction(self.find_action)

        board_menu = self.menuBar().addMenu("&Board")
        for action in (self.board.group_action, self.board.ungroup_action):
            board_menu.addAction(action)
        colors = board_menu.addMenu("&Colour")
        for action in self.board.color_actions:
            colors.addAction(action)
        board_menu.addSeparator()
        board_menu.addAction(self.board.tidy_grid_action)
        board_menu.addAction(self.board.tidy_clusters_action)
        board_menu.addSeparator()
        board_menu.addAction(self.board.reveal_action)
        board_menu.addAction(self.board.make_action_action)

        view_menu = self.menuBar().addMenu("&View")
        for text, keys, handler in (
            ("Zoom &in", "+", lambda: self.view.set_zoom(self.view.zoom * 1.2)),
            ("Zoom &out", "-", lambda: self.view.set_zoom(self.view.zoom / 1.2)),
            ("&Fit everything", "F", self.view.fit_all),
            ("&100 %", "1", self.view.reset_zoom),
        ):
            action = QAction(f"{text}\t{keys}", self)
            action.triggered.connect(handler)
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.panel_action = QAction("People and &agenda panel", self)
        self.panel_action.setCheckable(True)
        self.panel_action.setChecked(True)
        self.panel_action.setShortcut("F9")
        self.panel_action.toggled.connect(self.panel.setVisible)
        self.addAction(self.panel_action)
        view_menu.addAction(self.panel_action)
        view_menu.addAction(self.actions_dock.toggle_action)
        self.capture_action = QAction("&Capture bar", self)
        self.capture_action.setCheckable(True)
        self.capture_action.setShortcut("Ctrl+L")
        self.capture_action.toggled.connect(self._show_capture_bar)
        self.addAction(self.capture_action)
        view_menu.addAction(self.capture_action)
        view_menu.addSeparator()
        self.present_action = QAction("&Presentation mode", self)
        self.present_action.setShortcut("F11")
        self.present_action.triggered.connect(self.room_view.present)
        self.project_action = QAction("&Audience window on the projector", self)
        self.project_action.setShortcut("Ctrl+F11")
        self.project_action.triggered.connect(self._project)
        for action in (self.present_action, self.project_action):
            self.addAction(action)
            view_menu.addAction(action)
        self._build_timer_menu()
        self._build_vote_menu()
        self.statusBar().showMessage("Every change is saved as you make it.")

    def _build_timer_menu(self) -> None:
        timer = self.timer
        menu = self.menuBar().addMenu("&Timer")
        entries: tuple[tuple[str, str, Callable[[], object]], ...] = (
            ("&Start or pause", "Ctrl+Space", timer.toggle),
            # Shortcuts that text fields leave alone, so they work while typing an idea.
            ("&One minute more", "Ctrl+=", timer.add_minute),
            ("One minute &less", "Ctrl+-", timer.take_minute),
            ("&Restart this phase", "", timer.restart),
            ("&Next phase", "Ctrl+PgDown", self.next_phase),
            ("&Previous phase", "Ctrl+PgUp", timer.previous_phase),
            ("&Unlock the board", "Ctrl+U", timer.unlock_board),
            ("&Focus the timer (then Space, +, −, N, P, R)", "F6", self._focus_timer),
        )
        for text, keys, handler in entries:
            action = QAction(text, self)
            if keys:
                action.setShortcut(keys)
                self.addAction(action)
            action.triggered.connect(handler)
            menu.addAction(action)
        menu.addSeparator()
        agenda = QAction("&Agenda…", self)
        agenda.setShortcut("Ctrl+Shift+A")
        agenda.triggered.connect(self.edit_agenda)
        self.addAction(agenda)
        menu.addAction(agenda)
        end = QAction("&End the session…", self)
        end.triggered.connect(self.end_session)
        menu.addAction(end)

    def recover_from_error(self, error: BaseException) -> None:
        """After an unexpected error: a banner, and the session redrawn from the database."""
        from app.storage.errors import StorageError

        if isinstance(error, StorageError):
            text = error_report(error)
        else:
            text = f"{BANNER_TEXT} The session was reloaded from the database."
        show_banner(self.banner, text)
        self.scene.close_editor(commit=False)
        self.document.reload()
        self.timer.reload()

    def _focus_timer(self) -> None:
        self.timer_widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _build_vote_menu(self) -> None:
        menu = self.menuBar().addMenu("Vo&te")
        for text, keys, handler in (
            ("&Dot vote", "Ctrl+Shift+V", self.show_voting),
            ("&New vote round…", "", self._new_round),
            ("&Impact and effort…", "", lambda: self.place_on_matrix(None)),
            ("&Back to the board", "Ctrl+Shift+B", self.show_board),
        ):
            action = QAction(text, self)
            if keys:
                action.setShortcut(keys)
                self.addAction(action)
            action.triggered.connect(handler)
            menu.addAction(action)

    def show_voting(self) -> None:
        """Show the voting flow in place of the board."""
        self.scene.close_editor(commit=True)
        self.voting.show_current()
        self.pages.setCurrentWidget(self.voting)
        self.capture_bar.hide()

    def show_board(self) -> None:
        """Back to the board."""
        self.pages.setCurrentWidget(self.splitter)
        self.capture_bar.setVisible(self.capture_action.isChecked())

    def _new_round(self) -> None:
        self.show_voting()
        self.voting.new_round()

    def place_on_matrix(self, round_id: str | None) -> None:
        """Put the top notes of a closed round (default: the latest) on the 2×2."""
        message = place_top_notes(self.document, round_id, self)
        if message:
            self.statusBar().showMessage(message, 8000)

    def _rounds_changed(self) -> None:
        shown = next(
            (
                r
                for r in reversed(self.document.vote_rounds)
                if r.target is VoteTarget.NOTES and (r.status is RoundStatus.CLOSED or not r.blind)
            ),
            None,
        )
        totals = tally(shown.dots, self.document.round_items(shown)) if shown is not None else {}
        self.scene.set_dot_totals(totals)

    def next_phase(self) -> None:
        """Move on; after the last phase, offer to end the session."""
        if not self.timer.next_phase() and self.timer.phase is not None:
            self.end_session()

    def end_session(self) -> None:
        """Finish the session after the facilitator confirms."""
        answer = QMessageBox.question(
            self,
            "End the session",
            "End the session now? Each phase keeps the time it ran, for the minutes.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.timer.finish_session()
            backed_up = self.document.backup("session-end")
            self.statusBar().showMessage(
                f"The session has ended. Everything is saved. {backed_up}"
            )

    def edit_agenda(self) -> None:
        """Change the agenda, before or during the session."""
        self.timer.checkpoint()
        dialog = AgendaDialog(self.document.phases, self)
        if dialog.exec() != AgendaDialog.DialogCode.Accepted:
            return
        phases = dialog.phases()
        current = self.timer.phase
        kept = {phase.id for phase in phases}
        pointer = current.id if current is not None and current.id in kept else None
        if pointer is None and current is not None:
            pointer = next((p.id for p in phases if p.status is not PhaseStatus.DONE), None)
        self.document.save_phases(phases, pointer)
        self.timer.reload()

    def _project(self) -> None:
        if self.room_view.project() is None:
            self.statusBar().showMessage(
                "Only one screen is connected: Presentation mode (F11) shows the room's view "
                "here.",
                8000,
            )

    def _offer_projector(self) -> None:
        self.project_action.setEnabled(self.room_view.other_screen() is not None)
        if self.room_view.other_screen() is not None and self.room_view.window is None:
            self.statusBar().showMessage(
                "A second screen is connected: View → Audience window on the projector "
                "(Ctrl+F11).",
                15000,
            )

    def _show_capture_bar(self, visible: bool) -> None:
        self.capture_bar.setVisible(visible)
        if visible:
            self.capture_bar.focus_idea()

    def _periodic_backup(self) -> None:
        """Every 30 minutes while a phase runs, a verified backup (quietly, unless it fails)."""
        if self.timer.running:
            result = self.document.backup("periodic")
            if result.startswith("The automatic backup failed"):
                self.statusBar().showMessage(result, 15000)

    def _time_is_up(self) -> None:
        phase = self.timer.phase
        name = phase.title if phase else "this phase"
        locked = "  The board is locked (Ctrl+U unlocks)." if self.timer.board_locked else ""
        self.statusBar().showMessage(f"Time is up for {name}.{locked}", 15000)

    def _ask_gap_question(self, phase: Phase, gap_seconds: float) -> bool:
        minutes = round(gap_seconds / 60)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "The timer was running",
            f"The timer for “{phase.title}” was running when Dotstorm closed, {minutes} "
            "minutes ago. Count that time, or pause the timer where it was?",
            parent=self,
        )
        keep = box.addButton("Keep counting", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Pause where it was", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is keep

    def _wire(self) -> None:
        self.capture_bar.submitted.connect(self._capture)
        self.capture_bar.lines_pasted.connect(self._capture_lines)
        self.board.message.connect(self._show_message)
        self.find_bar.filter_changed.connect(self._find)
        for signal in (
            self.document.notes_added,
            self.document.notes_changed,
            self.document.notes_removed,
        ):
            signal.connect(self._board_changed)
        self.document.clusters_changed.connect(self._board_changed)
        self.document.settings_changed.connect(self.refresh)
        self.document.agenda_changed.connect(self.refresh)
        self.document.reloaded.connect(self.refresh)
        self.timer.changed.connect(self._timer_changed)
        self.timer.reached_zero.connect(self._time_is_up)
        self.room_view.screens_changed.connect(self._offer_projector)
        self.document.rounds_changed.connect(self._rounds_changed)
        self.voting.board_requested.connect(self.show_board)
        self.voting.matrix_requested.connect(self.place_on_matrix)

    # ------------------------------------------------------------------ state

    def refresh(self) -> None:
        """Redraw everything outside the board from the document."""
        session = self.document.session
        self.setWindowTitle(f"{session.title} — Dotstorm")
        self.title_label.setText(session.title)
        self.question_label.setText(session.question or "No question set yet.")
        self.goal_label.setText(f"Goal: {session.goal}" if session.goal else "")
        self.goal_label.setVisible(bool(session.goal))
        self.anonymous_action.setChecked(session.anonymous_ideas)
        self.capture_bar.set_people(list(session.participants))
        self.capture_bar.set_silent(self.document.is_silent)
        self.phase_combo.clear()
        current = self.document.current_phase
        for phase in session.phases:
            kind = PHASE_KIND_LABELS[phase.kind]
            label = f"{phase.title or kind} ({format_duration(phase.planned_seconds)})"
            self.phase_combo.addItem(label, phase.id)
        self.phase_combo.setVisible(bool(session.phases))
        self.phase_combo.setCurrentIndex(
            -1 if current is None else self.phase_combo.findData(current.id)
        )
        self.phase_combo.setPlaceholderText("All phases done")
        self.panel.refresh()
        self._board_changed()

    def _board_changed(self, *_: object) -> None:
        hidden = len(self.document.hidden_notes())
        self.reveal_button.setText(f"Reveal {hidden} note{'s' * (hidden != 1)}")
        self.reveal_button.setVisible(hidden > 0)
        self.find_bar.set_choices(self.document)
        self._find(self.find_bar.current_filter())

    def _find(self, note_filter: NoteFilter) -> None:
        matching = self.scene.set_filter(note_filter)
        self.find_bar.show_count(matching, len(self.document.notes))

    def _capture(self, text: str, author_id: str | None) -> None:
        try:
            added = self.board.add_typed_note(text, author_id)
        except limits.TextError as error:
            self.capture_bar.show_message(f"{error}. Shorten it, or split it into two notes.")
            return
        if added:
            self.capture_bar.clear_idea()
            self.capture_bar.show_message("")
            self._show_note(next(reversed(self.document.notes)))

    def _capture_lines(self, text: str, author_id: str | None) -> None:
        if self.board.add_lines(text, author_id):
            self._show_note(next(reversed(self.document.notes)))
        self.capture_bar.focus_idea()

    def _show_note(self, note_id: str) -> None:
        """Scroll (never zoom) so that a note that was just added can be seen."""
        item = self.scene.note_items.get(note_id)
        if item is not None:
            self.view.ensureVisible(item, 40, 40)

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)
        if self.capture_bar.idea_edit.hasFocus():
            self.capture_bar.show_message(text)

    def _choose_phase(self, index: int) -> None:
        phase_id = self.phase_combo.itemData(index)
        if isinstance(phase_id, str):
            self.timer.go_to(phase_id)

    def _timer_changed(self) -> None:
        phase = self.timer.phase
        if phase is not None and phase.id != self._shown_phase_id:
            self._shown_phase_id = phase.id
            self.capture_action.setChecked(capture_wanted(phase))
            if phase.kind is PhaseKind.VOTE:
                self.show_voting()
            elif self.pages.currentWidget() is self.voting:
                self.show_board()

    def _toggle_anonymous(self, checked: bool) -> None:
        self.document.undo_stack.push(SetAnonymousIdeasCommand(self.document, checked))

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:
        """Show the whole board the first time the window appears."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.view.fit_all()
            self.capture_bar.focus_idea()
            self._offer_projector()
            if self.timer.pending_recovery is not None:
                QTimer.singleShot(0, lambda: self.timer.settle_recovery(self._ask_about_gap))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Finish any edit in place, and remember where the window was."""
        self.scene.close_editor(commit=True)
        self.timer.stop()
        self.room_view.close()
        # The scene goes before the controller when the window is deleted; no late
        # selection signals into a half-destroyed scene.
        self.scene.blockSignals(True)
        self._settings.save_geometry(self, "session_window")
        super().closeEvent(event)


def _plain_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
