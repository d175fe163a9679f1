"""An undo step that writes to the database: one whose write fails never stays a step.

Steps that change shared rows (goals, actions, ideas' statuses) also keep track of the
versions they write, so that an undo never writes over a change made elsewhere: see
:class:`VersionTrail` and :meth:`StorageStep.write_over`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from app.core.types import RecordKey
from app.storage.errors import changed_elsewhere


class VersionTrail:
    """What one window's undo steps know of the shared rows that window wrote.

    The store knows the version the window stored last of each row. An undo puts back
    a state the row had before, at a new version; the trail remembers which earlier
    version each such one stands for. A step then checks that the row is as it left
    it (its state, whatever version that state is stored at now) before it writes:
    steps done and undone in a row follow each other, and a change another laptop
    made in between is never written over.
    """

    def __init__(self, stored_version: Callable[[RecordKey], int | None]) -> None:
        self._stored_version = stored_version
        self._stands_for: dict[RecordKey, dict[int, int]] = {}

    def stored_version(self, key: RecordKey) -> int | None:
        """The version this window stored last of ``key`` (``None``: it never did)."""
        return self._stored_version(key)

    def stands_for(self, key: RecordKey, version: int) -> int:
        """The version whose state ``version`` holds again (itself, for most)."""
        return self._stands_for.get(key, {}).get(version, version)

    def record(self, key: RecordKey, version: int, stands_for: int) -> None:
        """``version`` was stored holding the state ``stands_for`` had."""
        meant = self.stands_for(key, stands_for)
        if meant != version:
            self._stands_for.setdefault(key, {})[version] = meant


@dataclass
class _Track:
    """One row a step writes: the state it found, and the state it left (``None``: no row)."""

    before: int | None
    after: int | None = None
    applied: bool = False
    """Whether the step was applied once (``after`` is known)."""


class StorageStep(QUndoCommand):
    """A step whose :meth:`apply` and :meth:`revert` write; a refused write drops the step.

    Qt removes a command that is obsolete once its ``redo()`` or ``undo()`` returns, so
    a write that raises (another laptop's change, a dropped connection, a full disk)
    marks the step obsolete before the error goes on to be reported: the stack never
    holds a step whose state is not the database's. Ctrl+Z never "undoes" a step that
    was not stored, and a step whose undo was refused is not offered again.

    A step that writes a shared row asks :meth:`write_over` which stored version its
    write is conditional on, and tells :meth:`wrote` the version it stored.
    """

    def __init__(self, text: str, trail: VersionTrail | None = None) -> None:
        super().__init__(text)
        self._trail = trail
        self._tracks: dict[RecordKey, _Track] = {}
        self._undoing = False

    def redo(self) -> None:
        """Write the step; when that fails, it is no step at all."""
        self._undoing = False
        try:
            self.apply()
        except BaseException:
            self.setObsolete(True)
            raise

    def undo(self) -> None:
        """Write the step back; when that fails, it leaves the stack."""
        self._undoing = True
        try:
            self.revert()
        except BaseException:
            self.setObsolete(True)
            raise

    def write_over(self, key: RecordKey, read_at: int | None) -> int:
        """The stored version this step's next write of ``key`` is conditional on.

        The first time the step is applied: ``read_at``, the version of the copy the
        facilitator saw (``None``: the row does not exist yet). After that (an undo, a
        redo): the version this window stored last, and only if it holds the state
        this step left (or found); otherwise someone else changed the row in between,
        and :class:`~app.storage.errors.ChangedElsewhere` refuses the write.
        Returns 0 for a row that is put back (it has no version to check).
        """
        track = self._tracks.get(key)
        if track is None:
            trail = self._trail
            found = read_at
            if trail is not None and found is not None:
                found = trail.stands_for(key, found)
            self._tracks[key] = _Track(before=found)
            return read_at or 0
        expected = track.after if self._undoing else track.before
        if expected is None:  # the row is put back: nothing stands there to check
            return 0
        trail = self._trail
        current = None if trail is None else trail.stored_version(key)
        if trail is None or current is None:
            raise changed_elsewhere(key[0])
        if trail.stands_for(key, current) != trail.stands_for(key, expected):
            raise changed_elsewhere(key[0])
        return current

    def wrote(self, key: RecordKey, stored: int | None) -> None:
        """The write of ``key`` stored ``stored`` (``None``: it deleted the row)."""
        track = self._tracks[key]
        if not track.applied:  # the first apply: the state it leaves is this version
            track.after, track.applied = stored, True
            return
        meant = track.before if self._undoing else track.after
        if self._trail is not None and stored is not None and meant is not None:
            self._trail.record(key, stored, meant)

    def apply(self) -> None:
        """Write what the step does (every step defines it)."""
        raise NotImplementedError(type(self).__name__)

    def revert(self) -> None:
        """Write what was there before the step (every step defines it)."""
        raise NotImplementedError(type(self).__name__)
