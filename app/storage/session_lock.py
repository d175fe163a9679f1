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

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from app.storage.database_errors import describe_database_error
from app.storage.engine import has_word_waiting
from app.storage.errors import HoldLost, SessionHeld, SessionNotFound, StorageError

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


TAKE_TOKEN = (
    "UPDATE sessions SET hold_token = hold_token + 1 WHERE id = %(id)s RETURNING hold_token"
)
TAKE_TOKEN_BACK = (
    "UPDATE sessions SET hold_token = hold_token + 1 "
    "WHERE id = %(id)s AND hold_token = %(token)s RETURNING hold_token"
)
FENCE = text("SELECT hold_token FROM sessions WHERE id = :id FOR SHARE")
"""Read in every write of the holding window: the hold is still its own (see :meth:`check`).

``FOR SHARE`` makes a laptop taking the session over wait for the write in flight,
so it reads the session with that write in it; once it has taken it, the token moved
and the old window's next write is refused."""


class SessionLock:
    """The hold of one laptop on one session; :meth:`release` lets it go.

    Taking the hold adds one to the session's ``hold_token`` (its fencing token), and
    every write of the holding window checks the token in its own transaction
    (:meth:`check`). A lock lost with its connection is taken back only if nobody
    took the session meanwhile; otherwise the window has lost its hold
    (:class:`~app.storage.errors.HoldLost`) and writes nothing more.
    """

    def __init__(self, engine: Engine, session_id: str) -> None:
        self._engine = engine
        self._url = engine.url.render_as_string(hide_password=False)
        self.session_id = session_id
        self._key = lock_key(session_id)
        self._connection: Connection | None = None
        self._last_failure: StorageError | None = None
        self._retry_at = 0.0
        self.token: int | None = None
        """The fencing token this window took; ``None`` before it has taken it."""
        self._lost: HoldLost | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`SessionHeld` naming who holds it.

        A window that takes its session (back) reads it afresh: whatever another laptop
        did meanwhile is in what it reads.
        """
        self._take(back=False)
        self._lost = None

    def _take(self, *, back: bool) -> None:
        """Take the advisory lock and a token; ``back``: only if nobody took it meanwhile."""
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
                if back:
                    raise self._lose(holder)
                raise SessionHeld(holder or "it was let go a moment ago; try again")
            if back:
                query, values = TAKE_TOKEN_BACK, {"id": self.session_id, "token": self.token}
            else:
                query, values = TAKE_TOKEN, {"id": self.session_id}
            token = connection.exec_driver_sql(query, values).scalar()
            if token is None:
                connection.exec_driver_sql(
                    "SELECT pg_advisory_unlock(%(key)s)", {"key": self._key}
                )
                if back:  # taken and let go by another laptop while this one was away
                    raise self._lose(None)
                raise SessionNotFound(f"There is no session with id {self.session_id}.")
        except DBAPIError as error:
            connection.close()
            raise describe_database_error(error, self._url) from None
        except BaseException:
            connection.close()
            raise
        # The lock lives as long as this connection: keep it out of the pool's reach.
        connection.detach()
        self._connection = connection
        self.token = int(token)

    def _lose(self, holder: str | None) -> HoldLost:
        """The window's hold is gone (``holder``: who has the session now, if anyone)."""
        who = f" ({holder})" if holder else ""
        self._lost = HoldLost(
            f"This session was opened on another laptop{who} after this window lost its "
            "connection to the server; nothing more is saved here.",
            self.session_id,
        )
        return self._lost

    def _holder(self, connection: Connection) -> str | None:
        """Who holds the session's lock now, as a refusal names them (``None``: nobody)."""
        unsigned = self._key & 0xFFFFFFFFFFFFFFFF
        row = connection.exec_driver_sql(
            HOLDER_QUERY, {"high": unsigned >> 32, "low": unsigned & 0xFFFFFFFF}
        ).first()
        if row is None:
            return None
        name, address, since = row
        who = holder_name(str(name)) if name else "another program"
        where = f" from {address}" if address else ""
        return f"{who}{where}, since {_clock(since)}"

    @property
    def lost(self) -> HoldLost | None:
        """Why this window no longer holds its session (``None`` while it does)."""
        return self._lost

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
        """Take the lock back if its connection dropped (a server restart, the network).

        Only if nobody took the session meanwhile: raises
        :class:`~app.storage.errors.HoldLost` when another laptop did (the window
        then writes nothing more), and a :class:`~app.storage.errors.StorageError`
        while the server is out of reach. A server out of reach is tried again only
        after :data:`RETRY_AFTER_S` (its connect timeout would hold the window up at
        every look).
        """
        if self._lost is not None:
            raise self._lost
        if self.held():
            return
        self._take_back()

    def check(self, connection: Connection) -> None:
        """In a write's own transaction: raise unless this window still holds the session.

        A lock connection the server ended is seen without a round trip (its goodbye
        waits on the socket) and taken back if nobody took the session meanwhile; then
        the token is read, with the session row shared-locked until the write commits.
        """
        if self._lost is not None:
            raise self._lost
        if self._connection is None or has_word_waiting(
            self._connection.connection.dbapi_connection
        ):
            self._drop()
            self._take_back()
        token = connection.execute(FENCE, {"id": self.session_id}).scalar()
        if token is None:
            raise SessionNotFound("This session was deleted on another laptop.")
        if token != self.token:
            raise self._lose(self._holder_now())

    def _take_back(self) -> None:
        if self._last_failure is not None and time.monotonic() < self._retry_at:
            raise self._last_failure
        try:
            self._take(back=True)
        except HoldLost:
            raise
        except StorageError as error:
            self._last_failure, self._retry_at = error, time.monotonic() + RETRY_AFTER_S
            raise
        self._last_failure = None

    def _holder_now(self) -> str | None:
        try:
            with self._engine.connect() as connection:
                return self._holder(connection)
        except DBAPIError:
            return None

    def release(self) -> None:
        """Let the session go at once (another laptop may open it the moment after).

        Closing the connection alone frees the lock only once the server has ended
        that backend, a moment later; unlocking first frees it now.
        """
        if self._connection is not None:
            with contextlib.suppress(DBAPIError):
                self._connection.exec_driver_sql(
                    "SELECT pg_advisory_unlock(%(key)s)", {"key": self._key}
                )
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
