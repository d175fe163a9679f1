"""The library follows other laptops on a shared server: their changes show in seconds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from app.storage.change_feed import ChangeFeed
    from app.ui.workspace import Workspace

LOOK_EVERY_MS = 1500
"""How often the library looks for other laptops' notices (a look at the socket)."""


class OtherLaptops(QObject):
    """Reads the session list, the backlog and the goals again when another laptop wrote.

    Each look also takes back the lock of an open session whose connection dropped,
    so a server restart does not leave a session open to a second laptop.
    """

    def __init__(self, workspace: Workspace, feed: ChangeFeed, parent: QObject) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._feed = feed
        self._timer = QTimer(self)
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self.look)
        self._timer.start()
        parent.destroyed.connect(feed.close)

    def look(self) -> None:
        """One look: the open sessions still held, and another laptop's changes read.

        It looks whether the library is on screen or not: the session windows are
        what the facilitator watches while a session runs. Each session that could
        not be held is told through its document (its window shows it).
        """
        self._workspace.keep_sessions_held()
        if self._feed.changed_elsewhere():
            self._workspace.changed_elsewhere()

    def stop(self) -> None:
        """Stop looking (the library closes, or its database is swapped)."""
        self._timer.stop()
        self._feed.close()


def follow_other_laptops(workspace: Workspace, parent: QObject) -> OtherLaptops | None:
    """Follow the workspace's server; ``None`` on SQLite, which one laptop has to itself."""
    feed = workspace.repository.change_feed()
    return None if feed is None else OtherLaptops(workspace, feed, parent)
