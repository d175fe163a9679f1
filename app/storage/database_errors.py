"""A driver's error, SQLite's or PostgreSQL's, as one sentence a person can act on."""

from __future__ import annotations

from typing import Any

from app.storage.errors import (
    ConnectionLost,
    DatabaseCorrupt,
    DatabaseUnavailable,
    ServerUnreachable,
    StaleBoard,
    StorageError,
)
from app.storage.location import database_file, is_server, server_address
from app.storage.masking import masked

_UNREACHABLE = (
    ("connection refused", "connection refused"),
    ("no such file or directory", "no server is listening there"),
    ("name or service not known", "no such host"),
    ("failed to resolve host", "no such host"),
    ("could not translate host name", "no such host"),
    ("timeout expired", "no answer in time"),
    ("timed out", "no answer in time"),
    ("no route to host", "no route to the host"),
    ("network is unreachable", "the network is unreachable"),
)
_LOST = (
    "server closed the connection",
    "terminating connection",
    "connection is closed",
    "consuming input failed",
    "connection not open",
    "connection reset",
    "broken pipe",
    "ssl syscall error",
    "eof detected",
)


def describe_database_error(error: Any, url: str) -> StorageError:
    """Turn a driver error on the database at ``url`` into a one-sentence error.

    The driver's words are masked first: psycopg may quote a connection parameter's
    value, and the sentence goes to the screen, the log and the terminal.
    """
    text = masked(str(getattr(error, "orig", error)).strip(), url)
    if "foreign key" in text.lower():  # both drivers name the constraint so
        return StaleBoard(
            "The change refers to something the database no longer holds; nothing was written."
        )
    if is_server(url):
        return _server_error(text, masked(server_address(url), url))
    path = database_file(url)
    where = str(path) if path else "The database"
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return DatabaseCorrupt(f"{where} is damaged or is not a database ({text}).")
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseUnavailable(f"{where} cannot be written ({text}).")
    if "unable to open" in lowered:
        return DatabaseUnavailable(f"{where} cannot be opened ({text}).")
    if "disk" in lowered and "full" in lowered:
        return DatabaseUnavailable(f"The disk holding {where} is full.")
    if "locked" in lowered or "busy" in lowered:
        return DatabaseUnavailable(f"{where} is busy in another program; try again.")
    return DatabaseUnavailable(f"{where}: {text}.")


def _server_error(text: str, address: str) -> StorageError:
    lowered = text.lower()
    first_line = _server_line(text)
    if any(sign in lowered for sign in _LOST):
        return ConnectionLost(
            f"The connection to the database server at {address} dropped; Dotstorm "
            "reconnects by itself, so try again."
        )
    if "does not exist" in lowered and "database" in lowered:
        return DatabaseUnavailable(
            f"The database server at {address} says: {first_line}; create it first "
            "(createdb), then try again."
        )
    if "authentication failed" in lowered or "no password supplied" in lowered:
        return DatabaseUnavailable(
            f"The database server at {address} refused the user name or password ({first_line})."
        )
    for sign, reason in _UNREACHABLE:
        if sign in lowered:
            return ServerUnreachable(f"Cannot reach the database server at {address}: {reason}.")
    if "permission denied" in lowered:
        return DatabaseUnavailable(
            f"The database server at {address} does not allow this ({first_line})."
        )
    return DatabaseUnavailable(f"The database server at {address} says: {first_line}.")


def _server_line(text: str) -> str:
    """The server's own words, without psycopg's preamble and hints, on one line."""
    line = text.splitlines()[0] if text else "no reason given"
    for preamble in ("connection failed: ",):
        line = line.removeprefix(preamble)
    if " failed: " in line:  # 'connection to server at "h" (1.2.3.4), port 5432 failed: ...'
        line = line.rsplit(" failed: ", 1)[1]
    return line.removeprefix("FATAL:").strip().rstrip(".")
