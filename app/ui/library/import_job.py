"""Reading a session file off the GUI thread: a big or hostile file never freezes it.

The window stays responsive while the file is read and checked, with a progress
dialog, and the session is stored on the GUI thread once it is known good.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

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
    """Reads session files one at a time on its own thread, with a busy dialog."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._job: _ReadJob | None = None
        self._progress: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        """Whether a file is being read now."""
        return self._job is not None

    def read(
        self, path: Path, on_read: Callable[[Session], None], on_refused: Callable[[str], None]
    ) -> None:
        """Read ``path``; then ``on_read(session)`` or ``on_refused(reason)`` on this thread."""
        progress = QProgressDialog(f"Reading {path.name}…", "", 0, 0, self._parent)
        progress.setWindowTitle("Import")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.NonModal)  # the library stays usable
        progress.setMinimumDuration(300)  # a small file is read before it would show
        progress.setValue(0)  # starts the clock that shows the dialog after 300 ms
        self._progress = progress
        job = _ReadJob(path)
        job.setAutoDelete(False)  # its signals live until the answer is handled

        def done() -> None:
            self._job = None
            if self._progress is not None:
                self._progress.close()
                self._progress.deleteLater()
                self._progress = None

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
