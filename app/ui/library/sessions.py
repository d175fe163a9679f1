"""What the library does with sessions: new, open, duplicate, delete, import, export.

The controller owns those actions and the session windows it opens; it reads and
writes through the workspace, never through another window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QAction

from app.core.format_helpers import counted
from app.ui import shortcuts as K
from app.ui.dialogs import Button, confirm
from app.ui.library.model import SESSION_ID_ROLE
from app.ui.qt_actions import make_action
from app.ui.settings import AppSettings

if TYPE_CHECKING:
    from app.core.backlog import CarryOver
    from app.core.types import Goal, NewSessionSpec, Session
    from app.ui.library.import_job import ImportReader
    from app.ui.library.window import LibraryWindow
    from app.ui.session_window import SessionWindow


class SessionsController(QObject):
    """The library's session actions, and the session windows open now."""

    new_action: QAction
    open_action: QAction
    duplicate_action: QAction
    delete_action: QAction
    import_action: QAction
    export_action: QAction

    def __init__(self, window: LibraryWindow, settings: AppSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._open_windows: dict[str, SessionWindow] = {}
        self._import_reader: ImportReader | None = None

        for name, text, handler, keys in (
            ("new_action", "&New session…", self.new_session, K.NEW_SESSION),
            # Only Ctrl+O: Enter is the list's own (activated), not the window's.
            ("open_action", "&Open", self.open_selected, K.OPEN_SESSION.keys[0]),
            (
                "duplicate_action",
                "&Duplicate as template",
                self.duplicate_selected,
                K.DUPLICATE_SESSION,
            ),
            ("delete_action", "De&lete…", self.delete_selected, K.DELETE_SESSION),
            ("import_action", "&Import…", self.import_file, K.IMPORT_FILE),
            ("export_action", "&Export…", self.export_selected, K.EXPORT_FILE),
        ):
            setattr(self, name, make_action(self, text, handler, keys=keys, keys_work_in=window))

    def update_actions(self, *_: object) -> None:
        """What can be done depends on storage being open and a session being selected."""
        loaded = self._window.attached
        selected = loaded and self._window.selected_session_id() is not None
        for item in (self.new_action, self.import_action):
            item.setEnabled(loaded)
        for item in (self.open_action, self.duplicate_action, self.delete_action):
            item.setEnabled(selected)
        self.export_action.setEnabled(selected)

    # ------------------------------------------------------------------ creating

    def new_session(self) -> None:
        """Ask for a session's set-up and create it."""
        from app.ui.new_session_dialog import NewSessionDialog

        repository = self._window.workspace.repository
        dialog = NewSessionDialog(
            self._window,
            carry_over_for=lambda goal, goal_id: repository.carry_over(goal, goal_id=goal_id),
            goals=repository.goals(include_archived=False),
        )
        if dialog.exec() != NewSessionDialog.DialogCode.Accepted:
            return
        self.create_session(dialog.spec(), dialog.carried_in(), dialog.chosen_goal())

    def create_session(
        self, spec: NewSessionSpec, carried: CarryOver | None = None, goal: Goal | None = None
    ) -> str:
        """Store a new session from ``spec``, list it and open its window.

        What ``carried`` holds opens the agenda as a review phase. The session serves
        ``goal``, or else the goal its wording names (a new one if none does).
        """
        from dataclasses import replace

        from app.core.backlog import with_review_phase
        from app.core.session_ops import build_session

        session = replace(build_session(spec), goal_record=goal)
        if carried:
            session = with_review_phase(session, carried)
        self._window.workspace.repository.add_session(session)
        self._window.refresh(select_id=session.id)
        self.try_to_open(session.id)
        return session.id

    def duplicate_selected(self) -> None:
        """Make a new session with the selected one's people and agenda."""
        window = self._window
        session_id = window.selected_session_id()
        if session_id is None:
            return
        repository = window.workspace.repository
        summary = window.model.summary(window.model.row_of(session_id) or 0)
        carried = repository.carry_over(summary.goal, goal_id=summary.goal_id)
        review = bool(carried) and confirm(
            window,
            "Review last time?",
            f"Start the new session with a review of last time: {carried.summary()} "
            "from sessions with this goal?",
            no=Button.No,
        )
        copy = repository.duplicate_as_template(session_id, review=review)
        window.refresh(select_id=copy.id)
        reviewed = " It opens with a review of last time." if review else ""
        window.statusBar().showMessage(
            f"Created {copy.title!r} with the same people and agenda.{reviewed}"
        )

    @property
    def _reader(self) -> ImportReader:
        """Made on the first import: the library's first paint does not wait for it."""
        if self._import_reader is None:
            from app.ui.library.import_job import ImportReader

            self._import_reader = ImportReader(self._window)
        return self._import_reader

    @property
    def importing(self) -> bool:
        """Whether a session file is being read now."""
        return self._import_reader is not None and self._import_reader.busy

    def import_file(self) -> None:
        """Import a session file chosen by the facilitator, read off the GUI thread."""
        window = self._window
        if self.importing:
            window.statusBar().showMessage("A file is being imported; wait for it first.")
            return
        path = window.ask_open_path()
        if path is None:
            return

        def store(session: Session) -> None:
            stored = window.workspace.repository.import_session(session)
            window.refresh(select_id=stored.id)
            window.statusBar().showMessage(f"Imported {stored.title!r}.")

        def refuse(reason: str) -> None:
            window.show_error("Cannot import", f"Nothing was imported. {reason}")

        self._reader.read(path, store, refuse)

    def export_selected(self) -> None:
        """Export the selected session as a session file."""
        from app.export.atomic import ExportError
        from app.export.exports import export_file
        from app.export.session_file import suggested_file_name

        window = self._window
        session_id = window.selected_session_id()
        if session_id is None:
            return
        document = window.workspace.document(session_id)
        session = (
            document.session
            if document is not None
            else window.workspace.repository.load_session(session_id)
        )
        path = window.ask_save_path(suggested_file_name(session, "json"))
        if path is None:
            return
        try:
            database = window.workspace.repository.database_path
            export_file(session, "json", path, protected=(database,) if database else ())
        except ExportError as error:
            window.show_error("Cannot export", str(error))
            return
        window.statusBar().showMessage(f"Exported to {path}.")

    def delete_selected(self) -> None:
        """Delete the selected session after the facilitator confirms."""
        window = self._window
        session_id = window.selected_session_id()
        if session_id is None:
            return
        summary = window.model.summary(window.model.row_of(session_id) or 0)
        if not confirm(
            window,
            "Delete session",
            f"Delete “{summary.title}” with its {counted(summary.notes, 'note')}, "
            f"{counted(summary.vote_rounds, 'vote round')} and "
            f"{counted(summary.action_items, 'action')}?\n"
            "This cannot be undone.",
            default_yes=False,
        ):
            return
        session_window = self._open_windows.pop(session_id, None)
        if session_window is not None:
            session_window.close()
        window.workspace.release(session_id)
        window.workspace.repository.delete_session(session_id)
        # Backlog steps may name what went with it; they cannot be undone any more.
        window.workspace.undo_stack.clear()
        window.refresh(select_id=None)
        window.workspace.backlog_changed.emit()
        window.statusBar().showMessage(f"Deleted {summary.title!r}.")

    # ------------------------------------------------------------------ windows

    def open_selected(self) -> None:
        """Open the selected session's window."""
        session_id = self._window.selected_session_id()
        if session_id is not None:
            self.try_to_open(session_id)

    def open_index(self, index: QModelIndex) -> None:
        """Enter or a double-click on a row."""
        if not self._window.attached:  # listed, but storage is still opening
            self._window.statusBar().showMessage("Opening your sessions…", 2000)
            return
        self.try_to_open(str(index.data(SESSION_ID_ROLE)))

    def try_to_open(self, session_id: str) -> SessionWindow | None:
        """:meth:`open_session`, telling the facilitator why when it cannot open."""
        from app.storage.errors import StorageError

        try:
            return self.open_session(session_id)
        except StorageError as error:
            self._window.show_error("Cannot open the session", str(error))
            return None

    def open_session(self, session_id: str) -> SessionWindow:
        """Show the window of ``session_id``, raising it if it is already open."""
        from app.ui.session_window import SessionWindow

        window = self._open_windows.get(session_id)
        if window is None:
            workspace = self._window.workspace
            window = SessionWindow(workspace.open_document(session_id), self._settings)
            self._open_windows[session_id] = window
            window.destroyed.connect(lambda: self._closed(session_id))
            window.hold_bar.take_back_requested.connect(lambda: self.take_back(session_id))
            window.hold_bar.copy_requested.connect(lambda: self.save_copy(session_id))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def take_back(self, session_id: str) -> None:
        """A window that lost its hold takes its session back, if the other laptop let it go."""
        from app.storage.errors import StorageError

        window = self._open_windows.get(session_id)
        if window is None:
            return
        try:
            self._window.workspace.take_back(session_id)
        except StorageError as error:
            window.hold_lost(str(error))
            return
        window.held_again()

    def save_copy(self, session_id: str) -> SessionWindow | None:
        """Keep what a window that lost its hold shows as a new session, and open that.

        What was typed in its capture bar comes along, ready to be added with Enter.
        """
        from app.storage.errors import StorageError

        window = self._open_windows.get(session_id)
        if window is None:
            return None
        typed = window.capture_bar.idea_edit.text()
        try:
            copy = self._window.workspace.save_copy(session_id)
        except StorageError as error:
            window.hold_lost(str(error))
            return None
        window.close()
        self._window.refresh(select_id=copy.id)
        opened = self.try_to_open(copy.id)
        if opened is not None:
            opened.capture_bar.idea_edit.setText(typed)
            opened.statusBar().showMessage(
                f"Saved as a new session of its own: {copy.title}", 15000
            )
        return opened

    def _closed(self, session_id: str) -> None:
        self._open_windows.pop(session_id, None)
        if self._window.attached:
            self._window.workspace.release(session_id)

    def open_windows(self) -> dict[str, SessionWindow]:
        """The session windows open now, by session id."""
        return dict(self._open_windows)

    def close_session_windows(self) -> None:
        """Close every open session window (with the library, or before a restore)."""
        for window in list(self._open_windows.values()):
            window.close()
        self._open_windows.clear()
        if self._window.attached:
            for session_id in list(self._window.workspace.open_session_ids()):
                self._window.workspace.release(session_id)

    def recover_from_error(self, error: BaseException) -> None:
        """Every open session window reloads from the database after an error.

        A change refused as made from an old copy reloads nothing: only the window it
        was made in (the active one) says so.
        """
        from PySide6.QtWidgets import QApplication

        from app.storage.errors import ChangedElsewhere, HoldLost

        windows = list(self._open_windows.values())
        if isinstance(error, HoldLost):  # only the window whose session it was
            held = self._open_windows.get(error.session_id)
            windows = [held] if held is not None else []
        elif isinstance(error, ChangedElsewhere):
            active = QApplication.activeWindow()
            windows = [window for window in windows if window is active]
        for window in windows:
            window.recover_from_error(error)
