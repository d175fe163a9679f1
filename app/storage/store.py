"""What every store shares: short transactions on one engine, and row lookups."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from app.core.types import RecordKey
from app.storage.backup import take_backup
from app.storage.change_feed import ChangeFeed, change_feed
from app.storage.database_errors import describe_database_error
from app.storage.engine import read_only
from app.storage.errors import SessionNotFound, UnknownStoredValue
from app.storage.location import backup_dir_for, database_file
from app.storage.models import ClusterRow, DotRow, NoteRow, SessionRow, VoteRoundRow
from app.storage.session_lock import SessionLock, hold_session
from app.storage.stored_values import unreadable_message, unreadable_values
from app.storage.versions import VersionedWrites, WrittenHere

VERSIONED_WRITES = "dotstorm_versioned_writes"
"""The key of a write transaction's :class:`VersionedWrites` in its ORM session's ``info``."""


def unknown_value(error: LookupError) -> UnknownStoredValue:
    """SQLAlchemy's complaint about an unknown enum value, as one sentence."""
    detail = str(error).split(". Possible values", 1)[0].replace("\n", " ")
    return UnknownStoredValue(
        f"The database holds a value this Dotstorm does not know ({detail}); "
        "it was written by hand or by a newer Dotstorm."
    )


class StoreBase:
    """Opens a write transaction (BEGIN IMMEDIATE) or a read one, and commits on exit.

    Inside :meth:`one_transaction` (one gesture of the facilitator) every read and
    write joins the gesture's transaction, which commits once at its end or rolls
    back whole.

    Writes of shared rows (goals, actions, idea statuses) are conditional on the
    version of the copy written (:mod:`app.storage.versions`); what this laptop wrote
    is shared by every store :meth:`for_view` makes, so that a refusal names its cause.
    """

    def __init__(
        self,
        engine: Engine,
        written: WrittenHere | None = None,
        hold: SessionLock | None = None,
    ) -> None:
        self._engine = engine
        self._hold = hold
        """The session a window holds on a server: every write checks the hold is its own."""
        self._url = engine.url.render_as_string(hide_password=False)
        self._written = WrittenHere() if written is None else written
        self._stored: dict[RecordKey, int] = {}
        """The version this store (one window) stored last, of each shared record."""
        self._write_sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(read_only(engine), expire_on_commit=False)
        self._gesture: OrmSession | None = None
        """The transaction of the gesture under way, which every read and write joins."""
        self._on_commit: list[Callable[[], None]] = []
        """What to note once the gesture's transaction has committed (and not before)."""

    def for_view(self, hold: SessionLock | None = None) -> Self:
        """The same store for another window of this laptop.

        ``hold`` is the session that window holds on a server: each of its writes then
        checks, in its own transaction, that the hold is still the window's
        (:meth:`~app.storage.session_lock.SessionLock.check`), and is refused with
        :class:`~app.storage.errors.HoldLost` once another laptop has the session.
        """
        return type(self)(self._engine, self._written, hold)

    def stored_version(self, key: RecordKey) -> int | None:
        """The version this window stored last of a shared record (``None``: never)."""
        return self._stored.get(key)

    @property
    def database_path(self) -> Path | None:
        """The database file, or ``None`` for a database that is not a file."""
        return database_file(str(self._engine.url))

    @contextmanager
    def one_transaction(self) -> Iterator[None]:
        """One gesture: every write and read inside commits together, or none does.

        Store methods called inside join this transaction instead of committing their
        own; an exception rolls all of them back and goes on. Calls nest: an inner
        one joins the outer.
        """
        if self._gesture is not None:
            yield
            return
        self._on_commit = []
        try:
            # What the gesture's own code raises goes on as it is; the store methods
            # it calls have named their errors already (see _writing).
            with self._write_sessions.begin() as orm:
                with self._described():
                    writes = self._begin_writes(orm)
                self._gesture = orm
                try:
                    yield
                finally:
                    self._gesture = None
        except (OperationalError, DatabaseError) as error:  # the commit itself failed
            self._on_commit = []
            raise describe_database_error(error, self._url) from None
        except BaseException:
            self._on_commit = []  # rolled back: nothing to note
            raise
        self._committed(writes)

    def when_committed(self, note: Callable[[], None]) -> None:
        """Call ``note`` once what was written so far is committed (now, outside a gesture).

        A gesture rolled back never calls it: nothing it would note was stored.
        """
        if self._gesture is None:
            note()
        else:
            self._on_commit.append(note)

    @contextmanager
    def writing(self) -> Iterator[OrmSession]:
        """A write transaction of its own, or the gesture's under way (which it joins)."""
        if self._gesture is not None:
            with self._described():
                yield self._gesture
            return
        with self._described(), self._write_sessions.begin() as orm:
            writes = self._begin_writes(orm)
            yield orm
        self._committed(writes)

    def _begin_writes(self, orm: OrmSession) -> VersionedWrites:
        """A write transaction begins: the hold is checked, conditional writes are kept."""
        if self._hold is not None:
            self._hold.check(orm.connection())
        writes = VersionedWrites(orm, self._written)
        orm.info[VERSIONED_WRITES] = writes
        return writes

    def _committed(self, writes: VersionedWrites) -> None:
        """A write transaction committed: this laptop made its changes; notes are due."""
        self._written.wrote(writes.changes)
        self._stored.update(writes.changes)
        committed, self._on_commit = self._on_commit, []
        for note in committed:
            note()

    @contextmanager
    def reading(self) -> Iterator[OrmSession]:
        """A read transaction; inside a gesture, the gesture's (it sees what was written)."""
        if self._gesture is not None:  # a gesture reads what it has written so far
            with self._described():
                yield self._gesture
            return
        with self._described(), self._read_sessions.begin() as orm:
            yield orm

    @contextmanager
    def _described(self) -> Iterator[None]:
        """A database's complaint, said as one sentence naming its cause."""
        try:
            yield
        except (OperationalError, DatabaseError) as error:
            raise describe_database_error(error, self._url) from None
        except LookupError as error:  # an enum column holding a value we do not know
            raise self._named_unreadable() or unknown_value(error) from None
        except (ValueError, TypeError):  # a time that is no time…
            named = self._named_unreadable()
            if named is None:
                raise
            raise named from None

    def refuse_unreadable(self, orm: OrmSession, session_id: str) -> None:
        """Raise :class:`UnknownStoredValue` for a session's row holding a value of the wrong kind.

        All in SQLite (storage classes, enum names), on the read's own connection; times
        are read by the load itself, which names a wrong one through :meth:`_reading`.
        """
        if self._engine.dialect.name != "sqlite":
            return
        driver = orm.connection().connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        found = unreadable_values(driver, session_id=session_id, read_times=False)
        if found:
            raise UnknownStoredValue(
                unreadable_message(self.database_path or "The database", found)
            )

    def _named_unreadable(self) -> UnknownStoredValue | None:
        """A read failed on a value: the sentence naming the row that holds it, if one does.

        SQLite only (a server keeps each column's type itself); a whole scan, paid only
        when a read has already failed.
        """
        if self._engine.dialect.name != "sqlite":
            return None
        try:
            connection = self._engine.raw_connection()
            try:
                driver = connection.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                found = unreadable_values(driver)
            finally:
                connection.close()
        except (sqlite3.Error, OperationalError, DatabaseError):
            return None
        if not found:
            return None
        return UnknownStoredValue(unreadable_message(self.database_path or "The database", found))

    def hold_session(self, session_id: str) -> SessionLock | None:
        """Hold ``session_id`` for one window on a shared server (see :mod:`session_lock`).

        Raises :class:`~app.storage.errors.SessionHeld` when another laptop holds it;
        ``None`` on SQLite, whose file is held by one window already.
        """
        return hold_session(self._engine, session_id)

    def change_feed(self) -> ChangeFeed | None:
        """Other laptops' changes as they happen; ``None`` on SQLite (one laptop)."""
        return change_feed(self._engine)

    def backup(self, label: str) -> Path | None:
        """A verified automatic backup of the database, rotated; ``None`` in memory."""
        url = str(self._engine.url)
        path = database_file(url)
        if path is None:
            return None
        return take_backup(path, backup_dir_for(url), label)


def versions_of(orm: OrmSession) -> VersionedWrites:
    """The conditional writes of shared rows in this write transaction."""
    writes = orm.info[VERSIONED_WRITES]
    assert isinstance(writes, VersionedWrites)
    return writes


def session_row(orm: OrmSession, session_id: str) -> SessionRow:
    """The row of a session; :class:`SessionNotFound` if there is none."""
    row = orm.get(SessionRow, session_id)
    if row is None:
        raise SessionNotFound(f"There is no session with id {session_id}.")
    return row


def next_position(
    orm: OrmSession, row_type: type[NoteRow | ClusterRow | VoteRoundRow], session_id: str
) -> int:
    """The place after the last of a session's notes, clusters or rounds."""
    last = orm.scalar(select(func.max(row_type.position)).where(row_type.session_id == session_id))
    return 0 if last is None else int(last) + 1


def next_dot_position(orm: OrmSession, round_id: str) -> int:
    """The place after a round's last dot."""
    last = orm.scalar(select(func.max(DotRow.position)).where(DotRow.round_id == round_id))
    return 0 if last is None else int(last) + 1
