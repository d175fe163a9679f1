"""What every ``dotstorm`` command shares: its one-line failures and opening the database.

Only light modules are imported here; storage loads when a command opens the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.format_helpers import left_out_summary, printable

if TYPE_CHECKING:
    from app.storage.database import Database
    from app.storage.repository import SessionRepository


class CommandError(Exception):
    """A failure to report as one line on stderr, exit status 1."""


class NoDatabaseYet(CommandError):
    """A reading command found no database file; nothing was created."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"there is no database at {printable(path)} yet; 'dotstorm' or "
            "'dotstorm import FILE' creates it"
        )
        self.path = path


def open_repository(
    db_value: str | None, create: bool = False
) -> tuple[Database, SessionRepository]:
    """Open the database; only ``create`` (import) may make a new one.

    Reading commands on a path with no database raise :class:`NoDatabaseYet` instead
    of leaving new folders and an empty database behind.
    """
    from app.storage.database import open_database
    from app.storage.location import database_file, resolve_database_url
    from app.storage.repository import SessionRepository

    url = resolve_database_url(db_value)
    path = database_file(url)
    if not create and path is not None and not path.exists():
        raise NoDatabaseYet(path)
    database = open_database(url)
    return database, SessionRepository(database.engine)


def refuse_left_out(left_out: list[str]) -> None:
    """The rest was printed; each row left out is named, and the exit status says so."""
    if left_out:
        raise CommandError(printable(left_out_summary(left_out)))


_OFFSCREEN: list[object] = []
"""The command's offscreen Qt application, kept alive until the command ends."""


def offscreen_application() -> None:
    """A Qt application with Dotstorm's look and no screen, for drawing (the board picture).

    Started once, the first time a command needs to draw; a command line has no screen
    to need, so it draws offscreen unless the environment names another platform.
    """
    import os

    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.look import configure_application

    application = QApplication([])
    configure_application(application)
    _OFFSCREEN.append(application)
