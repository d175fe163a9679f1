"""Errors storage raises, each with a message a person can act on."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base of every storage error; ``str(error)`` is one plain sentence."""


class DatabaseUnavailable(StorageError):
    """The database file cannot be opened or written (missing folder, permissions, disk)."""


def not_a_database(path: object) -> str:
    """The one sentence for a file that is not a database, from the window and the CLI."""
    return f"{path} is not a Dotstorm database (it is not SQLite at all)."


def not_a_file(path: object, kind: str) -> str:
    """The one sentence for a folder, pipe, socket or device where the database should be."""
    return f"{path} is {kind}, not a database file; give --db the path of a file."


def damaged(path: object, problems: list[str], *, after_crash: bool = False) -> str:
    """The one sentence for a damaged database, from ``check``, every command and the window."""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    when = "Dotstorm did not close cleanly last time and " if after_crash else ""
    return f"{when}{path} is damaged: {problems[0]}{more}; nothing was written to it."


def too_new(path: object, label: str) -> str:
    """The one sentence for a schema label this Dotstorm does not know."""
    return (
        f"{path} was written by a newer Dotstorm (schema {label}), or its schema label was "
        "changed by hand; update Dotstorm to open it."
    )


def folder_not_writable(folder: object) -> str:
    """The one sentence for a database folder this user may not write in."""
    return (
        f"Dotstorm cannot write in the folder {folder}; fix its permissions, "
        "or choose another place with --db."
    )


def file_not_writable(path: object) -> str:
    """The one sentence for a database file this user may not both read and write."""
    return f"Dotstorm needs to read and write {path}, and may not; check its permissions."


class ServerUnreachable(DatabaseUnavailable):
    """The PostgreSQL server does not answer (down, wrong host or port, no network)."""


class ConnectionLost(DatabaseUnavailable):
    """The connection to the server dropped during a change; the change was not saved."""


class UnsupportedDatabase(StorageError):
    """``--db`` (or ``DOTSTORM_DB``) names nothing Dotstorm can keep sessions in."""


class DatabaseCorrupt(StorageError):
    """The file is damaged or is not an SQLite database at all."""


class DatabaseTooNew(StorageError):
    """The database was written by a newer Dotstorm than this one."""


class NotADotstormDatabase(StorageError):
    """The file is a healthy SQLite database, but not one of Dotstorm's."""


class SessionNotFound(StorageError):
    """No session matches the given id, id prefix or title."""


class SessionHeld(StorageError):
    """Another laptop's window holds this session (a shared server)."""

    def __init__(
        self, holder: str, until: str = "it opens here once that window is closed"
    ) -> None:
        super().__init__(f"This session is open on another laptop ({holder}); {until}.")
        self.holder = holder


class HoldLost(StorageError):
    """A window no longer holds its session: another laptop opened it meanwhile.

    Nothing more is written into the session from this window; it may take the
    session back once it is free (reading it again), or keep what it shows as a copy.
    """

    def __init__(self, message: str, session_id: str) -> None:
        super().__init__(message)
        self.session_id = session_id


class GoalNotFound(StorageError):
    """No goal matches the given id or title (or a merge names one goal twice)."""


class AmbiguousSession(StorageError):
    """More than one session matches the given id prefix or title."""


class BackupFailed(StorageError):
    """A backup copy could not be made or did not pass its integrity check."""


class UnreadableArchive(StorageError):
    """An archive to restore is damaged, encrypted, oversized or not a Dotstorm archive."""


class UnknownStoredValue(StorageError):
    """A row holds a value this Dotstorm does not know (written by hand or by a newer one)."""


class OldBackupsKept(StorageError):
    """The backup was made and verified, but old backups the rotation drops stayed."""

    def __init__(self, copy: Path, failures: list[str]) -> None:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        super().__init__(f"old backups could not be removed: {failures[0]}{more}.")
        self.copy = copy
        self.failures = failures


class ChangedElsewhere(StorageError):
    """Another laptop changed this shared record since this window read it."""


SHARED_RECORDS = {"goal": "This goal", "action": "This action", "idea": "This idea's status"}
"""How a refusal names each kind of shared record."""


def changed_elsewhere(kind: str, where: str = "on another laptop") -> ChangedElsewhere:
    """The refusal of a change made from a copy of a ``kind`` record that moved on since."""
    return ChangedElsewhere(
        f"{SHARED_RECORDS[kind]} was changed {where} since you read it; "
        "here is the current version."
    )


class StaleBoard(StorageError):
    """The board shows something the database no longer has (changed elsewhere)."""


class ClusterHasVotes(StorageError):
    """Ungrouping this cluster would lose the dots, ratings or ranks put on it."""


class NoteHasDots(StorageError):
    """Merging this note into a stack would lose the dots put on it."""


class NoteHasVotes(StorageError):
    """Merging this note into a stack would lose the ratings or ranks given to it.

    Deleting it does not: its ratings and ranks go with it, and undo puts them back,
    as it does its dots.
    """
