"""Optimistic concurrency for what laptops share: goals, actions and idea statuses.

Each such row carries a version, one more with each change. A window remembers the
version of every shared row it read (its :class:`VersionLedger`), and a change is
written only if the row is still at that version: ``UPDATE … WHERE version = seen``.
A row another laptop changed since is refused with :class:`ChangedElsewhere`, and the
window shows the current version instead of writing over it.

Every window has a ledger of its own (the library, each session window), so one
window's fresh read never blesses another window's stale copy. What this laptop
wrote itself is shared by all of its ledgers: a change made in the session window
does not make the library's next change look like a conflict.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from app.storage.errors import ChangedElsewhere
from app.storage.models import ActionItemRow, GoalRow, NoteRow

LEDGER = "dotstorm_ledger"
"""The key of the ledger in an ORM session's ``info``."""
WRITING = "dotstorm_writing"
"""Set in a write transaction's ``info``: what it reads is not what the window saw."""
PENDING = "dotstorm_pending_versions"
"""The versions a write transaction made, recorded in the ledger once it commits."""

RecordKey = tuple[str, str]
"""``(kind, id)``: ``("goal", …)``, ``("action", …)`` or ``("idea", note id)``."""

WHAT = {"goal": "This goal", "action": "This action", "idea": "This idea's status"}


class VersionLedger:
    """What one window last read of each shared record, and what this laptop wrote."""

    def __init__(self, written: dict[RecordKey, int] | None = None) -> None:
        self.seen: dict[RecordKey, int] = {}
        self.written: dict[RecordKey, int] = {} if written is None else written

    def view(self) -> VersionLedger:
        """A ledger for another window of this laptop: its own reads, the shared writes."""
        return VersionLedger(self.written)

    def saw(self, key: RecordKey, version: int) -> None:
        """The window read ``key`` at ``version``."""
        self.seen[key] = version

    def next_version(self, key: RecordKey, current: int) -> int:
        """The version a change of ``key`` (now at ``current``) writes, if it may.

        Raises :class:`ChangedElsewhere` when the row moved on since this window read
        it, unless this laptop moved it. A row the window never read (a command-line
        change) is written over its current version.
        """
        expected = self.seen.get(key)
        if expected is not None and current not in (expected, self.written.get(key)):
            raise ChangedElsewhere(
                f"{WHAT[key[0]]} was changed on another laptop since you read it; "
                "here is the current version."
            )
        return current + 1

    def wrote(self, changes: list[tuple[RecordKey, int]]) -> None:
        """These versions are committed: the window has seen them, the laptop made them."""
        for key, version in changes:
            self.seen[key] = version
            self.written[key] = version


def _remember(kind: str, column: str) -> Any:
    def on_load(target: Any, context: Any) -> None:
        info = context.session.info if context.session is not None else {}
        ledger = info.get(LEDGER)
        if ledger is not None and not info.get(WRITING):
            ledger.saw((kind, target.id), getattr(target, column))

    return on_load


VERSIONED: dict[type[Any], tuple[str, str]] = {
    GoalRow: ("goal", "version"),
    ActionItemRow: ("action", "version"),
    NoteRow: ("idea", "idea_version"),
}

# Every ORM read of a shared row, in whichever store, tells its window's ledger.
for _row_type, (_kind, _column) in VERSIONED.items():
    event.listen(_row_type, "load", _remember(_kind, _column))


@event.listens_for(OrmSession, "pending_to_persistent")
def _inserted(session: OrmSession, instance: object) -> None:
    """A row this window inserts (again, on redo) starts at a version it has seen."""
    versioned = VERSIONED.get(type(instance))
    if versioned is not None and LEDGER in session.info:
        kind, column = versioned
        key = (kind, getattr(instance, "id"))  # noqa: B009  (every versioned row has one)
        session.info.setdefault(PENDING, []).append((key, getattr(instance, column)))
