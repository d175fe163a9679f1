"""The workspace: the app's one repository and every session document open on it.

Windows do not reach into each other. The library and the session windows both go
through the workspace: a change made in one reaches the others by signal. The
library's own edits (statuses moved on in the backlog) are undo steps on the
workspace's undo stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.backlog import IdeaState, StoredOutcome
from app.core.types import ActionStatus, Outcome, Session, SessionSummary
from app.ui.document import SessionDocument
from app.ui.storage_step import VersionTrail

if TYPE_CHECKING:
    from app.storage.errors import StorageError
    from app.storage.repository import SessionRepository
    from app.storage.session_lock import SessionLock


class Workspace(QObject):
    """Owns the repository and the open documents; tells every window what changed."""

    session_changed = Signal(str)
    """An open session's line in the library changed: its status or its counts (its id)."""
    backlog_changed = Signal()
    """An action, an idea or a status changed somewhere: the backlog is out of date."""
    sessions_changed = Signal()
    goals_changed = Signal()
    """A goal was edited, merged or archived, or a value of its metric recorded."""
    """Sessions were added or removed (the library lists them again)."""

    def __init__(self, repository: SessionRepository) -> None:
        super().__init__()
        self._repository = repository
        self._documents: dict[str, SessionDocument] = {}
        self._locks: dict[str, SessionLock] = {}
        self.undo_stack = QUndoStack(self)
        self.trail = VersionTrail(lambda: self._repository)
        """The versions the library's undo steps wrote (see :class:`VersionTrail`)."""

    @property
    def repository(self) -> SessionRepository:
        """The repository every window reads and writes through."""
        return self._repository

    def replace_repository(self, repository: SessionRepository) -> None:
        """A restored backup is the database now (every document was released first)."""
        assert not self._documents, "release every document before swapping the database"
        self._repository = repository
        self.undo_stack.clear()
        self.sessions_changed.emit()
        self.backlog_changed.emit()

    # ------------------------------------------------------------------ documents

    def open_document(self, session_id: str) -> SessionDocument:
        """The document of an open session, read from the database the first time.

        On a shared server the session is held for this window first: one held by
        another laptop raises :class:`~app.storage.errors.SessionHeld`.
        """
        document = self._documents.get(session_id)
        if document is None:
            lock = self._repository.hold_session(session_id)
            try:
                # Each write of the window checks that the hold is still its own.
                document = SessionDocument(self._repository.for_view(lock), session_id)
            except BaseException:
                if lock is not None:
                    lock.release()
                raise
            if lock is not None:
                self._locks[session_id] = lock
            self._documents[session_id] = document
            self._follow(document)
        return document

    def keep_sessions_held(self) -> dict[str, StorageError]:
        """Take back the lock of every open session whose connection dropped.

        Each session that could not be held hears why through its document (another
        laptop has it now: ``hold_lost``; the server is out of reach: ``hold_in_doubt``),
        and the reasons are returned by session.
        """
        from app.storage.errors import HoldLost, StorageError

        lost: dict[str, StorageError] = {}
        for session_id, lock in self._locks.items():
            try:
                lock.keep()
            except StorageError as error:
                lost[session_id] = error
        for session_id, reason in lost.items():
            document = self._documents.get(session_id)
            if document is None:
                continue
            if isinstance(reason, HoldLost):
                document.hold_lost.emit(str(reason))
            else:
                document.hold_in_doubt.emit(
                    f"This session is no longer held for this window: {reason}"
                )
        return lost

    def take_back(self, session_id: str) -> None:
        """Hold a session again whose hold was lost, and read it as it is stored now.

        Its document says how it went: ``held_again``, or ``hold_lost`` with the reason
        (another laptop still has it, or the server is out of reach).
        """
        from app.storage.errors import StorageError

        lock = self._locks.get(session_id)
        document = self._documents.get(session_id)
        if lock is None or document is None:
            return
        try:
            lock.acquire()
        except StorageError as error:
            document.hold_lost.emit(str(error))
            return
        document.reload()
        document.held_again.emit()

    def save_copy(self, session_id: str) -> Session | None:
        """Store what an open session's window shows as a new session; returns it.

        For a window that lost its hold: its board is kept, with nothing written into
        the session another laptop has now. ``None`` when it could not be stored (the
        document's ``hold_lost`` says why).
        """
        from app.core.session_ops import board_copy
        from app.storage.errors import StorageError

        document = self._documents[session_id]
        copy = board_copy(document.session)
        try:
            self._repository.add_session(copy)
        except StorageError as error:
            document.hold_lost.emit(str(error))
            return None
        self.sessions_changed.emit()
        return copy

    # ------------------------------------------------------------------ sessions

    def create_session(self, session: Session, *, unless_stored: bool = False) -> bool:
        """Store a new session; the library lists it.

        With ``unless_stored`` a session already stored under its id (the demo) is left
        as it is; returns whether ``session`` was stored now.
        """
        if not self._repository.add_session(session, unless_stored=unless_stored):
            return False
        self.sessions_changed.emit()
        return True

    def import_session(self, session: Session) -> Session:
        """Store a session read from a file (new ids if its own are taken); returns it."""
        stored = self._repository.import_session(session)
        self.sessions_changed.emit()
        return stored

    def duplicate_session(self, session_id: str, *, review: bool) -> Session:
        """A new session with the people and agenda of ``session_id``; returns it."""
        copy = self._repository.duplicate_as_template(session_id, review=review)
        self.sessions_changed.emit()
        return copy

    def delete_session(self, session_id: str) -> None:
        """Delete a session (its window closed first) with everything in it.

        The library's undo steps may name what went with it: they cannot be undone
        any more.
        """
        self.release(session_id)
        self._repository.delete_session(session_id)
        self.undo_stack.clear()
        self.sessions_changed.emit()
        self.backlog_changed.emit()

    def report_failure(self, error: BaseException) -> None:
        """A change failed or an error happened: every open session shows what is stored.

        A lost hold goes only to its session (its window keeps what is on screen).
        """
        from app.storage.errors import HoldLost
        from app.ui.error_reporting import error_sentence

        if isinstance(error, HoldLost):
            held = self._documents.get(error.session_id)
            if held is not None:  # the sentence, without what PySide6 adds on the way
                held.hold_lost.emit(error_sentence(error))
            return
        for document in list(self._documents.values()):
            document.failed.emit(error)
        self.backlog_changed.emit()
        self.goals_changed.emit()

    def document(self, session_id: str) -> SessionDocument | None:
        """The document of ``session_id`` if it is open."""
        return self._documents.get(session_id)

    def open_session_ids(self) -> list[str]:
        """The sessions open now."""
        return list(self._documents)

    def release(self, session_id: str) -> None:
        """Its window closed: the document goes (it holds nothing unsaved), and its lock."""
        lock = self._locks.pop(session_id, None)
        if lock is not None:
            lock.release()
        if self._documents.pop(session_id, None) is not None:
            self.session_changed.emit(session_id)

    def summary(self, session_id: str) -> SessionSummary | None:
        """An open session's line for the library, from its document."""
        document = self._documents.get(session_id)
        return document.summary() if document is not None else None

    def _follow(self, document: SessionDocument) -> None:
        session_id = document.session_id

        def changed(*_: object) -> None:
            self.session_changed.emit(session_id)

        def backlog(*_: object) -> None:  # the library reads it through its own transaction
            document.when_committed(self.backlog_changed.emit)

        for signal in (
            document.notes_added,
            document.notes_removed,
            document.rounds_changed,
            document.actions_changed,
            document.progress_changed,
            document.reloaded,
        ):
            signal.connect(changed)

        def elsewhere(stored: StoredOutcome) -> None:
            def tell_others() -> None:
                for other in self._documents.values():
                    if other is not document:
                        other.actions.take_outcome(stored)
                self.backlog_changed.emit()

            document.when_committed(tell_others)

        document.elsewhere_changed.connect(elsewhere)
        for signal in (
            document.notes_added,
            document.notes_changed,
            document.notes_removed,
            document.rounds_changed,
            document.actions_changed,
            document.reloaded,
        ):
            signal.connect(backlog)

    # ------------------------------------------------------------------ the backlog

    def set_statuses(
        self,
        actions: Mapping[str, tuple[ActionStatus, int]],
        ideas: Mapping[str, IdeaState],
    ) -> dict[tuple[str, str], int]:
        """Store statuses set in the backlog, in one transaction; open sessions show them.

        Each status comes with the version of the row it was set from; returns the new
        versions by ``("action", id)`` and ``("idea", note id)``.
        """
        versions = self._repository.actions.set_statuses(actions, ideas)
        stored_actions = {
            key: (status, versions[("action", key)]) for key, (status, _) in actions.items()
        }
        stored_ideas = {
            key: (status, versions[("idea", key)]) for key, (status, _) in ideas.items()
        }

        def tell_others() -> None:
            for document in self._documents.values():
                document.actions.take_statuses(stored_actions, stored_ideas)
            self.backlog_changed.emit()

        self._repository.when_committed(tell_others)
        return versions

    def record_outcome(
        self,
        action_id: str,
        read_at: int,
        outcome: Outcome | None,
        status: ActionStatus,
        idea: IdeaState | None,
    ) -> StoredOutcome:
        """Store an outcome recorded in the backlog, in one transaction; open sessions show it."""
        stored = self._repository.actions.record_outcome(action_id, read_at, outcome, status, idea)

        def tell_others() -> None:
            for document in self._documents.values():
                document.actions.take_outcome(stored)
            self.backlog_changed.emit()

        self._repository.when_committed(tell_others)
        return stored

    def goals_edited(self) -> None:
        """A goal or its readings changed: open sessions, the goals page and the backlog follow.

        Once the change is committed: other windows read through transactions of
        their own, which see nothing before that.
        """

        def tell_others() -> None:
            for document in self._documents.values():
                document.reread_goal()
            self.goals_changed.emit()
            self.backlog_changed.emit()

        self._repository.when_committed(tell_others)

    def changed_elsewhere(self) -> None:
        """Another laptop wrote: open sessions read their shared records, the pages follow."""
        for document in self._documents.values():
            document.actions.reread_shared()
        self.sessions_changed.emit()
        self.goals_edited()

    def push(self, command: QUndoCommand) -> None:
        """One undo step of the library's."""
        self.undo_stack.push(command)
