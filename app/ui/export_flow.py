"""Exporting from the session window: choose, build off the GUI thread, write atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QProgressDialog,
    QWidget,
)

from app.core.types import Session
from app.export.session_file import suggested_file_name
from app.ui import shortcuts as K
from app.ui.board.picture import board_image
from app.ui.board.scene import BoardScene
from app.ui.board.view import BoardView

if TYPE_CHECKING:
    from app.core.minutes import MinutesContext
from app.ui.dialogs import ask_save_path
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action
from app.ui.settings import AppSettings

PAGE_SIZE_KEY = "minutes/page_size"
FILTERS = {
    "pdf": "PDF minutes (*.pdf)",
    "md": "Markdown minutes (*.md)",
    "csv": "Notes as CSV (*.csv)",
    "json": "Dotstorm session file (*.json)",
}


class ExportDialog(QDialog):
    """What to export: the format and, for PDF, the page size (remembered)."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.export.exports import FORMAT_NAMES

        self.setWindowTitle("Export")
        self.format_combo = QComboBox()
        for key, name in FORMAT_NAMES.items():
            self.format_combo.addItem(name, key)
        self.page_combo = QComboBox()
        self.page_combo.addItem("A4", "a4")
        self.page_combo.addItem("US Letter", "letter")
        self.page_combo.setCurrentIndex(
            max(0, self.page_combo.findData(settings.string(PAGE_SIZE_KEY, "a4")))
        )
        self.format_combo.currentIndexChanged.connect(
            lambda: self.page_combo.setEnabled(self.format_combo.currentData() == "pdf")
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose where…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Export", self.format_combo)
        form.addRow("&Page size", self.page_combo)
        form.addRow(buttons)

    def choice(self) -> tuple[str, str]:
        """(format, page size)."""
        return str(self.format_combo.currentData()), str(self.page_combo.currentData())


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)


class ExportJob(QRunnable):
    """Builds and writes one export on a pool thread; reports through signals."""

    def __init__(
        self,
        session: Session,
        fmt: str,
        target: Path,
        page_size: str,
        board_png: bytes | None,
        protected: tuple[Path, ...] = (),
        context: MinutesContext | None = None,
    ) -> None:
        super().__init__()
        self.signals = _Signals()
        self._args = (session, fmt, target, page_size, board_png)
        self._protected = protected
        self._context = context

    def run(self) -> None:
        """Build the file; a failure is one sentence, and leaves no half file."""
        from app.export.atomic import ExportError
        from app.export.exports import export_file

        session, fmt, target, page_size, board_png = self._args
        try:
            export_file(
                session,
                fmt,
                target,
                page_size,
                board_png,
                self.signals.progress.emit,
                self._protected,
                self._context,
            )
        except ExportError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:
            import logging

            logging.getLogger("dotstorm").exception("Export failed")
            self.signals.failed.emit(f"The export failed: {error}")
        else:
            self.signals.finished.emit(str(target))


class ExportFlow(QObject):
    """Runs "Export…" for a session window and tells it how it went."""

    done = Signal(str)
    """A one-line result for the status bar."""

    def __init__(
        self,
        window: QWidget,
        settings: AppSettings,
        document: SessionDocument,
        scene: BoardScene,
        view: BoardView,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._document = document
        self.export_action = make_action(
            self,
            "&Export minutes…",
            lambda: self.run(document.session, scene, view.zoom),
            keys=K.EXPORT,
            keys_work_in=window,
        )
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._progress: QProgressDialog | None = None
        self._job: ExportJob | None = None

    def ask_path(self, suggested: Path, fmt: str) -> Path | None:
        """Where to save; the dialog asks before overwriting."""
        return ask_save_path(self._window, "Export", suggested, FILTERS[fmt], fmt)

    def run(self, session: Session, scene: BoardScene, view_zoom: float) -> None:
        """Ask what and where, then build it without freezing the window."""
        dialog = ExportDialog(self._settings, self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fmt, page_size = dialog.choice()
        self._settings.set_string(PAGE_SIZE_KEY, page_size)
        folder = Path(self._settings.string("export/folder", str(Path.home())))
        target = self.ask_path(folder / suggested_file_name(session, fmt), fmt)
        if target is None:
            return
        self._settings.set_string("export/folder", str(target.parent))
        self.start(
            session,
            fmt,
            target,
            page_size,
            board_image(scene, view_zoom) if fmt == "pdf" else None,
        )

    def start(
        self, session: Session, fmt: str, target: Path, page_size: str, board_png: bytes | None
    ) -> None:
        """Build and write on the pool thread, with a progress dialog."""
        progress = QProgressDialog("Building the export…", "", 0, 100, self._window)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(300)
        self._progress = progress
        database = self._document.database_path
        # Read here, on the GUI thread that owns the document; the job only writes.
        context = self._document.minutes_context() if fmt in ("pdf", "md") else None
        job = ExportJob(
            session, fmt, target, page_size, board_png, (database,) if database else (), context
        )
        job.signals.progress.connect(
            lambda done, total: progress.setValue(int(done * 100 / total))
        )
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        self._job = job
        self.pool.start(job)

    def _finished(self, target: str) -> None:
        self._close_progress()
        self.done.emit(f"Exported to {target}.")

    def _failed(self, message: str) -> None:
        self._close_progress()
        self.done.emit(f"Nothing was written: {message}")

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        self._job = None
