"""One window per session on a shared server: a PostgreSQL advisory lock per session.

Several laptops share one server, so the lock cannot be a file. Each open session
holds a session-level advisory lock on a connection of its own, kept out of the pool.
The server releases it when that connection ends, so a laptop that crashes or drops
off the network frees its sessions by itself. Who holds a lock is read from the
server's own tables (``pg_locks`` and ``pg_stat_activity``), where every Dotstorm
connection names its user and host (see :func:`app.storage.engine.application_name`).

On SQLite the database file itself is held by one window (the lock file beside it),
so there is nothing more to take per session.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from app.storage.database_errors import describe_database_error
from app.storage.errors import SessionHeld, StorageError

RETRY_AFTER_S = 30.0
"""How long a lost lock waits before it tries a server that was out of reach again."""

HOLDER_QUERY = """
SELECT a.application_name, a.client_addr, a.backend_start
FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.database = (
        SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = %(high)s AND l.objid = %(low)s AND l.objsubid = 1
"""


def lock_key(session_id: str) -> int:
    """A signed 64-bit key for ``session_id`` (advisory locks take a bigint)."""
    digest = hashlib.blake2b(f"dotstorm session {session_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class SessionLock:
    """The hold of one laptop on one session; :meth:`release` lets it go."""

    def __init__(self, engine: Engine, session_id: str) -> None:
        self._engine = engine
        self._url = engine.url.render_as_string(hide_password=False)
        self.session_id = session_id
        self._key = lock_key(session_id)
        self._connection: Connection | None = None
        self._last_failure: StorageError | None = None
        self._retry_at = 0.0

    def acquire(self) -> None:
        """Take the lock, or raise :class:`SessionHeld` naming who holds it."""
        try:
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except DBAPIError as error:
            raise describe_database_error(error, self._url) from None
        try:
            taken = connection.exec_driver_sql(
                "SELECT pg_try_advisory_lock(%(key)s)", {"key": self._key}
            ).scalar()
            if not taken:
                holder = self._holder(connection)
                raise SessionHeld(
                    f"This session is open on another laptop ({holder}); it opens here "
                    "once that window is closed."
                )
        except DBAPIError as error:
            connection.close()
            raise describe_database_error(error, self._url) from None
        except BaseException:
            connection.close()
            raise
        # The lock lives as long as this connection: keep it out of the pool's reach.
        connection.detach()
        self._connection = connection

    def _holder(self, connection: Connection) -> str:
        unsigned = self._key & 0xFFFFFFFFFFFFFFFF
        row = connection.exec_driver_sql(
            HOLDER_QUERY, {"high": unsigned >> 32, "low": unsigned & 0xFFFFFFFF}
        ).first()
        if row is None:
            return "it was let go a moment ago; try again"
        name, address, since = row
        who = holder_name(str(name)) if name else "another program"
        where = f" from {address}" if address else ""
        return f"{who}{where}, since {_clock(since)}"

    def held(self) -> bool:
        """Whether this laptop still holds it (its connection may have dropped)."""
        if self._connection is None:
            return False
        try:
            self._connection.exec_driver_sql("SELECT 1")
        except DBAPIError:
            self._drop()
            return False
        return True

    def keep(self) -> None:
        """Take the lock again if its connection dropped (a server restart, the network).

        Raises :class:`SessionHeld` when another laptop took the session meanwhile, and
        a :class:`~app.storage.errors.StorageError` while the server is out of reach.
        A server out of reach is tried again only after :data:`RETRY_AFTER_S` (its
        connect timeout would hold the window up at every look).
        """
        if self.held():
            return
        if self._last_failure is not None and time.monotonic() < self._retry_at:
            raise self._last_failure
        try:
            self.acquire()
        except SessionHeld:
            raise
        except StorageError as error:
            self._last_failure, self._retry_at = error, time.monotonic() + RETRY_AFTER_S
            raise
        self._last_failure = None

    def release(self) -> None:
        """Let the session go (closing the connection ends the lock with it)."""
        self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(DBAPIError):  # the server is gone; so is the lock
                self._connection.close()
            self._connection = None


def holder_name(application: str) -> str:
    """``maya@laptop-3`` from a connection's ``dotstorm [4242] maya@laptop-3``."""
    if not application.startswith("dotstorm "):
        return application
    return application.removeprefix("dotstorm ").split("] ", 1)[-1]


def _clock(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%H:%M") if moment is not None else "a moment ago"


def hold_session(engine: Engine, session_id: str) -> SessionLock | None:
    """Hold ``session_id`` for this window; ``None`` where the file lock is enough (SQLite)."""
    if engine.dialect.name == "sqlite":
        return None
    lock = SessionLock(engine, session_id)
    lock.acquire()
    return lock
