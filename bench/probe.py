"""Child processes for the start-up and memory figures; each prints one line and quits.

    python -m bench.probe first-paint app|bare DB
    python -m bench.probe listing app|bare DB
    python -m bench.probe memory app|bare DB SESSION_ID
    python -m bench.probe shown bare DB

``shown`` is the floor of the first paint seen from outside (:mod:`bench.xmap`): the
bare window shown and left on the screen until the parent ends the process.

The parent times from launching the process to reading the line, so interpreter
start-up and imports count, as they do for a facilitator double-clicking the icon.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from bench.common import peak_megabytes

if TYPE_CHECKING:
    from app.ui.session_window import SessionWindow


class OnPaint(QObject):
    """Calls ``ready()`` at each paint of the watched window; quits when it says so."""

    def __init__(self, ready: object) -> None:
        super().__init__()
        self._ready = ready

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Each paint: check whether what we wait for is on screen."""
        if event.type() == QEvent.Type.Paint:
            assert callable(self._ready)
            line = self._ready()
            if line:
                # Said now, at the paint itself; leaving waits for the paint to finish.
                print(line, flush=True)
                QTimer.singleShot(0, lambda: os._exit(0))
        return False


def bare(kind: str, db: str) -> None:
    """The floor: a plain PySide6 window (and, for the listing, SQLAlchemy and a query)."""
    application = QApplication([])
    window = QMainWindow()
    label = QLabel("…")
    window.setCentralWidget(label)
    window.resize(1100, 640)
    if kind == "listing":
        from sqlalchemy import create_engine, text

        engine = create_engine(f"sqlite:///{db}")
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, title FROM sessions")).fetchall()
        label.setText("\n".join(str(row[1]) for row in rows))
    if kind != "shown":
        watcher = OnPaint(lambda: f"{peak_megabytes():.1f}" if kind == "memory" else "painted")
        window.installEventFilter(watcher)
    window.show()
    application.exec()


def app(kind: str, db: str, session_id: str = "") -> None:
    """Dotstorm's own start, as ``dotstorm --db DB [--open SESSION]`` runs it.

    The library window class is wrapped to watch its paints; nothing else changes.
    """
    import app.ui.application as application_module
    from app.ui.library.window import LibraryWindow

    keep: list[OnPaint] = []  # an event filter Python lets go of stops filtering

    class WatchedLibrary(LibraryWindow):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            if kind == "first-paint":
                keep.append(OnPaint(lambda: "painted"))
                self.installEventFilter(keep[-1])

        def build_contents(self) -> None:
            built = self.built
            super().build_contents()
            if kind == "listing" and not built:
                keep.append(OnPaint(lambda: "listed" if self.model.rowCount() else ""))
                self.table.viewport().installEventFilter(keep[-1])

    if kind == "memory":  # the controller imports what the first paint must not wait for
        from app.ui.library.sessions import SessionsController

        open_session = SessionsController.open_session

        def watched_open(self: SessionsController, opened_id: str) -> SessionWindow:
            opened = open_session(self, opened_id)
            if not keep:
                keep.append(OnPaint(lambda: f"{peak_megabytes():.1f}"))
                opened.view.viewport().installEventFilter(keep[-1])
            return opened

        setattr(SessionsController, "open_session", watched_open)  # noqa: B010
    setattr(application_module, "LibraryWindow", WatchedLibrary)  # noqa: B010
    QApplication([])  # run_application takes the one that exists
    application_module.run_application(db, open_reference=session_id or None)


def main(argv: list[str]) -> None:
    """Dispatch on ``kind`` and ``app|bare``."""
    kind, which, db, *rest = argv
    if which == "bare":
        bare(kind, db)
    else:
        app(kind, db, *rest)


if __name__ == "__main__":
    main(sys.argv[1:])
