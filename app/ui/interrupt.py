"""Ctrl+C in the terminal that started the window: Dotstorm ends quietly, as Ctrl+Q ends it.

Python runs a signal's handler only between two bytecodes of the main thread, and Qt's
event loop is C++ that can wait for a long time: without help a Ctrl+C does nothing
until some event reaches Python code, and then ``KeyboardInterrupt`` is raised in the
middle of whatever slot runs (a traceback, and the window carries on). Here Python's
own C-level handler writes a byte to a pipe (``signal.set_wakeup_fd``) that a
``QSocketNotifier`` watches, so the event loop wakes at once and the handler runs. The
handler only asks the event loop to quit, since it may run in the middle of any Python
code; the windows then close as they do for Ctrl+Q (an edit in place is kept, the lock
on the database is let go, so the next start is not treated as one after a crash) and
``run_application`` returns 130, a shell's status for a command ended by Ctrl+C. A
second Ctrl+C while that happens ends the process at once.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

INTERRUPTED_STATUS = 130
"""What the shell reports for a command ended by Ctrl+C (128 + SIGINT)."""


class CtrlC(QObject):
    """While installed, SIGINT closes every window and ends the event loop with status 130."""

    def __init__(self, application: QApplication) -> None:
        super().__init__(application)
        self._application = application
        self._pair = _WakeUpPair()
        self._notifier = QSocketNotifier(self._pair.reader, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._pair.drain)
        self._previous_fd = signal.set_wakeup_fd(self._pair.writer, warn_on_full_buffer=False)
        self._previous_handler: Any = signal.getsignal(signal.SIGINT)
        # Started with Ctrl+C ignored (`dotstorm &` from a script, nohup): it stays so.
        if self._previous_handler is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, self._interrupted)

    def _interrupted(self, _signal: int, _frame: FrameType | None) -> None:
        """The handler: it may run inside any Python code, so it only asks the loop."""
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a second Ctrl+C ends it at once
        QTimer.singleShot(0, self._application, self._quit)

    def _quit(self) -> None:
        self._application.setQuitOnLastWindowClosed(False)  # the status is ours to give
        self._application.closeAllWindows()
        self._application.exit(INTERRUPTED_STATUS)

    def uninstall(self) -> None:
        """Give SIGINT and the wake-up descriptor back to what they were."""
        signal.set_wakeup_fd(self._previous_fd)
        signal.signal(signal.SIGINT, self._previous_handler)
        self._notifier.setEnabled(False)
        self._pair.close()


class _WakeUpPair:
    """Two connected non-blocking descriptors for the wake-up byte.

    A pipe; on Windows, where the wake-up descriptor must be a socket, a socket pair
    (the pipe spares every other start the import of ``socket``).
    """

    def __init__(self) -> None:
        if sys.platform == "win32":
            import socket

            ends = socket.socketpair()
            for end in ends:
                end.setblocking(False)
            self._sockets = ends
            self.reader, self.writer = (end.fileno() for end in ends)
        else:
            self._sockets = ()
            self.reader, self.writer = os.pipe()
            for descriptor in (self.reader, self.writer):
                os.set_blocking(descriptor, False)

    def drain(self) -> None:
        """Read the wake-up bytes (Python ran the handler on the way into this slot)."""
        try:
            while self._read():
                pass
        except BlockingIOError:
            pass

    def _read(self) -> bytes:
        if self._sockets:
            return self._sockets[0].recv(64)
        return os.read(self.reader, 64)

    def close(self) -> None:
        """Close both ends."""
        if self._sockets:
            for end in self._sockets:
                end.close()
        else:
            os.close(self.reader)
            os.close(self.writer)
