"""What every part of the session document shares: the session's state and its signals.

Undo commands call the document; the document commits each change through the
repository first and only then updates its own state and tells its views through
signals. Views never write to the database themselves, and a change never makes the
document read the whole session again: it already holds what the database holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.core.agenda import current_phase_of
from app.core.backlog import IdeaStatus
from app.core.session_ops import department_color_map
from app.core.stacks import flattened_stacks
from app.core.types import (
    ActionItem,
    Cluster,
    Note,
    Participant,
    Phase,
    PhaseKind,
    Session,
    SessionStatus,
    VoteRound,
)
from app.ui.storage_step import UndoSteps, VersionTrail

if TYPE_CHECKING:
    from app.core.minutes import MinutesContext
    from app.storage.repository import SessionRepository


class DocumentBase(QObject):
    """The open session as last committed, its undo stack, and the signals views follow."""

    reloaded = Signal()
    """The whole session was (re)read from the database; views redraw from it."""
    notes_added = Signal(list)
    """New cards (``list[Note]``), already committed: new notes, or ones out of a stack."""
    notes_changed = Signal(list)
    """Notes whose text, colour, place, cluster or face changed (``list[Note]``)."""
    notes_removed = Signal(list)
    """Ids of notes that were deleted, or merged into a stack (``list[str]``)."""
    stacks_changed = Signal(list)
    """Ids of the notes whose stacks gained or lost notes (``list[str]``)."""
    dismissals_changed = Signal()
    """A pair of notes was said not to be the same idea, or that was undone."""
    clusters_changed = Signal()
    """A cluster was added, renamed or removed."""
    settings_changed = Signal()
    """The anonymous-ideas setting changed (notes are drawn differently)."""
    agenda_changed = Signal()
    """The phases, their order, their status or the current phase changed."""
    rounds_changed = Signal()
    """A vote round was added, changed or removed, or got a dot or a finished ballot."""
    actions_changed = Signal()
    """An action item was added, changed or removed, or an idea's status changed."""
    elsewhere_changed = Signal(object)
    """An earlier session's action got an outcome here (its ``StoredOutcome``)."""
    stale_copy_refused = Signal()
    """A change of an action or an idea's status was refused: it was made from a copy
    that changed elsewhere since. The document holds the current version now."""
    progress_changed = Signal()
    """The session as a whole started or finished."""
    hold_lost = Signal(str)
    """Another laptop has the session now (the sentence saying so): nothing more is written."""
    hold_in_doubt = Signal(str)
    """The session's hold could not be checked (the server is out of reach; a sentence)."""
    held_again = Signal()
    """The session is held for this window again, read as it is stored now."""
    failed = Signal(object)
    """A change failed, or an error happened (the exception): show what is stored."""
    goal_changed = Signal()
    """The goal the session serves was edited, merged or linked anew (in the library, or
    on another laptop): its title, metric and target on screen follow."""

    def __init__(self, repository: SessionRepository, session_id: str) -> None:
        super().__init__()
        self._repository = repository
        self.undo_stack = QUndoStack(self)
        self.trail = VersionTrail(lambda: repository)
        """The versions this window's undo steps wrote (see :class:`VersionTrail`)."""
        self.steps = UndoSteps(self.undo_stack, self.trail)
        """Where every edit goes: one undo step, or part of the gesture under way."""
        self._load(session_id)

    @property
    def database_path(self) -> Path | None:
        """The database file the session is stored in (exports never write over it)."""
        return self._repository.database_path

    def when_committed(self, note: Callable[[], None]) -> None:
        """Call ``note`` once the change under way is committed (other windows read then)."""
        self._repository.when_committed(note)

    def minutes_context(self) -> MinutesContext:
        """What the minutes add from the database: the goal's latest value, last time."""
        return self._repository.goals.minutes_context(self.session)

    def _load(self, session_id: str) -> None:
        session = self._repository.load_session(session_id)
        self._meta = replace(session, notes=(), clusters=(), idea_statuses=())
        # The cards, in board order; the notes merged into them are kept apart, each
        # pointing straight at its card (a file's chain of merges is followed here).
        self._notes: dict[str, Note] = {
            note.id: note for note in session.notes if note.merged_into is None
        }
        self._stacked: dict[str, Note] = flattened_stacks(session.notes, self._notes)
        self._dismissed: set[tuple[str, str]] = self._repository.stacks.dismissed_pairs(session_id)
        self._clusters: dict[str, Cluster] = {c.id: c for c in session.clusters}
        self._people = {person.id: person for person in session.participants}
        self._colors = department_color_map(session)
        # Statuses and their versions in one read: a status is only ever written back
        # over the version it was read with.
        ideas = self._repository.actions.idea_states(session_id)
        self._idea_statuses: dict[str, IdeaStatus] = {
            note_id: status
            for note_id, (status, _) in ideas.items()
            if status is not IdeaStatus.NEW
        }
        self._idea_versions: dict[str, int] = {
            note_id: version for note_id, (_, version) in ideas.items()
        }
        # Where a removed cluster stood, so that undo puts it back in the same place.
        self._cluster_index_when_removed: dict[str, int] = {}

    @property
    def session_id(self) -> str:
        """The id of the open session."""
        return self._meta.id

    @property
    def session(self) -> Session:
        """The session as last committed."""
        return replace(
            self._meta,
            notes=(*self._notes.values(), *self._stacked.values()),
            clusters=tuple(self._clusters.values()),
            idea_statuses=tuple((k, v.value) for k, v in self._idea_statuses.items()),
        )

    @property
    def people(self) -> dict[str, Participant]:
        """The participants by id."""
        return self._people

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The agenda, in order."""
        return self._meta.phases

    @property
    def current_phase(self) -> Phase | None:
        """The phase the session is on (see :func:`app.core.agenda.current_phase_of`).

        A finished session is on no phase.
        """
        if self._meta.status is SessionStatus.FINISHED:
            return None
        return current_phase_of(self._meta.phases, self._meta.current_phase_id)

    @property
    def is_silent(self) -> bool:
        """Whether new notes go face down (a silent ideation phase)."""
        phase = self.current_phase
        return phase is not None and phase.kind is PhaseKind.SILENT_IDEATE

    @property
    def anonymous_ideas(self) -> bool:
        """Whether notes hide who wrote them."""
        return self._meta.anonymous_ideas

    def reread_goal(self) -> None:
        """Read the session's goal again; ``goal_changed`` if it is not what is shown."""
        goal = self._repository.goals.goal_of_session(self.session_id)
        if goal != self._meta.goal_record:
            self._meta = replace(self._meta, goal_record=goal)
            self.goal_changed.emit()

    # The parts keep these in step when one change touches another part's state
    # (deleting a note takes its dots and unlinks its actions).

    def _set_rounds(self, rounds: tuple[VoteRound, ...]) -> None:
        self._meta = replace(self._meta, vote_rounds=rounds)
        self.rounds_changed.emit()

    def _set_actions(self, actions: tuple[ActionItem, ...]) -> None:
        self._meta = replace(self._meta, action_items=actions)
        self.actions_changed.emit()
