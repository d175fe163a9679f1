"""The one engine factory: each backend's connection settings, in one place.

On PostgreSQL, connections carry a connect timeout and the program's name (which
the session locks report as who holds a session), and a pooled connection is checked
before use when it may have died (see :func:`_check_connections_before_use`), so a
connection the server or the network dropped is replaced instead of failing a change.

On SQLite, pragmas are set on every connection and writes begin IMMEDIATE.

Python's sqlite3 module starts transactions on its own (and not before a SELECT), which
lets two writers both hold a read snapshot and then fail with "database is locked"
despite the busy timeout. Following SQLAlchemy's documented recipe, the driver's own
transaction handling is switched off and SQLAlchemy emits ``BEGIN IMMEDIATE`` itself,
so a writer waits for the lock up front. Read-only work uses a plain deferred ``BEGIN``.
"""

from __future__ import annotations

import getpass
import itertools
import os
import select
import socket
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DisconnectionError

from app.storage.location import is_server

BUSY_TIMEOUT_MS = 5000
READ_ONLY_OPTION = "dotstorm_read_only"
_ENGINES = itertools.count(1)
CONNECT_TIMEOUT_S = 5
"""How long a laptop waits for the server before saying it cannot reach it."""
IDLE_BEFORE_PING_S = 10.0
"""A pooled server connection idle longer than this is pinged before it is used."""
_IDLE_SINCE = "dotstorm_idle_since"


def make_engine(url: str, *, journal_mode: str = "WAL") -> Engine:
    """Create the SQLAlchemy engine for ``url`` with Dotstorm's connection settings.

    ``journal_mode`` is ``WAL`` except on a network share, where SQLite's shared-memory
    index cannot work and the rollback journal (``DELETE``) is used instead.
    """
    if journal_mode not in ("WAL", "DELETE"):
        raise ValueError(f"unsupported journal mode {journal_mode!r}")
    if is_server(url):
        engine = create_engine(
            url,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S,
                "application_name": application_name(),
            },
        )
        _check_connections_before_use(engine)
        return engine
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    if engine.dialect.name == "sqlite":

        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            _on_connect(dbapi_connection, journal_mode)

        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", _on_begin)
    return engine


def application_name() -> str:
    """``dotstorm [pid.n] user@host``: what the server shows for one engine's connections.

    The session locks name who holds a session by it, and the change feed tells this
    engine's own notices from everyone else's by it (hence the process and the count
    of engines in it: two windows on two engines are two laptops to each other).
    """
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = str(os.getuid())
    # PostgreSQL keeps 63 bytes of it: the process id goes first, so it stays.
    return f"dotstorm [{os.getpid()}.{next(_ENGINES)}] {user}@{socket.gethostname()}"[:63]


def _check_connections_before_use(engine: Engine) -> None:
    """Replace a pooled server connection that died while it sat in the pool.

    A connection the server ended (a restart, ``pg_terminate_backend``, an idle
    timeout) has its goodbye waiting on the socket: seen without a round trip. One
    that sat idle longer than :data:`IDLE_BEFORE_PING_S` may have been dropped
    silently by the network, so it is pinged. Anything else, a connection handed back
    moments ago, goes straight to work: the notes called out in the room cost one
    round trip each, not two. A failed check is SQLAlchemy's ``DisconnectionError``,
    on which the pool opens a new connection (SQLAlchemy's documented recipe).
    """

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _handed_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None:  # just connected
            return
        if time.monotonic() - idle_since < IDLE_BEFORE_PING_S and not has_word_waiting(
            dbapi_connection
        ):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
            dbapi_connection.rollback()  # the ping's own transaction: none left open
        except Exception as error:  # whatever the driver raises for a dead connection
            raise DisconnectionError(f"a pooled connection failed its check: {error}") from error


def has_word_waiting(dbapi_connection: Any) -> bool:
    """Whether the server sent something to an idle connection (its goodbye, mostly)."""
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError):  # closed already
        return True
    return bool(readable)


def read_only(engine: Engine) -> Engine:
    """The same engine and pool, whose transactions begin deferred (for reads)."""
    return engine.execution_options(**{READ_ONLY_OPTION: True})


def _on_connect(dbapi_connection: Any, journal_mode: str) -> None:
    # Autocommit at the driver level: no implicit BEGIN from pysqlite. The pragmas
    # below must run outside a transaction, where SQLite honours them.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA journal_mode = {journal_mode}")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()
    # SQLite's lower() folds ASCII only ("Émile" would sort after "zebra"): sorting
    # without case uses Python's casefold, as every list of the app does.
    dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(READ_ONLY_OPTION):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
