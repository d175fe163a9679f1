"""An undo step that writes to the database: one whose write fails never stays a step.

Every step runs in one transaction (:meth:`StorageStep.redo`), and so does a gesture
of many steps (:class:`Gesture`): it is stored whole, or not at all.

Steps that change shared rows (goals, actions, ideas' statuses) also keep track of the
versions they write, so that an undo never writes over a change made elsewhere: see
:class:`VersionTrail` and :meth:`StorageStep.write_over`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.types import RecordKey
from app.storage.errors import changed_elsewhere


class StepStore(Protocol):
    """What undo steps need of the store they write through."""

    def stored_version(self, key: RecordKey) -> int | None:
        """The version this window stored last of a shared record."""
        ...

    def one_transaction(self) -> AbstractContextManager[None]:
        """Every write inside commits together, or none does."""
        ...

    def when_committed(self, note: Callable[[], None]) -> None:
        """Call ``note`` once what was written so far is committed."""
        ...


class VersionTrail:
    """What one window's undo steps know of the shared rows that window wrote.

    The store knows the version the window stored last of each row. An undo puts back
    a state the row had before, at a new version; the trail remembers which earlier
    version each such one stands for. A step then checks that the row is as it left
    it (its state, whatever version that state is stored at now) before it writes:
    steps done and undone in a row follow each other, and a change another laptop
    made in between is never written over.
    """

    def __init__(self, store: Callable[[], StepStore]) -> None:
        self._store = store
        self._stands_for: dict[RecordKey, dict[int, int]] = {}

    def stored_version(self, key: RecordKey) -> int | None:
        """The version this window stored last of ``key`` (``None``: it never did)."""
        return self._store().stored_version(key)

    def transaction(self) -> AbstractContextManager[None]:
        """One transaction for a step or a gesture (see :meth:`StoreBase.one_transaction`)."""
        return self._store().one_transaction()

    def stands_for(self, key: RecordKey, version: int) -> int:
        """The version whose state ``version`` holds again (itself, for most)."""
        return self._stands_for.get(key, {}).get(version, version)

    def record(self, key: RecordKey, version: int, stands_for: int) -> None:
        """``version`` was stored holding the state ``stands_for`` had.

        Noted once the transaction commits: a version rolled back stands for nothing
        (the next write stores that number again, for another state).
        """

        def note() -> None:
            meant = self.stands_for(key, stands_for)
            if meant != version:
                self._stands_for.setdefault(key, {})[version] = meant

        self._store().when_committed(note)


@dataclass
class _Track:
    """One row a step writes: the state it found, and the state it left (``None``: no row)."""

    before: int | None
    after: int | None = None
    applied: bool = False
    """Whether the step was applied once (``after`` is known)."""


class StorageStep(QUndoCommand):
    """A step whose :meth:`apply` and :meth:`revert` write; a refused write drops the step.

    Each runs in one transaction: everything the step writes is stored, or nothing.

    Qt removes a command that is obsolete once its ``redo()`` or ``undo()`` returns, so
    a write that raises (another laptop's change, a dropped connection, a full disk)
    marks the step obsolete before the error goes on to be reported: the stack never
    holds a step whose state is not the database's. Ctrl+Z never "undoes" a step that
    was not stored, and a step whose undo was refused is not offered again.

    A step that writes a shared row asks :meth:`write_over` which stored version its
    write is conditional on, and tells :meth:`wrote` the version it stored.
    """

    def __init__(self, text: str, trail: VersionTrail) -> None:
        super().__init__(text)
        self._trail = trail
        self._tracks: dict[RecordKey, _Track] = {}
        self._undoing = False

    def redo(self) -> None:
        """Write the step; when that fails, it is no step at all."""
        self._undoing = False
        try:
            with self._trail.transaction():
                self.apply()
        except BaseException:
            self.setObsolete(True)
            raise

    def undo(self) -> None:
        """Write the step back; when that fails, it leaves the stack."""
        self._undoing = True
        try:
            with self._trail.transaction():
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
            found = read_at
            if found is not None:
                found = self._trail.stands_for(key, found)
            self._tracks[key] = _Track(before=found)
            return read_at or 0
        expected = track.after if self._undoing else track.before
        if expected is None:  # the row is put back: nothing stands there to check
            return 0
        trail = self._trail
        current = trail.stored_version(key)
        if current is None:
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
        if stored is not None and meant is not None:
            self._trail.record(key, stored, meant)

    def apply(self) -> None:
        """Write what the step does (every step defines it)."""
        raise NotImplementedError(type(self).__name__)

    def revert(self) -> None:
        """Write what was there before the step (every step defines it)."""
        raise NotImplementedError(type(self).__name__)


class Gesture(StorageStep):
    """Several steps made by one gesture: one undo step, one transaction.

    Built by :meth:`UndoSteps.gesture`, which does each step as it is added (a later step may
    depend on what an earlier one left) and pushes the whole once it has committed.
    Undo reverts the steps in reverse order, redo does them again, each in one
    transaction.
    """

    def __init__(self, text: str, trail: VersionTrail) -> None:
        super().__init__(text, trail)
        self._steps: list[StorageStep] = []
        self._pushed = False

    @property
    def steps(self) -> list[StorageStep]:
        """The steps done so far, in order."""
        return list(self._steps)

    def add(self, step: StorageStep) -> None:
        """Do ``step`` now, as part of this gesture."""
        step.redo()
        self._steps.append(step)

    def apply(self) -> None:
        """Do every step again (the first time: nothing, they were done as added)."""
        if not self._pushed:
            self._pushed = True
            return
        for step in self._steps:
            step.redo()

    def revert(self) -> None:
        """Undo every step, the last first."""
        for step in reversed(self._steps):
            step.undo()


class UndoSteps:
    """Where a window's steps go: its undo stack, or the gesture being built.

    A gesture opened inside another joins it, so helpers that make their own gesture
    (a change and the room it makes) compose into a bigger one.
    """

    def __init__(self, stack: QUndoStack, trail: VersionTrail) -> None:
        self.stack = stack
        self._trail = trail
        self._open: Gesture | None = None

    def push(self, step: StorageStep) -> None:
        """Do ``step``: on its own as one undo step, or as part of the open gesture."""
        if self._open is not None:
            self._open.add(step)
        else:
            self.stack.push(step)

    @contextmanager
    def gesture(self, text: str) -> Iterator[Gesture]:
        """Every step pushed inside is one undo step named ``text``, stored in one transaction.

        When a step fails, the transaction rolls back, nothing is pushed and the error
        goes on (the window then shows what the database holds).
        """
        if self._open is not None:
            yield self._open
            return
        made = Gesture(text, self._trail)
        self._open = made
        try:
            with self._trail.transaction():
                yield made
        finally:
            self._open = None
        if made.steps:
            self.stack.push(made)  # done already: its first redo does nothing
