"""What a session window shows when storage says no: the banner and the hold bar.

One way to fail for the whole window (:meth:`StorageNotices.recover_from_error`):
the change's transaction was rolled back whole and its step left the undo stack;
the window reads the session again and says it in one sentence. A lost hold keeps
the screen as it is and offers the two ways on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from app.ui.document import SessionDocument
from app.ui.error_reporting import BANNER_TEXT, error_report, error_sentence, show_banner
from app.ui.hold_bar import HoldBar


class StorageNotices(QObject):
    """Follows the document's failures and holds; tells the facilitator in the window."""

    def __init__(
        self,
        window: QMainWindow,
        document: SessionDocument,
        banner: QLabel,
        hold_bar: HoldBar,
        drop_edit: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._banner = banner
        self._hold_bar = hold_bar
        self._drop_edit = drop_edit
        """Ends an edit in place without keeping it (what it edits is read again)."""
        document.hold_lost.connect(self.hold_lost)
        document.hold_in_doubt.connect(self.show_storage_warning)
        document.held_again.connect(self.held_again)
        document.failed.connect(self._failed_somewhere)

    def show_storage_warning(self, text: str) -> None:
        """A sentence about where the session is kept, until the next one replaces it."""
        show_banner(self._banner, text, seconds=None)

    def recover_from_error(self, error: BaseException) -> None:
        """After a failed change or an unexpected error: one sentence, and what is stored.

        The one way a change fails, whatever the cause: its transaction was rolled back
        whole, its step is not on the undo stack, the board and panels are read again
        from the database, and the banner says it in one sentence.
        """
        from app.core.limits import LimitReached
        from app.storage.errors import HoldLost, StorageError

        if isinstance(error, HoldLost):
            self.hold_lost(error_sentence(error))
            return
        if isinstance(error, StorageError | LimitReached):
            text = error_report(error)
        else:
            text = f"{BANNER_TEXT} The session was reloaded from the database."
        show_banner(self._banner, text)
        self._drop_edit()
        self._document.reload()

    def _failed_somewhere(self, error: BaseException) -> None:
        """An error reported to the app: this window shows what is stored.

        A change refused as made from an old copy is told only where it was made (the
        active window): the others hold nothing that changed.
        """
        from app.storage.errors import ChangedElsewhere

        if isinstance(error, ChangedElsewhere) and not self._window.isActiveWindow():
            return
        self.recover_from_error(error)

    def hold_lost(self, text: str) -> None:
        """Another laptop has the session now: say so, write nothing more, keep the screen.

        The board, the panels and what was typed stay as they are; no step can be
        undone into a session that is no longer this window's. Said once, however
        often the library looks again.
        """
        said = (
            f"{text} What you typed stays here: take the session back once it is free, "
            "or save this board as a copy."
        )
        if self._hold_bar.lost() and self._hold_bar.label.text() == said:
            return
        self._document.undo_stack.clear()
        self._hold_bar.show_lost(said)
        self._window.statusBar().showMessage(
            "Nothing is saved here until the session is held again."
        )

    def held_again(self) -> None:
        """The session is this window's again, read as it is stored now."""
        self._hold_bar.hide()
        self._window.statusBar().showMessage(
            "The session is held here again and shows what is stored now; every change is "
            "saved as you make it."
        )
