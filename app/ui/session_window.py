"""The window of one open session: the question on top, the board, and the capture bar.

The window builds the widgets, places them, and wires the controllers to each other.
Each controller (board, capture, timer, voting, actions, the room's view, exports)
owns its actions and follows the session document itself; the window relays nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.countdown import Clock, SystemClock
from app.ui.actions.dock import ActionsController, ActionsDock
from app.ui.board.arranging import ArrangeController
from app.ui.board.capture import CaptureController
from app.ui.board.controller import BoardController
from app.ui.board.scene import BoardScene
from app.ui.board.view import BoardView
from app.ui.capture_bar import CaptureBar
from app.ui.document import SessionDocument
from app.ui.error_reporting import (
    make_banner,
)
from app.ui.export_flow import ExportFlow
from app.ui.find_bar import FindBar
from app.ui.hold_bar import HoldBar
from app.ui.phones.controller import PhonesController
from app.ui.qt_actions import UndoActions
from app.ui.refused_keys import RefusedKeys
from app.ui.review import ReviewController
from app.ui.room.controller import RoomView
from app.ui.session_header import SessionHeader
from app.ui.session_menus import SessionControllers, build_menus, make_window_actions
from app.ui.session_panel import SessionPanel
from app.ui.settings import AppSettings
from app.ui.side_dock import PeopleStepAside
from app.ui.similar.dock import SimilarController, SimilarDock
from app.ui.similar.hint import CaptureHint
from app.ui.similar.matcher import SimilarNotes
from app.ui.similar.stacks import StackController
from app.ui.storage_notices import StorageNotices
from app.ui.techniques import TechniqueController
from app.ui.timer.brainwriting import BrainwritingRun
from app.ui.timer.controller import TimerController
from app.ui.timer.phase_timer import AskAboutGap, Chime, SoundChime
from app.ui.voting.controller import VotingController
from app.ui.voting.voting_page import VotingPage

STATUS_SECONDS = 8
LONG_STATUS_SECONDS = 15


class SessionWindow(QMainWindow):
    """Question and goal, find bar, zoomable board, people and agenda, capture bar."""

    take_back_requested = Signal(str)
    """The facilitator asks to hold the session (its id) again after the hold was lost."""
    copy_requested = Signal(str, str)
    """The facilitator asks to keep this board as a new session (its id, what was typed)."""

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
        self._fitted = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1280, 720)

        self.timer_controller = TimerController(
            document, self, settings, clock or SystemClock(), chime or SoundChime(), ask_about_gap
        )
        self.timer = self.timer_controller.timer
        self.banner = make_banner()
        self.hold_bar = HoldBar()
        self.header = SessionHeader(document, self.timer, muted=self.timer_controller.muted)
        self.timer_widget = self.header.timer_widget
        self.review = ReviewController(document, self)
        self.scene = BoardScene(document)
        self.view = BoardView(self.scene)
        self.capture_bar = CaptureBar()
        self.find_bar = FindBar()
        self.panel = SessionPanel(document)
        self.voting = VotingPage(document)
        self.actions_dock = ActionsDock(document, self)
        self.similar_dock = SimilarDock(self)
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setObjectName("PageSubtitle")
        self.splitter = QSplitter()
        self.pages = QStackedWidget()
        self._build_layout()

        self.board = BoardController(
            document,
            self.scene,
            self.view,
            self.capture_bar.author_id,
            is_locked=lambda: self.timer.board_locked,
        )
        self.arranging = ArrangeController(
            document, self.scene, self.view, self.board.keyboard.targets
        )
        self.capture = CaptureController(
            document, self.capture_bar, self.board, self, self.timer.phase
        )
        self.techniques = TechniqueController(document, self.capture, self)
        self.voting_controller = VotingController(
            document, self.voting, self.pages, self.splitter, self.scene
        )
        self.actions_controller = ActionsController(document, self.actions_dock, self.board)
        self.similar_notes = SimilarNotes(document, self)
        self.capture_hint = CaptureHint(document, self.capture_bar, self.similar_notes)
        self.similar = SimilarController(
            document, self.similar_dock, self.similar_notes, self.board
        )
        self.stacks = StackController(document, self.board, self.similar_notes)
        self.room_view = RoomView(self, document, self.timer, self.scene)
        self.voting.results_shown.connect(self.room_view.show_results)
        self.exports = ExportFlow(self, settings, document, self.scene, self.view)
        self.phones = PhonesController(
            self,
            document,
            self.timer,
            self.board,
            self.voting,
            self.room_view,
            self.recover_from_error,
        )
        self.brainwriting = BrainwritingRun(
            document,
            self.timer,
            self.timer.play_chime,
            self.phones.room.sheets.deal,
            parent=self,
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.phones.dock)
        self.tabifyDockWidget(self.similar_dock, self.phones.dock)
        self.undo = UndoActions(document.undo_stack, self)
        self.refused_keys = RefusedKeys(self)
        self.notices = StorageNotices(
            self,
            document,
            self.banner,
            self.hold_bar,
            drop_edit=lambda: self.scene.close_editor(commit=False),
        )
        own = make_window_actions(
            self,
            focus_find=self.find_bar.focus_search,
            next_pane=self.next_pane,
            show_panel=self.panel.setVisible,
        )
        self.find_action, self.panel_action = own.find, own.panel
        build_menus(
            self.menuBar(),
            own,
            SessionControllers(
                board=self.board,
                arranging=self.arranging,
                stacks=self.stacks,
                capture_hint=self.capture_hint,
                capture=self.capture,
                review=self.review,
                exports=self.exports,
                actions=self.actions_controller,
                similar=self.similar,
                room_view=self.room_view,
                phones=self.phones,
                timer=self.timer_controller,
                voting=self.voting_controller,
                undo=self.undo,
                techniques=self.techniques,
            ),
        )
        self.people_step_aside = PeopleStepAside(
            self,
            [self.actions_dock, self.similar_dock, self.phones.dock],
            self.panel,
            self.panel_action,
        )
        self._wire()
        self.setWindowTitle(f"{document.session.title} — Dotstorm")
        self.statusBar().showMessage("Every change is saved as you make it.")
        self.voting_controller.follow_phase(self.timer.phase)
        self.review.follow_phase(self.timer.phase)
        self.techniques.follow_phase(self.timer.phase)
        settings.restore_geometry(self, "session_window")
        self.capture_bar.focus_idea()

    # ------------------------------------------------------------------ building

    def _build_layout(self) -> None:
        self.tools = QWidget()
        tools = QHBoxLayout(self.tools)
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.find_bar, 1)
        self.tidy_button = QToolButton()
        self.tidy_button.setText("Tidy")
        self.tidy_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        tools.addWidget(self.tidy_button)
        tools.addWidget(QLabel("Zoom"))
        tools.addWidget(self.zoom_label)

        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([1000, 280])
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.voting)

        # The header sits in the top dock area, which owns both top corners: a panel
        # opened at the side narrows the board, never the question above it.
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(16, 8, 16, 0)
        top_layout.setSpacing(6)
        top_layout.addWidget(self.hold_bar)
        top_layout.addWidget(self.banner)
        top_layout.addWidget(self.header)
        self.header_dock = QDockWidget("Header", self)
        self.header_dock.setObjectName("HeaderDock")
        self.header_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.header_dock.setTitleBarWidget(QWidget())  # no title, no close button
        self.header_dock.toggleViewAction().setVisible(False)  # not in the context menu
        self.header_dock.setWidget(top)
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self.header_dock)
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.TopDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.TopDockWidgetArea)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 6, 16, 0)
        layout.setSpacing(6)
        layout.addWidget(self.review.notice)
        layout.addWidget(self.tools)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.capture_bar)
        self.setCentralWidget(page)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.actions_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.similar_dock)
        # Both open at once share the side as tabs: stacked, neither would have the
        # height of a 720-pixel screen to show its list and its form.
        self.tabifyDockWidget(self.actions_dock, self.similar_dock)

    def _wire(self) -> None:
        session_id = self.document.session_id
        self.hold_bar.take_back_requested.connect(
            lambda: self.take_back_requested.emit(session_id)
        )
        self.hold_bar.copy_requested.connect(
            lambda: self.copy_requested.emit(session_id, self.capture_bar.idea_edit.text())
        )
        tidy_menu = QMenu(self.tidy_button)
        tidy_menu.addAction(self.arranging.tidy_grid_action)
        tidy_menu.addAction(self.arranging.tidy_clusters_action)
        self.board.context_extras = [
            self.arranging.group_action,
            self.arranging.ungroup_action,
            self.arranging.join_action,
            self.stacks.merge_action,
            self.stacks.open_action,
        ]
        self.capture.captured.connect(self.capture_hint.after_capture)
        self.brainwriting.round_ended.connect(self.room_view.announce)
        self.room_view.spotlit.connect(self.capture.follow_spotlight)
        self.room_view.spotlit.connect(self.techniques.follow_spotlight)
        self.similar.suggest_requested.connect(self.stacks.suggest_clusters)
        self.tidy_button.setMenu(tidy_menu)
        self.find_bar.follow(self.document, self.scene)
        self.header.reveal_requested.connect(self.board.reveal)
        self.board.keyboard.moved.connect(self.arranging.update_actions)
        self.header.phase_chosen.connect(self.timer_controller.choose_phase)
        self.timer_widget.mute_toggled.connect(self.timer_controller.set_muted)
        self.view.zoom_changed.connect(lambda zoom: self.zoom_label.setText(f"{zoom:.0%}"))
        phase_entered = self.timer_controller.phase_entered
        phase_entered.connect(self.capture.follow_phase)
        phase_entered.connect(self.voting_controller.follow_phase)
        phase_entered.connect(self.actions_controller.follow_phase)
        phase_entered.connect(self.similar.follow_phase)
        phase_entered.connect(self.review.follow_phase)
        phase_entered.connect(self.techniques.follow_phase)
        self.voting_controller.showing_changed.connect(self.capture.follow_voting)
        self.voting_controller.keyboard_released.connect(self.capture.take_keyboard)
        self.voting_controller.capture_requested.connect(self.capture.back_from_voting)
        # Finding, tidying and zooming are the board's: while voting, the items get the room.
        self.voting_controller.showing_changed.connect(lambda on: self.tools.setVisible(not on))
        self.voting.ballot_shown.connect(self.undo.suspend)
        self.voting.ballot_shown.connect(self.header.set_compact)
        for source, seconds in (
            (self.board.message, STATUS_SECONDS),
            (self.arranging.message, STATUS_SECONDS),
            (self.actions_controller.message, STATUS_SECONDS),
            (self.capture_hint.message, STATUS_SECONDS),
            (self.similar.message, STATUS_SECONDS),
            (self.stacks.message, STATUS_SECONDS),
            (self.review.message, STATUS_SECONDS),
            (self.techniques.message, STATUS_SECONDS),
            (self.voting_controller.message, STATUS_SECONDS),
            (self.refused_keys.said, STATUS_SECONDS),
            (self.timer_widget.message, STATUS_SECONDS),
            (self.room_view.message, LONG_STATUS_SECONDS),
            (self.phones.message, LONG_STATUS_SECONDS),
            (self.brainwriting.message, LONG_STATUS_SECONDS),
            (self.timer_controller.message, LONG_STATUS_SECONDS),
            (self.exports.done, LONG_STATUS_SECONDS),
            (self.people_step_aside.stepped_aside, STATUS_SECONDS),
        ):
            source.connect(lambda text, ms=seconds * 1000: self.statusBar().showMessage(text, ms))

    # ------------------------------------------------------------------ state

    def panes(self) -> list[QWidget]:
        """Where F6 takes the keyboard, in order: the ones on screen now."""
        work: QWidget = self.voting if self.voting_controller.showing else self.view
        candidates: list[QWidget] = [
            self.capture_bar.idea_edit,
            work,
            self.timer_widget,
            self.find_bar.search_edit,
            self.panel,
            self.actions_dock.panel.title_edit,
            self.similar_dock.panel.pairs,
            self.phones.dock.panel,
        ]
        return [pane for pane in candidates if pane.isVisible()]

    def next_pane(self, step: int = 1) -> QWidget | None:
        """F6 (Shift+F6): the keyboard to the next (previous) pane; it shows that it has it."""
        panes = self.panes()
        if not panes:
            return None
        focused = QApplication.focusWidget()
        here = next(
            (
                index
                for index, pane in enumerate(panes)
                if focused is not None and (pane is focused or pane.isAncestorOf(focused))
            ),
            -1 if step > 0 else 0,
        )
        target = panes[(here + step) % len(panes)]
        if target is self.voting:  # the voting page's own first control (a name, a card)
            page = self.voting.currentWidget()
            inner = page.focusWidget() if page is not None else None
            if inner is None and page is not None:
                inner = page.nextInFocusChain()
            target = inner or self.voting
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return target

    def recover_from_error(self, error: BaseException) -> None:
        """After a failed change or an unexpected error: one sentence, and what is stored."""
        self.notices.recover_from_error(error)

    def keep_typed(self, typed: str, note: str) -> None:
        """Put back what was typed in another window, and say where this session came from."""
        self.capture_bar.idea_edit.setText(typed)
        self.statusBar().showMessage(note, LONG_STATUS_SECONDS * 1000)

    # ------------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:
        """Show the board (readable) the first time the window appears."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.view.open_view()
            self.capture_bar.focus_idea()
            self.room_view.offer_projector()
            self.timer_controller.window_shown()
            # After the first paint: the first Enter then compares one note, no more.
            QTimer.singleShot(0, self.similar_notes.prepare)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Finish any edit in place, and remember where the window was."""
        self.scene.close_editor(commit=True)
        self.timer_controller.stop()
        self.phones.stop()
        self.room_view.close()
        # The scene goes before the controller when the window is deleted; no late
        # selection signals into a half-destroyed scene.
        self.scene.blockSignals(True)
        self._settings.save_geometry(self, "session_window")
        super().closeEvent(event)
