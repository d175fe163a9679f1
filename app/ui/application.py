"""Start the Dotstorm window: paint it first, then load storage behind it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.assets import resource, resource_bytes, resource_text
from app.ui.error_reporting import configure_logging, install_exception_hook
from app.ui.library_window import LibraryWindow
from app.ui.settings import AppSettings

if TYPE_CHECKING:
    from app.storage.database import Database


def configure_application(application: QApplication) -> None:
    """Names, icon, style and stylesheet shared by every Dotstorm window."""
    application.setApplicationName("Dotstorm")
    application.setOrganizationName("Dotstorm")
    application.setApplicationVersion(__version__)
    application.setStyle("Fusion")
    font = QFont(application.font())
    font.setPointSize(11)
    application.setFont(font)
    pixmap = QPixmap()
    if resource("icons/dotstorm.svg").is_file():
        pixmap.loadFromData(resource_bytes("icons/dotstorm.svg"), "SVG")
        application.setWindowIcon(QIcon(pixmap))
    application.setStyleSheet(resource_text("styles/dotstorm.qss"))


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


class StorageLoader(QObject):
    """Opens the database after the window is on screen and hands it to the window."""

    def __init__(
        self,
        window: LibraryWindow,
        db_value: str | None,
        *,
        demo: bool = False,
        open_reference: str | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._db_value = db_value
        self._demo = demo
        self._open_reference = open_reference
        self.database: Database | None = None
        self.failed = False

    def load(self) -> None:
        """Open storage; on failure say why in one sentence and leave with status 1."""
        from app.storage.database import open_database
        from app.storage.errors import StorageError
        from app.storage.location import resolve_database_url
        from app.storage.repository import SessionRepository

        try:
            self.database = open_database(resolve_database_url(self._db_value))
        except StorageError as error:
            self.failed = True
            print(f"dotstorm: {error}", file=sys.stderr)
            QMessageBox.critical(self._window, "Dotstorm cannot open its database", str(error))
            QApplication.exit(1)
            return
        repository = SessionRepository(self.database.engine)
        self._window.attach(repository)
        try:
            if self._demo:
                from app.core.demo import DEMO_SESSION_ID, build_demo_session

                if not repository.session_exists(DEMO_SESSION_ID):
                    repository.add_session(build_demo_session())
                    self._window.refresh(select_id=DEMO_SESSION_ID)
                self._window.open_session(DEMO_SESSION_ID)
            elif self._open_reference:
                self._window.open_session(repository.resolve(self._open_reference))
        except StorageError as error:
            print(f"dotstorm: {error}", file=sys.stderr)
            self._window.show_error("Cannot open the session", str(error))

    def close(self) -> None:
        """Release the database."""
        if self.database is not None:
            self.database.close()
            self.database = None


def start_application(
    db_value: str | None,
    *,
    settings: AppSettings,
    demo: bool = False,
    open_reference: str | None = None,
) -> tuple[LibraryWindow, StorageLoader]:
    """Show the library window now; storage loads on the first turn after it paints."""
    window = LibraryWindow(settings)
    loader = StorageLoader(window, db_value, demo=demo, open_reference=open_reference)
    window.installEventFilter(_FirstPaint(loader.load, parent=window))
    window.show()
    return window, loader


def run_application(
    db_value: str | None, *, demo: bool = False, open_reference: str | None = None
) -> int:
    """Run the Dotstorm window until it is closed; return the exit status."""
    from platformdirs import user_log_dir

    application = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(application, QApplication)
    configure_application(application)
    configure_logging(Path(user_log_dir("dotstorm", appauthor=False)))
    install_exception_hook()  # until the window exists
    window, loader = start_application(
        db_value, settings=AppSettings(QSettings()), demo=demo, open_reference=open_reference
    )
    install_exception_hook(window.recover_from_error)
    application.aboutToQuit.connect(loader.close)
    status = application.exec()
    return 1 if loader.failed else status
