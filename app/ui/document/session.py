"""The session document: the open session, its undo stack and the signals views follow.

Undo commands call the document's parts; a part commits each change through the
repository first and only then updates its own state and tells the views through the
document's signals. Views never write to the database themselves, and a change never
makes the document read the whole session again: it already holds what the database
holds.

The document keeps what belongs to the session as a whole (its meta, people, agenda
and settings) and is made of three parts, each owning its state: ``board`` (notes,
stacks, clusters), ``voting`` (vote rounds) and ``actions`` (actions and ideas'
statuses).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.core.agenda import current_phase_of, go_to_phase
from app.core.palette import ANONYMOUS_NOTE_COLOR, DEFAULT_NOTE_COLOR
from app.core.session_ops import department_color_map, summarize
from app.core.techniques.completion import completed_phases
from app.core.techniques.phase_line import phase_line
from app.core.types import (
    Participant,
    Phase,
    PhaseKind,
    Session,
    SessionStatus,
    SessionSummary,
    TechniqueSettings,
)
from app.ui.document.actions import ActionsPart
from app.ui.document.board import BoardPart
from app.ui.document.voting import VotingPart
from app.ui.storage_step import UndoSteps, VersionTrail

if TYPE_CHECKING:
    from app.core.minutes import MinutesContext
    from app.storage.repository import SessionRepository


class BackupReport(NamedTuple):
    """What a backup says: the line to show, and whether something needs a look."""

    text: str
    trouble: bool


class SessionDocument(QObject):
    """Owns one open session: the state on screen and the undo stack of its edits.

    The parts ``board``, ``voting`` and ``actions`` each own their state and live in
    their own modules; this class holds the session's meta, its people, agenda and
    settings, and what the library shows of it.
    """

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
        self.board = BoardPart(self, repository)
        """The notes, their stacks and the clusters."""
        self.voting = VotingPart(self, repository)
        """The vote rounds, their dots and finished ballots."""
        self.actions = ActionsPart(self, repository)
        """The session's actions, and where each of its ideas stands."""
        self._load(session_id)

    def _load(self, session_id: str) -> None:
        session = self._repository.load_session(session_id)
        # What the parts hold is left out of the meta: each part owns its own.
        # A file may name a phase's technique and leave its step or groups out: the
        # window runs the phases filled in, and the first change to the agenda (a
        # timer's start) stores them so, the groups fixed from then on.
        self._meta = replace(
            session,
            phases=completed_phases(session.phases, session.participants),
            notes=(),
            clusters=(),
            vote_rounds=(),
            action_items=(),
            idea_statuses=(),
            carried_from=(),
        )
        self.board.load(session)
        self._people = {person.id: person for person in session.participants}
        self._colors = department_color_map(session)
        self.voting.load(session.vote_rounds)
        self.actions.load(session.action_items)

    def reload(self) -> None:
        """Re-read the session from the database (after an error: what is stored wins).

        The undo steps stay: a step that failed has left the stack, and its gesture was
        rolled back whole, so the database holds what the earlier steps left.
        """
        self._load(self.session_id)
        self.reloaded.emit()

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

    @property
    def session_id(self) -> str:
        """The id of the open session."""
        return self._meta.id

    @property
    def session(self) -> Session:
        """The session as last committed, put together from the meta and the parts."""
        return replace(
            self._meta,
            notes=(*self.board.notes.values(), *self.board.stacked_notes.values()),
            clusters=tuple(self.board.clusters.values()),
            carried_from=self.board.carried_from,
            vote_rounds=self.voting.vote_rounds,
            action_items=self.actions.action_items,
            idea_statuses=self.actions.idea_status_pairs(),
        )

    def summary(self) -> SessionSummary:
        """The session's line in the library, from what is open (no database read)."""
        return summarize(self.session)

    # ------------------------------------------------------------------ people

    @property
    def people(self) -> dict[str, Participant]:
        """The participants by id, in the session's order."""
        return self._people

    def people_by_department(self) -> dict[str, list[Participant]]:
        """Participants grouped by department, departments in order of first appearance."""
        groups: dict[str, list[Participant]] = {}
        for person in self._meta.participants:
            groups.setdefault(person.department, []).append(person)
        return groups

    def department_colors(self) -> dict[str, str]:
        """The note colour of each department."""
        return self._colors

    def color_for(self, author_id: str | None) -> str:
        """The default colour of a note by this author: their department's."""
        author = self._people.get(author_id or "")
        if author is None:
            return ANONYMOUS_NOTE_COLOR
        return self._colors.get(author.department, DEFAULT_NOTE_COLOR)

    # ------------------------------------------------------------------ agenda

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The agenda, in order."""
        return self._meta.phases

    @property
    def current_phase_id(self) -> str | None:
        """The stored pointer to the current phase (``None`` before any is chosen)."""
        return self._meta.current_phase_id

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

    def save_phases(
        self,
        phases: tuple[Phase, ...],
        current_phase_id: str | None,
        *,
        finish: bool = False,
        reopen: bool = False,
        quiet: bool = False,
    ) -> None:
        """Store the agenda's state; ``quiet`` for a timer checkpoint nobody needs to see.

        ``finish`` ends the session, ``reopen`` takes that back (see the repository's
        :meth:`~app.storage.repository.SessionRepository.save_phases`).
        """
        progress = self._repository.save_phases(
            self.session_id, phases, current_phase_id, finish=finish, reopen=reopen
        )
        moved = (progress.status, progress.started_at, progress.ended_at) != (
            self._meta.status,
            self._meta.started_at,
            self._meta.ended_at,
        )
        self._meta = replace(
            self._meta,
            phases=phases,
            current_phase_id=current_phase_id,
            status=progress.status,
            started_at=progress.started_at,
            ended_at=progress.ended_at,
        )
        if not quiet:
            self.agenda_changed.emit()
        if moved:
            self.progress_changed.emit()

    def set_technique_settings(self, phase_id: str, settings: TechniqueSettings) -> None:
        """Store a phase's technique settings (a SCAMPER prompt, an NGT turn), nothing else."""
        phases = tuple(
            replace(phase, technique_settings=settings) if phase.id == phase_id else phase
            for phase in self._meta.phases
        )
        self.save_phases(phases, self._meta.current_phase_id)

    def technique_line(self) -> str:
        """The current phase's technique line, as the room's view shows it ("" for none)."""
        names = {person.id: person.name for person in self._meta.participants}
        return phase_line(
            self.current_phase, self._meta.phases, list(self.board.notes.values()), names
        )

    def set_current_phase(self, phase_id: str) -> None:
        """Move to another phase of the agenda (the current one must not be running)."""
        current = self.current_phase
        phases = go_to_phase(self._meta.phases, current.id if current else None, phase_id)
        self.save_phases(phases, phase_id)

    # ------------------------------------------------------------------ settings, goal

    @property
    def anonymous_ideas(self) -> bool:
        """Whether notes hide who wrote them."""
        return self._meta.anonymous_ideas

    def set_anonymous_ideas(self, anonymous: bool) -> None:
        """Hide or show who wrote each note."""
        self._repository.set_anonymous_ideas(self.session_id, anonymous)
        self._meta = replace(self._meta, anonymous_ideas=anonymous)
        self.settings_changed.emit()

    def reread_goal(self) -> None:
        """Read the session's goal again; ``goal_changed`` if it is not what is shown."""
        goal = self._repository.goals.goal_of_session(self.session_id)
        if goal != self._meta.goal_record:
            self._meta = replace(self._meta, goal_record=goal)
            self.goal_changed.emit()

    def backup(self, label: str) -> BackupReport:
        """Take a verified backup now; one line saying where, or why not."""
        from app.storage.errors import OldBackupsKept, StorageError

        try:
            copy = self._repository.backup(label)
        except OldBackupsKept as kept:
            return BackupReport(f"Backed up to {kept.copy}, but {kept}", trouble=True)
        except StorageError as error:
            return BackupReport(f"The automatic backup failed: {error}", trouble=True)
        return BackupReport(f"Backed up to {copy}." if copy else "", trouble=False)
