"""Phones in the room, switched on and off from the session window.

Off by default. *Session → Phones in the room…* asks which of the laptop's networks to
use and starts the phones' server (:mod:`app.web.runner`) on that one address and a
free port; the phones panel then shows the join code, how many phones joined and who
speaks from a phone, and the room's view shows the code to the room. The server stops
when switched off, when the window closes, and after 30 minutes without a request.

aiohttp is imported only here, when phones go on: Dotstorm starts no slower without.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from app.core.format_helpers import counted
from app.ui import shortcuts as K
from app.ui.board.controller import BoardController
from app.ui.document import SessionDocument
from app.ui.phones.bridge import QueuedDesk
from app.ui.phones.networks import NetworkDialog, laptop_networks
from app.ui.phones.panel import PhonesPanel
from app.ui.phones.room import PhoneRoom
from app.ui.qt_actions import make_action
from app.ui.room.controller import RoomView
from app.ui.side_dock import SideDock
from app.ui.timer.phase_timer import PhaseTimer
from app.ui.voting.voting_page import VotingPage
from app.web.serving import IDLE_TIMEOUT

if TYPE_CHECKING:
    from app.web.runner import PhoneServer

PANEL_WIDTH = 280


class PhonesNotStarted(Exception):
    """The phones' server could not start; the message says why, in one sentence."""


class PhonesDock(SideDock):
    """Holds the :class:`PhonesPanel` beside the board."""

    def __init__(self, parent: QMainWindow) -> None:
        panel = PhonesPanel()
        super().__init__("Phones", "PhonesDock", panel, PANEL_WIDTH, "P&hones panel", None, parent)
        self.panel = panel


class PhonesController(QObject):
    """Owns the phones' server of one session window, its panel and its menu entry."""

    message = Signal(str)
    """One line for the status bar."""
    _server_stopped = Signal()
    """Emitted on the server's thread once it stopped: queued to the window's."""

    def __init__(
        self,
        window: QMainWindow,
        document: SessionDocument,
        timer: PhaseTimer,
        board: BoardController,
        voting: VotingPage,
        room_view: RoomView,
        recover: Callable[[BaseException], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._voting = voting
        self._room_view = room_view
        self.room = PhoneRoom(document, timer, board, voting.voter_on_laptop, parent=self)
        self._desk = QueuedDesk(self.room.answer, recover, parent=self)
        self._server: PhoneServer | None = None
        self._network = ""
        self.idle_timeout = IDLE_TIMEOUT
        self.dock = PhonesDock(window)
        self.action = make_action(
            window, "&Phones in the room…", self.open, keys=K.PHONES, keys_work_in=window
        )
        panel = self.dock.panel
        panel.release_requested.connect(self.room.release)
        panel.renew_requested.connect(self.renew)
        panel.stop_requested.connect(self.stop)
        self.room.phones_changed.connect(self._show)
        self.room.seats_changed.connect(self._show)
        self._server_stopped.connect(self._stopped_by_itself)

    # ------------------------------------------------------------------ state

    @property
    def running(self) -> bool:
        """Whether phones are on."""
        return self._server is not None and self._server.running

    @property
    def join_address(self) -> str | None:
        """The address phones join at (``http://ADDRESS:PORT/#t=TOKEN``), while on."""
        return self._server.join_address() if self._server is not None else None

    @property
    def phone_count(self) -> int:
        """How many phones have joined with the join code in force."""
        return self._server.tokens.device_count if self._server is not None else 0

    # ------------------------------------------------------------------ switching

    def open(self) -> None:
        """Off: ask which network, then start. On: the phones panel."""
        if self.running:
            self.dock.show_docked()
            self.dock.panel.stop_button.setFocus()
            return
        dialog = NetworkDialog(laptop_networks(), self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.address is None:
            return
        try:
            self.start(dialog.address)
        except PhonesNotStarted as error:
            QMessageBox.warning(self._window, "Phones in the room", str(error))
            return
        self.dock.show_docked()

    def start(self, address: str, port: int = 0, network: str = "") -> str:
        """Serve phones on ``address`` (a free port when 0); the join address, returned.

        Raises :class:`PhonesNotStarted` with one sentence when it cannot.
        """
        from app.web.runner import PhoneServer

        self.stop()
        try:
            server = PhoneServer(
                address,
                port,
                desk=self._desk,
                on_stopped=self._server_stopped.emit,
                idle_timeout=self.idle_timeout,
            )
            server.start()
        except ValueError as error:
            raise PhonesNotStarted(str(error)) from None
        except (OSError, RuntimeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            where = f"{address}:{port}" if port else address
            raise PhonesNotStarted(f"Phones could not start on {where}: {reason}.") from None
        self._server = server
        self._network = network or next(
            (n.name for n in laptop_networks() if n.address == server.address), server.address
        )
        self.room.let_everyone_go()
        self._show()
        self.message.emit("Phones are on: the room can scan the code to join.")
        return server.join_address()

    def stop(self) -> None:
        """Phones off: the server stops, the port is free, every phone is let go."""
        server, self._server = self._server, None
        if server is None:
            return
        server.stop()
        self.room.let_everyone_go()
        self._show()
        self.message.emit("Phones are off.")

    def renew(self) -> None:
        """A new join code: every phone that joined is let go and must scan again."""
        if self._server is None:
            return
        self._server.tokens.renew()
        self.room.let_everyone_go()
        self._show()
        self.message.emit("New join code: phones scan the code again to join.")

    def _stopped_by_itself(self) -> None:
        """The server stopped on its own (30 minutes without a request)."""
        if self._server is not None and not self._server.running:
            self._server = None
            self.room.let_everyone_go()
            self._show()
            seconds = round(self.idle_timeout.total_seconds())
            idle = (
                counted(seconds // 60, "minute") if seconds >= 60 else counted(seconds, "second")
            )
            self.message.emit(f"Phones went off after {idle} without a request.")

    # ------------------------------------------------------------------ showing

    def _show(self) -> None:
        """The panel, the curtain and the room's view as phones are now."""
        panel = self.dock.panel
        address = self.join_address
        if address is None:
            panel.show_off()
        else:
            panel.show_on(address, self._network)
            names = {p.id: p.name for p in self._document.people.values()}
            panel.show_people(self.room.claimed(), names)
            panel.show_count(self.phone_count)
        self._voting.set_on_phones(frozenset(self.room.claimed()))
        self._room_view.show_join(address, self.phone_count)
