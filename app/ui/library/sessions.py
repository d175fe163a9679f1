"""What the library does with sessions: new, open, duplicate, delete, import, export, demo.

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
from app.ui.qt_actions import make_action, set_available
from app.ui.settings import AppSettings

if TYPE_CHECKING:
    from app.core.backlog import CarryOver
    from app.core.types import Goal, NewSessionSpec, Session
    from app.ui.library.host import LibraryHost
    from app.ui.library.import_job import ImportReader
    from app.ui.session_window import SessionWindow


OPENING = "Your sessions are still opening; a moment."
CHOOSE_ONE = "Choose a session in the list first (the arrow keys move in it)."


class SessionsController(QObject):
    """The library's session actions, and the session windows open now."""

    new_action: QAction
    open_action: QAction
    duplicate_action: QAction
    delete_action: QAction
    import_action: QAction
    export_action: QAction
    demo_action: QAction

    def __init__(self, host: LibraryHost, settings: AppSettings) -> None:
        widget = host.main_window()
        super().__init__(widget)
        self._host = host
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
            # Alt+D on the empty library's button: no other Alt key of the library.
            ("demo_action", "Open the &demo session", self.try_to_open_demo, None),
        ):
            setattr(self, name, make_action(self, text, handler, keys=keys, keys_work_in=widget))

    def update_actions(self, *_: object) -> None:
        """What can be done depends on storage being open and a session being selected."""
        opening = "" if self._host.attached else OPENING
        unselected = "" if self._host.selected_session_id() is not None else CHOOSE_ONE
        for item in (self.new_action, self.import_action, self.demo_action):
            set_available(item, opening)
        for item in (
            self.open_action,
            self.duplicate_action,
            self.delete_action,
            self.export_action,
        ):
            set_available(item, opening or unselected)

    # ------------------------------------------------------------------ creating

    def new_session(self) -> None:
        """Ask for a session's set-up and create it."""
        from app.ui.new_session_dialog import NewSessionDialog

        repository = self._host.workspace.repository
        dialog = NewSessionDialog(
            self._host.main_window(),
            carry_over_for=lambda goal, goal_id: repository.backlog.carry_over(
                goal, goal_id=goal_id
            ),
            goals=repository.goals.all_goals(include_archived=False),
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
        self._host.workspace.create_session(session)
        self._host.select_session(session.id)
        self.try_to_open(session.id)
        return session.id

    def duplicate_selected(self) -> None:
        """Make a new session with the selected one's people and agenda."""
        host = self._host
        summary = host.selected_summary()
        if summary is None:
            return
        workspace = host.workspace
        carried = workspace.repository.backlog.carry_over(summary.goal, goal_id=summary.goal_id)
        review = bool(carried) and confirm(
            host.main_window(),
            "Review last time?",
            f"Start the new session with a review of last time: {carried.summary()} "
            "from sessions with this goal?",
            no=Button.No,
        )
        copy = workspace.duplicate_session(summary.id, review=review)
        host.select_session(copy.id)
        reviewed = " It opens with a review of last time." if review else ""
        host.show_status(f"Created {copy.title!r} with the same people and agenda.{reviewed}")

    @property
    def _reader(self) -> ImportReader:
        """Made on the first import: the library's first paint does not wait for it."""
        if self._import_reader is None:
            from app.ui.library.import_job import ImportReader

            self._import_reader = ImportReader(self._host.main_window())
        return self._import_reader

    @property
    def importing(self) -> bool:
        """Whether a session file is being read now."""
        return self._import_reader is not None and self._import_reader.busy

    def import_file(self) -> None:
        """Import a session file chosen by the facilitator, read off the GUI thread."""
        host = self._host
        if self.importing:
            host.show_status("A file is being imported; wait for it first.")
            return
        path = host.ask_open_path()
        if path is None:
            return

        def store(session: Session) -> None:
            stored = host.workspace.import_session(session)
            host.select_session(stored.id)
            host.show_status(f"Imported {stored.title!r}.")

        def refuse(reason: str) -> None:
            host.show_error("Cannot import", f"Nothing was imported. {reason}")

        self._reader.read(path, store, refuse)

    def export_selected(self) -> None:
        """Export the selected session as a session file."""
        from app.export.atomic import ExportError
        from app.export.exports import export_file
        from app.export.session_file import suggested_file_name

        host = self._host
        session_id = host.selected_session_id()
        if session_id is None:
            return
        workspace = host.workspace
        document = workspace.document(session_id)
        session = (
            document.session
            if document is not None
            else workspace.repository.load_session(session_id)
        )
        path = host.ask_save_path(suggested_file_name(session, "json"))
        if path is None:
            return
        try:
            database = workspace.repository.database_path
            export_file(session, "json", path, protected=(database,) if database else ())
        except ExportError as error:
            host.show_error("Cannot export", str(error))
            return
        host.show_status(f"Exported to {path}.")

    def delete_selected(self) -> None:
        """Delete the selected session after the facilitator confirms."""
        host = self._host
        summary = host.selected_summary()
        if summary is None:
            return
        if not confirm(
            host.main_window(),
            "Delete session",
            f"Delete “{summary.title}” with its {counted(summary.notes, 'note')}, "
            f"{counted(summary.vote_rounds, 'vote round')} and "
            f"{counted(summary.action_items, 'action')}?\n"
            "This cannot be undone.",
            default_yes=False,
        ):
            return
        session_window = self._open_windows.pop(summary.id, None)
        if session_window is not None:
            session_window.close()
        host.workspace.delete_session(summary.id)
        host.show_status(f"Deleted {summary.title!r}.")

    # ------------------------------------------------------------------ windows

    def open_selected(self) -> None:
        """Open the selected session's window."""
        session_id = self._host.selected_session_id()
        if session_id is not None:
            self.try_to_open(session_id)

    def open_index(self, index: QModelIndex) -> None:
        """Enter or a double-click on a row."""
        if not self._host.attached:  # listed, but storage is still opening
            self._host.show_status(OPENING, 2000)
            return
        self.try_to_open(str(index.data(SESSION_ID_ROLE)))

    def try_to_open_demo(self) -> SessionWindow | None:
        """:meth:`open_demo`, telling the facilitator why when it cannot."""
        from app.storage.errors import StorageError

        try:
            return self.open_demo()
        except StorageError as error:
            self._host.show_error("Cannot open the demo session", str(error))
            return None

    def open_demo(self) -> SessionWindow:
        """Open the demo session's window, storing the session first if it is missing.

        The session is stored whole or not at all (one transaction), and only when no
        session has its id, looked at in that transaction: a second press, a second
        ``dotstorm --demo`` or another laptop on the same server finds it there.
        """
        from app.core.demo import DEMO_SESSION_ID, build_demo_session

        self._host.workspace.create_session(build_demo_session(), unless_stored=True)
        self._host.select_session(DEMO_SESSION_ID)
        return self.open_session(DEMO_SESSION_ID)

    def try_to_open(self, session_id: str) -> SessionWindow | None:
        """:meth:`open_session`, telling the facilitator why when it cannot open."""
        from app.storage.errors import StorageError

        try:
            return self.open_session(session_id)
        except StorageError as error:
            self._host.show_error("Cannot open the session", str(error))
            return None

    def open_session(self, session_id: str) -> SessionWindow:
        """Show the window of ``session_id``, raising it if it is already open."""
        from app.ui.session_window import SessionWindow

        window = self._open_windows.get(session_id)
        if window is None:
            workspace = self._host.workspace
            window = SessionWindow(workspace.open_document(session_id), self._settings)
            self._open_windows[session_id] = window
            window.destroyed.connect(lambda: self._closed(session_id))
            window.take_back_requested.connect(workspace.take_back)
            window.copy_requested.connect(self.save_copy)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def save_copy(self, session_id: str, typed: str = "") -> SessionWindow | None:
        """Keep what a window that lost its hold shows as a new session, and open that.

        What was typed in its capture bar comes along, ready to be added with Enter.
        """
        copy = self._host.workspace.save_copy(session_id)
        if copy is None:  # the window that asked says why
            return None
        window = self._open_windows.get(session_id)
        if window is not None:
            window.close()
        self._host.select_session(copy.id)
        opened = self.try_to_open(copy.id)
        if opened is not None:
            opened.keep_typed(typed, f"Saved as a new session of its own: {copy.title}")
        return opened

    def _closed(self, session_id: str) -> None:
        self._open_windows.pop(session_id, None)
        if self._host.attached:
            self._host.workspace.release(session_id)

    def open_windows(self) -> dict[str, SessionWindow]:
        """The session windows open now, by session id."""
        return dict(self._open_windows)

    def close_session_windows(self) -> None:
        """Close every open session window (with the library, or before a restore)."""
        for window in list(self._open_windows.values()):
            window.close()
        self._open_windows.clear()
        if self._host.attached:
            for session_id in list(self._host.workspace.open_session_ids()):
                self._host.workspace.release(session_id)
