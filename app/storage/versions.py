"""Optimistic concurrency for what laptops share: goals, actions and idea statuses.

Each such row carries a version, one more with each change. Every copy that can be
written back (an undo step's before and after, an open dialog, the actions form, a
backlog row) carries the version it was read at, and the write is conditional on it:
``UPDATE … WHERE id = :id AND version = :read_at``. A row that moved on since is
refused with :class:`ChangedElsewhere`, and the window shows the current version
instead of writing over it. Reading a row again never makes an old copy current: the
copy's own version is what the write is checked against, not the last read.

A row that comes back (undoing a delete or a merge) comes back one version past the
one it went at, so a copy read before it went cannot write over it either: a version
is never given to two states of a row.

A window's undo steps make their first change from the copy the facilitator saw, and
every later one (an undo, a redo) from the version that window stored last: undoing
two steps on one goal in a row is no conflict, a change from elsewhere in between is.
What this laptop wrote is also remembered, only to word a refusal: a change made in
another window of this laptop is "changed in another Dotstorm window", not "on
another laptop".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import CursorResult, Result, delete, select, update
from sqlalchemy.orm import Session as OrmSession

from app.core.types import RecordKey, version_after
from app.storage.errors import ChangedElsewhere, StaleBoard, changed_elsewhere
from app.storage.models import ActionItemRow, GoalRow, NoteRow

GONE = {
    "goal": "That goal no longer exists.",
    "action": "That action no longer exists.",
    "idea": "That idea no longer exists.",
}

VERSIONED: dict[str, tuple[type[Any], str]] = {
    "goal": (GoalRow, "version"),
    "action": (ActionItemRow, "version"),
    "idea": (NoteRow, "idea_version"),
}
"""Each kind of shared record: its row and its version column."""


class WrittenHere:
    """The versions this laptop's windows wrote, so that a refusal can say whose it was."""

    def __init__(self) -> None:
        self._versions: dict[RecordKey, int] = {}

    def wrote(self, changes: list[tuple[RecordKey, int]]) -> None:
        """These versions are committed by this laptop."""
        self._versions.update(changes)

    def refusal(self, key: RecordKey, current: int) -> ChangedElsewhere:
        """The refusal of a write over ``key``, now at ``current``, from an older copy."""
        where = (
            "in another Dotstorm window"
            if self._versions.get(key) == current
            else "on another laptop"
        )
        return changed_elsewhere(key[0], where)


class VersionedWrites:
    """Conditional writes of shared rows inside one transaction, noted when it commits."""

    def __init__(self, orm: OrmSession, written: WrittenHere) -> None:
        self._orm = orm
        self._written = written
        self.changes: list[tuple[RecordKey, int]] = []

    def update(self, key: RecordKey, read_at: int, values: Mapping[str, object]) -> int:
        """Write ``values`` if the row is still at ``read_at``; return its new version.

        Raises :class:`ChangedElsewhere` when it moved on, :class:`StaleBoard` when it
        is gone.
        """
        row_type, column = VERSIONED[key[0]]
        version = getattr(row_type, column)
        new = version_after(read_at)
        result = self._orm.execute(
            update(row_type)
            .where(row_type.id == key[1], version == read_at)
            .values({**values, column: new})
            .execution_options(synchronize_session=False)
        )
        if _rows_matched(result) != 1:
            raise self._refusal(key)
        self.changes.append((key, new))
        return new

    def delete(self, key: RecordKey, read_at: int) -> None:
        """Delete the row if it is still at ``read_at`` (else as :meth:`update`)."""
        row_type, column = VERSIONED[key[0]]
        result = self._orm.execute(
            delete(row_type)
            .where(row_type.id == key[1], getattr(row_type, column) == read_at)
            .execution_options(synchronize_session=False)
        )
        if _rows_matched(result) != 1:
            raise self._refusal(key)

    def inserted(self, key: RecordKey, version: int) -> None:
        """A row this step put (back) at ``version``."""
        self.changes.append((key, version))

    def _refusal(self, key: RecordKey) -> Exception:
        row_type, column = VERSIONED[key[0]]
        current = self._orm.scalar(select(getattr(row_type, column)).where(row_type.id == key[1]))
        if current is None:
            return StaleBoard(GONE[key[0]])
        return self._written.refusal(key, int(current))


def _rows_matched(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched (its result is a cursor's)."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount)
