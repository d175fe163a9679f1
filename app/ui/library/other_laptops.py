"""The library follows other laptops on a shared server: their changes show in seconds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from app.storage.change_feed import ChangeFeed
    from app.ui.library.window import LibraryWindow

LOOK_EVERY_MS = 1500
"""How often the library looks for other laptops' notices (a look at the socket)."""


class OtherLaptops(QObject):
    """Reads the session list, the backlog and the goals again when another laptop wrote.

    Each look also takes back the lock of an open session whose connection dropped,
    so a server restart does not leave a session open to a second laptop.
    """

    def __init__(self, library: LibraryWindow, feed: ChangeFeed) -> None:
        super().__init__(library)
        self._library = library
        self._feed = feed
        self._timer = QTimer(self)
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self.look)
        self._timer.start()
        library.destroyed.connect(feed.close)

    def look(self) -> None:
        """One look: the open sessions still held, and another laptop's changes read.

        It looks whether the library is on screen or not: the session windows are
        what the facilitator watches while a session runs.
        """
        from app.storage.errors import HoldLost

        if not self._library.attached:
            return
        workspace = self._library.workspace
        windows = self._library.sessions.open_windows()
        for session_id, error in workspace.keep_sessions_held().items():
            window = windows.get(session_id)
            if window is None:
                continue
            if isinstance(error, HoldLost):
                if not window.hold_bar.lost():
                    window.hold_lost(str(error))
            else:
                window.show_storage_warning(
                    f"This session is no longer held for this window: {error}"
                )
        if not self._feed.changed_elsewhere():
            return
        self._library.refresh()
        workspace.changed_elsewhere()

    def stop(self) -> None:
        """Stop looking (the library closes, or its database is swapped)."""
        self._timer.stop()
        self._feed.close()


def follow_other_laptops(library: LibraryWindow) -> OtherLaptops | None:
    """Follow the library's server; ``None`` on SQLite, which one laptop has to itself."""
    feed = library.workspace.repository.change_feed()
    return None if feed is None else OtherLaptops(library, feed)
