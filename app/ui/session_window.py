"""The window of one open session: the question on top, the board, and the capture bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.agenda import PHASE_KIND_LABELS, format_duration
from app.core.board import NoteFilter
from app.ui.board.controller import BoardController
from app.ui.board.scene import BoardScene
from app.ui.board.view import BoardView
from app.ui.capture_bar import CaptureBar
from app.ui.commands import SetAnonymousIdeasCommand
from app.ui.find_bar import FindBar
from app.ui.session_document import SessionDocument
from app.ui.session_panel import SessionPanel
from app.ui.settings import AppSettings


class SessionWindow(QMainWindow):
    """Question and goal, find bar, zoomable board, people and agenda, capture bar."""

    def __init__(self, document: SessionDocument, settings: AppSettings) -> None:
        super().__init__()
        self.document = document
        self._settings = settings
        self._fitted = False
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
        self.board = BoardController(document, self.scene, self.view, self.capture_bar.author_id)
        self.reveal_button.clicked.connect(self.board.reveal)
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setObjectName("PageSubtitle")
        self.view.zoom_changed.connect(lambda zoom: self.zoom_label.setText(f"{zoom:.0%}"))

        self._build_layout()
        self._build_menus()
        self._wire()
        self.refresh()
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
        controls.addWidget(self.phase_combo)
        controls.addWidget(self.reveal_button)
        controls.addStretch()
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
        layout.addLayout(header)
        layout.addLayout(tools)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.capture_bar)
        self.setCentralWidget(page)

    def _build_menus(self) -> None:
        session_menu = self.menuBar().addMenu("&Session")
        self.anonymous_action = QAction("&Anonymous ideas (hide who wrote each note)", self)
        self.anonymous_action.setCheckable(True)
        self.anonymous_action.triggered.connect(self._toggle_anonymous)
        session_menu.addAction(self.anonymous_action)
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
        self.statusBar().showMessage("Every change is saved as you make it.")

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
        current = self.document.current_phase
        if isinstance(phase_id, str) and (current is None or current.id != phase_id):
            self.document.set_current_phase(phase_id)

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

    def closeEvent(self, event: QCloseEvent) -> None:
        """Finish any edit in place, and remember where the window was."""
        self.scene.close_editor(commit=True)
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
