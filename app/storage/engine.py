"""The one engine factory: each backend's connection settings, in one place.

On PostgreSQL, connections carry a connect timeout and the program's name (which
the session locks report as who holds a session), and each is tested before use, so
a connection the server or the network dropped is replaced instead of failing a change.

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
import socket
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

from app.storage.location import is_server

BUSY_TIMEOUT_MS = 5000
READ_ONLY_OPTION = "dotstorm_read_only"
_ENGINES = itertools.count(1)
CONNECT_TIMEOUT_S = 5
"""How long a laptop waits for the server before saying it cannot reach it."""


def make_engine(url: str, *, journal_mode: str = "WAL") -> Engine:
    """Create the SQLAlchemy engine for ``url`` with Dotstorm's connection settings.

    ``journal_mode`` is ``WAL`` except on a network share, where SQLite's shared-memory
    index cannot work and the rollback journal (``DELETE``) is used instead.
    """
    if journal_mode not in ("WAL", "DELETE"):
        raise ValueError(f"unsupported journal mode {journal_mode!r}")
    if is_server(url):
        return create_engine(
            url,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S,
                "application_name": application_name(),
            },
            pool_pre_ping=True,
        )
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


def _on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(READ_ONLY_OPTION):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
