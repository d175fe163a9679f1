"""Showing the room its view: presentation mode on this screen, or the projector.

The room's view follows the document (not the facilitator's scroll): every note,
reflowed by cluster in large type, page by page when it must. The facilitator turns
its pages, changes its text size, and puts one note or one cluster in the spotlight,
from the room's window (plain keys, in presentation mode) or from the session window
(Alt+PgDown, Alt+PgUp, Alt+], Alt+[, Alt+0 and F8), without touching the timer's keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from app.core.build_on import with_chain
from app.core.room_cards import RoomGroup, room_groups
from app.core.room_layout import next_text_size
from app.core.room_results import room_results
from app.ui import shortcuts as K
from app.ui.board.scene import BoardScene
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action
from app.ui.room.window import AudienceWindow
from app.ui.timer.phase_timer import PhaseTimer

NOT_OPEN = "The room's view is not open: F11 shows it here, Ctrl+F11 on the projector."


@dataclass(frozen=True, slots=True)
class Spotlight:
    """What the room sees alone: a whole cluster, or some notes."""

    cluster_id: str | None = None
    note_ids: tuple[str, ...] = ()


class RoomView(QObject):
    """Opens and closes the audience window; owns F11, Ctrl+F11, F8 and the room's pages."""

    spotlit = Signal(str)
    """A note alone in the spotlight now (its id), or "" when no single note is."""
    screens_changed = Signal()
    """A screen was plugged in or out (whether a projector is there may have changed)."""
    message = Signal(str)
    """One line for the status bar (a projector came, or there is none).

    In presentation mode the room's view covers the status bar, and says it itself.
    """

    def __init__(
        self,
        owner: QWidget,
        document: SessionDocument,
        timer: PhaseTimer,
        scene: BoardScene,
    ) -> None:
        super().__init__(owner)
        self._owner = owner
        self._document = document
        self._timer = timer
        self._scene = scene
        self.window: AudienceWindow | None = None
        self.spotlight: Spotlight | None = None
        self.text_pixels: float | None = None
        self._refresh_due = False
        self._join: tuple[str | None, int] = (None, 0)
        self._results_round: str | None = None
        """The rating or rank round whose results the laptop shows (the room sees them)."""

        self.present_action = make_action(
            self, "Presentation &mode", self.present, keys=K.PRESENT, keys_work_in=owner
        )
        self.project_action = make_action(
            self,
            "Au&dience window on the projector",
            self._project,
            keys=K.PROJECT,
            keys_work_in=owner,
        )
        self.spotlight_action = make_action(
            self,
            "&Spotlight the selection on the room's view",
            self.toggle_spotlight,
            keys=K.SPOTLIGHT,
            keys_work_in=owner,
        )
        self.next_page_action = make_action(
            self,
            "Room's view: &next page",
            lambda: self.turn(1),
            keys=K.ROOM_NEXT,
            keys_work_in=owner,
        )
        self.previous_page_action = make_action(
            self,
            "Room's view: p&revious page",
            lambda: self.turn(-1),
            keys=K.ROOM_PREVIOUS,
            keys_work_in=owner,
        )
        self.larger_action = make_action(
            self,
            "Room's view: &larger text",
            lambda: self.resize_text(1),
            keys=K.ROOM_LARGER,
            keys_work_in=owner,
        )
        self.smaller_action = make_action(
            self,
            "Room's view: smaller &text",
            lambda: self.resize_text(-1),
            keys=K.ROOM_SMALLER,
            keys_work_in=owner,
        )
        self.fit_action = make_action(
            self,
            "Room's view: largest te&xt that fits",
            lambda: self.resize_text(0),
            keys=K.ROOM_FIT,
            keys_work_in=owner,
        )
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.screenAdded.connect(lambda _screen: self.screens_changed.emit())
            application.screenRemoved.connect(lambda _screen: self.screens_changed.emit())
        self.screens_changed.connect(self.offer_projector)
        for signal in (
            document.notes_added,
            document.notes_changed,
            document.notes_removed,
            document.clusters_changed,
            document.rounds_changed,
            document.reloaded,
        ):
            signal.connect(self._board_changed)

    @property
    def actions(self) -> list[QAction | None]:
        """The room's menu entries, in order (``None`` marks a separator)."""
        return [
            self.present_action,
            self.project_action,
            None,
            self.spotlight_action,
            self.next_page_action,
            self.previous_page_action,
            self.larger_action,
            self.smaller_action,
            self.fit_action,
        ]

    # ------------------------------------------------------------------ screens

    def other_screen(self) -> QScreen | None:
        """A screen other than the one the facilitator's window is on (the projector)."""
        here = self._owner.screen()
        return next((s for s in QGuiApplication.screens() if s is not here), None)

    def offer_projector(self) -> None:
        """Say so when a second screen is there (Ctrl+F11 with one screen says what to do)."""
        other = self.other_screen()
        if other is not None and self.window is None:
            self.message.emit(
                "A second screen is connected: View → Audience window on the projector (Ctrl+F11)."
            )

    def present(self) -> AudienceWindow:
        """Presentation mode: the room's view full screen here; its keys work in it."""
        return self._open(self._owner.screen(), controls=True)

    def project(self) -> AudienceWindow | None:
        """The room's view full screen on the other screen; controls stay on the laptop."""
        screen = self.other_screen()
        if screen is None:
            return None
        window = self._open(screen, controls=False)
        self._owner.activateWindow()
        return window

    def _project(self) -> None:
        if self.project() is None:
            self._say(
                "Only one screen is connected: Presentation mode (F11) shows the room's view here."
            )

    def close(self) -> None:
        """Close the room's view if it is open."""
        if self.window is not None:
            self.window.close()

    def _open(self, screen: QScreen, controls: bool) -> AudienceWindow:
        self.close()
        window = AudienceWindow(self._document, self._timer, controls)
        window.closed.connect(self._forget)
        window.turn_requested.connect(self.turn)
        window.size_requested.connect(self.resize_text)
        window.spotlight_requested.connect(self.toggle_spotlight)
        window.setScreen(screen)
        window.setGeometry(screen.geometry())
        self.window = window
        self._show_board()
        window.show_join(*self._join)
        window.showFullScreen()
        if controls:
            window.activateWindow()
            window.setFocus()
        return window

    def show_join(self, address: str | None, phones: int) -> None:
        """Phones are on at ``address`` (None: off), ``phones`` joined: the room sees the code."""
        self._join = (address, phones)
        if self.window is not None:
            self.window.show_join(address, phones)

    def show_results(self, round_id: str) -> None:
        """The laptop shows this round's results (``""``: none): the room sees them too.

        A rating or rank round's results take the room's view until the laptop leaves
        them; a dot round's dots are on the board's cards already.
        """
        self._results_round = round_id or None
        self._board_changed()

    def _results(self) -> list[RoomGroup] | None:
        round_id = self._results_round
        voting = self._document.voting
        if round_id is None or not voting.has_round(round_id):
            return None
        vote_round = voting.vote_round(round_id)
        items = voting.round_items(vote_round)
        labels = {item: voting.item_label(vote_round, item) for item in items}
        return room_results(vote_round, voting.vote_rounds, items, labels)

    def _forget(self) -> None:
        if self.window is not None:
            self.window.deleteLater()
        self.window = None

    # ------------------------------------------------------------------ what it shows

    def groups(self) -> list[RoomGroup]:
        """The board as the room reads it, now."""
        document = self._document
        return room_groups(
            list(document.board.notes.values()),
            list(document.board.clusters.values()),
            document.voting.board_dot_totals(),
            document.board.stack_sizes(),
        )

    def _board_changed(self, *_: object) -> None:
        if self.window is not None and not self._refresh_due:
            self._refresh_due = True  # once for a burst of changes
            QTimer.singleShot(0, self, self._show_board)

    def _show_board(self) -> None:
        self._refresh_due = False
        if self.window is None:
            return
        groups = self.groups()
        canvas = self.window.canvas
        canvas.set_text_pixels(self.text_pixels)
        canvas.set_groups(groups)
        results = self._results()
        shown = results if results is not None else self._spotlit(groups)
        canvas.set_spotlight(shown)
        if results is not None:
            note = "Results (back to the board on the laptop)"
        else:
            note = "Spotlight (F8 takes it off)" if shown is not None else ""
        self.window.show_note_on_page(note)

    def _spotlit(self, groups: list[RoomGroup]) -> list[RoomGroup] | None:
        spot = self.spotlight
        if spot is None:
            return None
        if spot.cluster_id is not None:
            chosen = [g for g in groups if g.cluster_id == spot.cluster_id]
        else:
            wanted = set(spot.note_ids)
            chosen = [
                RoomGroup(
                    g.title,
                    g.color,
                    tuple(c for c in g.cards if c.note_id in wanted),
                    g.cluster_id,
                )
                for g in groups
                if any(c.note_id in wanted for c in g.cards)
            ]
        if not chosen:  # what was spotlit is gone
            self.spotlight = None
            return None
        if len(spot.note_ids) == 1:  # one idea: what it grew from before it, what grew after
            board = self._document.board
            notes = {**board.notes, **board.stacked_notes}
            chosen = with_chain(chosen, spot.note_ids[0], notes)
        return chosen

    # ------------------------------------------------------------------ the facilitator

    def _say(self, text: str) -> None:
        """One line where the facilitator is looking.

        In presentation mode the room's view covers this screen (and the status bar):
        it says it. Otherwise (the projector, or no room's view) the status bar does.
        """
        if self.window is not None and self.window.controls:
            self.window.show_notice(text)
        else:
            self.message.emit(text)

    def announce(self, text: str) -> None:
        """A notice for the room (a 6-3-5 round ended): the room's view and the status bar."""
        if self.window is not None:
            self.window.show_notice(text)
        self.message.emit(text)

    def toggle_spotlight(self) -> None:
        """F8: the selected note (or cluster) alone on the room's view; F8 again: the board."""
        if self.spotlight is not None:
            self.spotlight = None
            self._say("The room's view shows the whole board again.")
            self._show_board()
            return
        selected = self._scene.selected_note_ids()
        if not selected:
            self._say(
                "Nothing is selected on the board: select a note or a cluster there, "
                "then press F8."
            )
            return
        notes = self._document.board.notes
        clusters = {notes[i].cluster_id for i in selected}
        (only,) = clusters if len(clusters) == 1 else (None,)
        members = {n.id for n in self._document.board.cluster_members(only)} if only else set()
        if only is not None and (len(selected) > 1 or members == set(selected)):
            self.spotlight = Spotlight(cluster_id=only)
            name = self._document.board.clusters[only].title or "the cluster"
        else:
            self.spotlight = Spotlight(note_ids=tuple(selected))
            name = "the selected note" if len(selected) == 1 else f"{len(selected)} notes"
            if len(selected) == 1:
                self.spotlit.emit(selected[0])
        where = "" if self.window is not None else " Open the room's view with F11 or Ctrl+F11."
        self._say(f"Spotlight on {name}.{where}")
        self._show_board()

    def turn(self, step: int) -> None:
        """The next (1) or previous (-1) page; in the spotlight, the next cluster or note."""
        if self.spotlight is not None:
            self._step_spotlight(step)
            return
        if self.window is None:
            self._say(NOT_OPEN)
        elif not self.window.canvas.turn(step):
            self._say("That is the last page." if step > 0 else "That is the first page.")

    def _step_spotlight(self, step: int) -> None:
        groups = self.groups()
        spot = self.spotlight
        assert spot is not None
        if spot.cluster_id is not None:
            ids = [g.cluster_id for g in groups if g.cluster_id is not None]
            if spot.cluster_id in ids:
                at = ids.index(spot.cluster_id) + step
                if 0 <= at < len(ids):
                    self.spotlight = Spotlight(cluster_id=ids[at])
                else:
                    self._say(
                        "That is the last cluster." if step > 0 else "That is the first cluster."
                    )
        else:
            order = [c.note_id for g in groups for c in g.cards]
            current = spot.note_ids[-1] if spot.note_ids else None
            if current in order:
                at = order.index(current) + step
                if 0 <= at < len(order):
                    self.spotlight = Spotlight(note_ids=(order[at],))
                    self.spotlit.emit(order[at])
                else:
                    self._say("That is the last note." if step > 0 else "That is the first note.")
        self._show_board()

    def resize_text(self, step: int) -> None:
        """The room's zoom: larger (1), smaller (-1), or the largest that fits (0)."""
        if step == 0:
            self.text_pixels = None
        else:
            current = self.text_pixels
            if current is None and self.window is not None:
                current = self.window.canvas.room_layout.text_pixels
            self.text_pixels = next_text_size(current or 24, step)
            if self.text_pixels == current:
                end = "largest" if step > 0 else "smallest"
                self._say(f"The text is at its {end} already ({self.text_pixels:g} px).")
        self._show_board()
