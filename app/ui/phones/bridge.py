"""From the phones' server thread to the window's: a queued signal carrying a Future.

The server runs aiohttp on a thread of its own (:mod:`app.web.runner`); the session,
its document and its widgets live on the window's thread. :class:`QueuedDesk` is the
server's :class:`~app.web.desk.Desk`: ``ask`` emits a signal queued to the window's
thread with the call and a :class:`concurrent.futures.Future`, and awaits the future
without blocking the server's loop. The window's thread answers in its own turn of the
event loop, between a repaint and a key press, so a phone's change is applied exactly
as a laptop's is, never beside it.

Thirty phones tapping at once queue thirty calls. The window answers them for at most
:data:`TURN_BUDGET` seconds a turn, then lets the event loop paint and take keys
before it goes on: the facilitator's window never freezes behind a room of phones.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from app.web.desk import PhoneAnswer, PhoneCall

TURN_BUDGET = 0.012
"""Seconds of phones' calls the window answers in one turn of its event loop."""
ANSWER_TIMEOUT = 10.0
"""Seconds a phone's request waits for the window before it is told to try again."""
BUSY = "The facilitator's laptop is busy: try again in a moment."
NOT_SAVED = "Your change was not saved on the laptop: please try again."

log = logging.getLogger("dotstorm.web")


class QueuedDesk(QObject):
    """Hands each call to ``answer`` on this object's thread (the window's) and waits.

    ``answer`` runs on the window's thread; an error it raises goes to ``on_error``
    (the window's one way to fail) and the phone is told its change was not saved.
    """

    _asked = Signal(object, object)
    """A call and the future its answer goes into."""
    _more = Signal()
    """Calls are waiting: answer more of them in a later turn of the event loop."""

    def __init__(
        self,
        answer: Callable[[PhoneCall], PhoneAnswer],
        on_error: Callable[[BaseException], None],
        parent: QObject | None = None,
        timeout: float = ANSWER_TIMEOUT,
    ) -> None:
        super().__init__(parent)
        self._answer = answer
        self._on_error = on_error
        self._timeout = timeout
        self._waiting: deque[tuple[PhoneCall, concurrent.futures.Future[PhoneAnswer]]] = deque()
        self._turn_booked = False
        self._asked.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self._more.connect(self._answer_waiting, Qt.ConnectionType.QueuedConnection)

    async def ask(self, call: PhoneCall) -> PhoneAnswer:
        """The window's answer to ``call`` (awaited on the server's loop)."""
        future: concurrent.futures.Future[PhoneAnswer] = concurrent.futures.Future()
        self._asked.emit(call, future)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self._timeout)
        except TimeoutError:
            # Cancelled before the window took it: it will not be applied later.
            # Taken already: it is applied, and the phone's next poll shows it.
            future.cancel()
            return PhoneAnswer.refused(BUSY, 503)

    def _arrived(self, call: PhoneCall, future: concurrent.futures.Future[PhoneAnswer]) -> None:
        """On the window's thread: the call waits its turn (one is booked if none is)."""
        self._waiting.append((call, future))
        if not self._turn_booked:
            self._turn_booked = True
            self._more.emit()

    def _answer_waiting(self) -> None:
        """Answer waiting calls, oldest first, for one turn's budget; book another if need be."""
        self._turn_booked = False
        started = time.perf_counter()
        while self._waiting and time.perf_counter() - started < TURN_BUDGET:
            self._answer_one(*self._waiting.popleft())
        if self._waiting:
            self._turn_booked = True
            self._more.emit()

    def _answer_one(self, call: PhoneCall, future: concurrent.futures.Future[PhoneAnswer]) -> None:
        """Answer one call, unless the server stopped waiting for it."""
        if not future.set_running_or_notify_cancel():
            return
        try:
            answer = self._answer(call)
        except Exception as error:  # the window says it; the phone hears one sentence
            log.exception("a phone's %s was not applied", call.kind)
            future.set_result(PhoneAnswer.refused(NOT_SAVED, 503))
            self._on_error(error)
            return
        future.set_result(answer)
