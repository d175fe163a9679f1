"""Start the Dotstorm window: paint it first, then load storage behind it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.ui.error_reporting import configure_logging, install_exception_hook
from app.ui.interrupt import CtrlC
from app.ui.library.window import LibraryWindow
from app.ui.look import configure_application, set_window_icon
from app.ui.settings import AppSettings

# What only storage, errors and the icon need is imported after the first paint.
if TYPE_CHECKING:
    from app.storage.database import Database
    from app.storage.instance_lock import InstanceLock
    from app.ui.session_window import SessionWindow
    from app.ui.workspace import Workspace

LISTING_PAINT_WAIT_MS = 300


class _FirstPaint(QObject):
    """Runs a callback once, on the turn of the event loop after the first paint."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Wait for the window's first paint event."""
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


class _Declined(Exception):
    """The facilitator chose not to open a backup of a damaged database."""


class StorageLoader(QObject):
    """Opens the database after the window is on screen and hands it to the window."""

    storage_failed = Signal()
    """The database could not be opened (the facilitator was told why)."""
    phones_failed = Signal()
    """The phones asked for on the command line could not start (it was said why)."""

    def __init__(
        self,
        window: LibraryWindow,
        db_value: str | None,
        *,
        demo: bool = False,
        open_reference: str | None = None,
        phones: tuple[str, int] | None = None,
    ) -> None:
        """``phones`` (an address and a port, 0 for any) starts phones in the opened session."""
        super().__init__(window)
        self._window = window
        window.restore_requested.connect(self.restore)
        self._db_value = db_value
        self._demo = demo
        self._open_reference = open_reference
        self._phones = phones
        self.database: Database | None = None
        self.workspace: Workspace | None = None
        self.failed = False
        self.unclean_shutdown = False
        self._lock: InstanceLock | None = None
        self._storage_opening = False

    def load(self) -> None:
        """Take the lock, list the sessions at once if the file allows, then open storage.

        A database already at the newest schema is listed with one plain sqlite3 query
        before SQLAlchemy is even imported; the repository attaches on the next turn.
        """
        from app.storage.errors import StorageError
        from app.storage.location import database_file, resolve_database_url

        try:
            url = resolve_database_url(self._db_value)
            path = database_file(url)
            self._take_lock(path)
        except StorageError as error:
            self._fail(error)
            return
        # After a crash nothing is listed before the full check has run.
        if path is not None and not (self._demo or self._open_reference or self.unclean_shutdown):
            from app.storage.schema_revision import quick_session_list

            summaries = quick_session_list(path)
            if summaries is not None:
                self._window.show_sessions(summaries)
                # Storage opens once the list is on screen (or soon, if it never paints).
                watcher = _FirstPaint(lambda: self._open_storage(url), parent=self)
                self._window.table.viewport().installEventFilter(watcher)
                QTimer.singleShot(LISTING_PAINT_WAIT_MS, self, lambda: self._open_storage(url))
                return
        self._open_storage(url)

    def _fail(self, error: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.storage.masking import masked

        self.failed = True
        message = masked(str(error))
        print(f"dotstorm: {message}", file=sys.stderr)
        QMessageBox.critical(self._window, "Dotstorm cannot open its database", message)
        self.storage_failed.emit()

    def _open_storage(self, url: str) -> None:
        """Open (check, migrate) the database and hand the repository to the window."""
        if self._storage_opening:
            return
        self._storage_opening = True
        from app.storage.database import open_database
        from app.storage.errors import DatabaseCorrupt, StorageError
        from app.storage.repository import SessionRepository
        from app.ui.workspace import Workspace

        try:
            try:
                self.database = open_database(url, after_crash=self.unclean_shutdown)
            except DatabaseCorrupt as error:
                self.database = self._offer_backup(url, error)
        except _Declined:
            self.failed = True
            self.storage_failed.emit()
            return
        except StorageError as error:
            self._fail(error)
            return
        repository = SessionRepository(self.database.engine)
        self.workspace = Workspace(repository)
        self._window.attach(self.workspace)
        warning = self.database.warning()
        if warning:
            print(f"dotstorm: {warning}", file=sys.stderr)
            self._window.show_notice(warning)
        if self.unclean_shutdown:
            self._window.statusBar().showMessage(
                "Dotstorm did not close cleanly last time; the database was checked and is sound.",
                20000,
            )
        try:
            if self._demo:
                opened = self._window.sessions.open_demo()
            elif self._open_reference:
                reference = repository.resolve(self._open_reference)
                opened = self._window.sessions.open_session(reference)
            else:
                return
        except StorageError as error:
            print(f"dotstorm: {error}", file=sys.stderr)
            self._window.show_error("Cannot open the session", str(error))
            return
        if self._phones is not None:
            self._start_phones(opened, *self._phones)

    def _start_phones(self, opened: SessionWindow, address: str, port: int) -> None:
        """Phones on in ``opened``; the join address on standard output, in one line."""
        from app.ui.phones.controller import PhonesNotStarted

        try:
            join = opened.phones.start(address, port)
        except PhonesNotStarted as error:
            print(f"dotstorm: {error}", file=sys.stderr)
            self.failed = True
            self.phones_failed.emit()
            return
        if sys.stdout is not None:  # None under pythonw
            print(f"Phones: {join}", flush=True)

    def _offer_backup(self, url: str, error: Exception) -> Database:
        """A damaged database: set it aside and open the newest good backup, if wanted."""
        from app.storage.backup import newest_good_backup, restore_backup
        from app.storage.database import open_database
        from app.storage.errors import DatabaseCorrupt
        from app.storage.location import backup_dir_for, database_file

        path = database_file(url)
        if path is None:
            raise error
        folder = backup_dir_for(url)
        backup = newest_good_backup(folder)
        if backup is None:
            raise DatabaseCorrupt(f"{error} There is no good backup in {folder} to open.")
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "The database is damaged",
            f"{error} Dotstorm can set it aside and open your newest good backup ({backup.name}).",
            parent=self._window,
        )
        restore = box.addButton("Open the backup", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        if box.clickedButton() is not restore:
            raise _Declined from error
        moved = restore_backup(backup, path)
        print(f"dotstorm: {path} was damaged; it is now {moved}", file=sys.stderr)
        return open_database(url)

    def _take_lock(self, path: Path | None) -> None:
        """One Dotstorm window per database; traces of a crash mean the full check first."""
        from app.storage.errors import DatabaseUnavailable
        from app.storage.filesystem import wal_left_behind
        from app.storage.instance_lock import InstanceLock

        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailable(
                f"Cannot create the folder {path.parent}: {error.strerror}."
            ) from None
        # An operating-system lock: only a live Dotstorm holds it, whatever the file says.
        self._lock = InstanceLock.take(path)
        # SQLite removes its write-ahead log on a clean close, so one with data in it
        # means a crash even when the lock file went too (another tool, a wiped /tmp).
        self.unclean_shutdown = self._lock.left_behind or wal_left_behind(path)
        # The full check then runs as storage opens, before its first write.

    def restore(self) -> None:
        """Help → Restore from backup: swap the database for a verified copy."""
        from app.storage.backup import list_backups, restore_backup
        from app.storage.database import open_database
        from app.storage.errors import StorageError
        from app.storage.location import backup_dir_for
        from app.storage.repository import SessionRepository
        from app.ui.restore_dialog import RestoreDialog
        from app.ui.workspace import Workspace

        if self.database is None or self.database.path is None:
            return
        url, path = self.database.url, self.database.path
        dialog = RestoreDialog(list_backups(backup_dir_for(url)), self._window)
        if dialog.exec() != RestoreDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        chosen = dialog.chosen()
        assert chosen is not None
        self._window.sessions.close_session_windows()
        self.database.close()
        self.database = None
        try:
            moved = restore_backup(chosen.path, path)
            self.database = open_database(url)
        except (StorageError, OSError) as error:
            self._window.show_error("Cannot restore", str(error))
            return
        repository = SessionRepository(self.database.engine)
        if self.workspace is None:
            self.workspace = Workspace(repository)
            self._window.attach(self.workspace)
        else:
            self.workspace.replace_repository(repository)
        kept = f" The file you had is kept as {moved.name}." if moved else ""
        self._window.statusBar().showMessage(
            f"Restored the backup of {chosen.taken_at:%d %b %Y, %H:%M}.{kept}", 20000
        )

    def close(self) -> None:
        """Release the database and its lock."""
        if self.database is not None:
            self.database.close()
            self.database = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def start_application(
    db_value: str | None,
    *,
    settings: AppSettings,
    demo: bool = False,
    open_reference: str | None = None,
    phones: tuple[str, int] | None = None,
    after_first_paint: Callable[[], None] | None = None,
) -> tuple[LibraryWindow, StorageLoader]:
    """Show the library window now; storage loads on the first turn after it paints.

    ``after_first_paint`` runs on that turn too, before storage loads.
    """
    window = LibraryWindow(settings)
    loader = StorageLoader(
        window, db_value, demo=demo, open_reference=open_reference, phones=phones
    )

    def first_turn() -> None:
        if after_first_paint is not None:
            after_first_paint()
        loader.load()

    window.installEventFilter(_FirstPaint(first_turn, parent=window))
    window.show()
    return window, loader


def _finish_setting_up(application: QApplication) -> None:
    """What waits for the first paint: the log file (platformdirs alone costs 6 ms), the icon."""
    from platformdirs import user_log_dir

    configure_logging(Path(user_log_dir("dotstorm", appauthor=False)))
    set_window_icon(application)


def run_application(
    db_value: str | None,
    *,
    demo: bool = False,
    open_reference: str | None = None,
    phones: tuple[str, int] | None = None,
) -> int:
    """Run the Dotstorm window until it is closed; return the exit status."""
    application = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(application, QApplication)
    configure_application(application)
    # Before anything is shown or locked: a Ctrl+C during start-up is caught here and
    # acted on once the event loop runs (Python's own handler would raise in whatever
    # Qt callback runs at that moment, and the window would go on).
    ctrl_c = CtrlC(application)
    install_exception_hook()  # until the window exists; it prints until the log is open
    window, loader = start_application(
        db_value,
        settings=AppSettings(QSettings()),
        demo=demo,
        open_reference=open_reference,
        phones=phones,
        after_first_paint=lambda: _finish_setting_up(application),
    )
    install_exception_hook(window.recover_from_error)
    loader.storage_failed.connect(lambda: application.exit(1))
    loader.phones_failed.connect(lambda: application.exit(1))
    application.aboutToQuit.connect(loader.close)
    try:
        status = application.exec()
    finally:
        ctrl_c.uninstall()
    return 1 if loader.failed else status
