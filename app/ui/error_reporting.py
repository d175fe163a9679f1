"""Exceptions raised in Qt slots: logged with their traceback and shown, never silent.

PySide6 prints an exception raised in a slot and carries on, so without a hook the
facilitator would never know. The hook writes the traceback to the log file, prints it
on stderr, and shows a non-blocking message. Each of them is masked first
(:func:`app.storage.masking.masked`): a driver's exception may carry a password.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.core.format_helpers import left_out_summary
from app.storage.masking import masked

LOG = logging.getLogger("dotstorm")
BANNER_TEXT = "Something went wrong; your work is saved."
BANNER_SECONDS = 20


def configure_logging(log_dir: Path) -> Path | None:
    """Log to ``dotstorm.log`` in ``log_dir``; return the file, or None if it can't be made."""
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_dir / "dotstorm.log", encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    return log_dir / "dotstorm.log"


class MaskingFormatter(logging.Formatter):
    """A log line, its traceback included, with every secret masked."""

    def format(self, record: logging.LogRecord) -> str:
        """The line as :class:`logging.Formatter` writes it, then masked."""
        return masked(super().format(record))


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_exception_hook(
    recover: Callable[[BaseException], None] | None = None,
) -> ExceptHook:
    """Install the hook; ``recover`` shows the banner and reloads the views.

    Returns the previous hook so that tests can put it back.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        text = masked("".join(traceback.format_exception(kind, error, trace)))
        LOG.error("Unhandled error\n%s", text)
        print(text, file=sys.stderr)
        if recover is not None:
            try:
                recover(error)
            except Exception:  # never let the report itself fail loudly
                LOG.exception("Recovering from an error failed")
        elif QApplication.instance() is not None:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Something went wrong",
                f"{BANNER_TEXT}\n\n{masked(str(error))}",
                QMessageBox.StandardButton.Ok,
            )
            box.setModal(False)
            box.show()

    sys.excepthook = hook
    return previous


def make_banner() -> QLabel:
    """A hidden, non-blocking banner to report a problem at the top of a window."""
    from PySide6.QtCore import Qt  # not before the first paint: 15 ms

    banner = QLabel()
    banner.setObjectName("Banner")
    banner.setWordWrap(True)
    banner.setTextFormat(Qt.TextFormat.PlainText)
    banner.hide()
    return banner


def show_banner(banner: QLabel, text: str, *, seconds: int | None = BANNER_SECONDS) -> None:
    """Show ``text`` in the banner for ``seconds`` (``None``: until replaced)."""
    banner.setText(text)
    banner.show()
    if seconds is not None:
        # The banner as context: the timer is dropped if the window closes first.
        QTimer.singleShot(
            seconds * 1000, banner, lambda: banner.hide() if banner.text() == text else None
        )


def error_sentence(error: BaseException) -> str:
    """The sentence an error says, without what PySide6 adds on the way.

    PySide6 re-raises an exception from a Python override (``QUndoCommand.redo``) with
    a prefix added to its message, once per override it passes through (a key press
    that went through an event filter first gets two); the facilitator needs only the
    sentence.
    """
    return re.sub(r"^(Error calling Python override of [\w:]+\(\): )+", "", str(error))


def error_report(error: BaseException) -> str:
    """What the banner says after ``error``: a failed save is not "your work is saved"."""
    from app.core.limits import LimitReached
    from app.storage.errors import StorageError

    message = masked(error_sentence(error))
    if isinstance(error, StorageError | LimitReached):
        return f"Your last change was not saved: {message} Everything before it is saved."
    return f"{BANNER_TEXT} ({type(error).__name__}: {message})"


def left_out_label() -> QLabel:
    """The line naming rows a listing had to leave out (hidden while there are none)."""
    from PySide6.QtCore import Qt  # not before the first paint: 15 ms

    label = QLabel()
    label.setObjectName("ErrorLine")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_left_out(label: QLabel, left_out: list[str]) -> None:
    """Name what a listing left out, or hide the line when it left out nothing."""
    text = left_out_summary(left_out)
    label.setText(
        f"{text[0].upper()}{text[1:]}; it was written by hand or by a newer Dotstorm."
        if text
        else ""
    )
    label.setVisible(bool(text))
