"""Reading a session file off the GUI thread: a big or hostile file never freezes it.

The window stays responsive while the file is read and checked, with a busy bar in
its status bar, and the session is stored on the GUI thread once it is known good.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QProgressBar

from app.core.types import Session


class _Signals(QObject):
    read = Signal(object)
    """The session the file holds (a :class:`Session`)."""
    refused = Signal(str)
    """One sentence: why nothing was imported."""


class _ReadJob(QRunnable):
    """Reads and validates one file on a pool thread; stores nothing."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.signals = _Signals()
        self._path = path

    def run(self) -> None:
        """Read the file; a refusal is one sentence."""
        from app.export.session_file import SessionFileError, read_session_file

        try:
            session = read_session_file(self._path)
        except SessionFileError as error:
            self.signals.refused.emit(str(error))
        except Exception as error:  # a bug: say so in one line, keep the traceback
            logging.getLogger("dotstorm").exception("Reading %s failed", self._path)
            self.signals.refused.emit(f"unexpected error ({type(error).__name__})")
        else:
            self.signals.read.emit(session)


class ImportReader(QObject):
    """Reads session files one at a time on its own thread, busy in the status bar.

    The progress shows inside the window (a busy bar in its status bar, after 300 ms),
    not in a dialog of its own: the window keeps the keyboard, and the answer that
    follows comes up over it.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._job: _ReadJob | None = None
        self._bar = QProgressBar()
        self._bar.setRange(0, 0)  # busy: how long a check takes is not known
        self._bar.setMaximumWidth(160)
        self._bar.setAccessibleName("Reading the session file")
        self._bar.hide()
        window.statusBar().addPermanentWidget(self._bar)
        self._show_bar = QTimer(self)
        self._show_bar.setSingleShot(True)
        self._show_bar.setInterval(300)  # a small file is read before it would show
        self._show_bar.timeout.connect(self._bar.show)

    @property
    def busy(self) -> bool:
        """Whether a file is being read now."""
        return self._job is not None

    def read(
        self, path: Path, on_read: Callable[[Session], None], on_refused: Callable[[str], None]
    ) -> None:
        """Read ``path``; then ``on_read(session)`` or ``on_refused(reason)`` on this thread."""
        self._window.statusBar().showMessage(f"Reading {path.name}…")
        self._show_bar.start()
        job = _ReadJob(path)
        job.setAutoDelete(False)  # its signals live until the answer is handled

        def done() -> None:
            self._job = None
            self._show_bar.stop()
            self._bar.hide()
            self._window.statusBar().clearMessage()

        def read(session: Session) -> None:
            done()
            on_read(session)

        def refused(reason: str) -> None:
            done()
            on_refused(reason)

        job.signals.read.connect(read)
        job.signals.refused.connect(refused)
        self._job = job
        self.pool.start(job)
