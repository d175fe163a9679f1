"""The session document: the open session's state, its undo stack and its signals.

Undo commands call the document; the document commits each change through the
repository first and only then updates its own state and tells its views through
signals. Views never write to the database themselves.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.core.agenda import current_phase_of, go_to_phase
from app.core.backlog import IdeaStatus
from app.core.board import free_spots
from app.core.palette import ANONYMOUS_NOTE_COLOR, DEFAULT_NOTE_COLOR
from app.core.session_ops import department_color_map
from app.core.types import (
    ActionItem,
    Cluster,
    Dot,
    Note,
    Participant,
    Phase,
    PhaseKind,
    RemovedNotes,
    RoundStatus,
    Session,
    SessionStatus,
    VoteRound,
    VoteTarget,
    new_id,
    utc_now,
)
from app.core.voting import round_items

if TYPE_CHECKING:
    from app.storage.repository import SessionRepository

IDEATION_KINDS = (PhaseKind.IDEATE, PhaseKind.SILENT_IDEATE)


class SessionDocument(QObject):
    """Owns one open session: the state on screen and the undo stack of its edits."""

    reloaded = Signal()
    """The whole session was (re)read from the database; views redraw from it."""
    notes_added = Signal(list)
    """New notes (``list[Note]``), already committed."""
    notes_changed = Signal(list)
    """Notes whose text, colour, place, cluster or face changed (``list[Note]``)."""
    notes_removed = Signal(list)
    """Ids of notes that were deleted (``list[str]``)."""
    clusters_changed = Signal()
    """A cluster was added, renamed or removed."""
    settings_changed = Signal()
    """The anonymous-ideas setting changed (notes are drawn differently)."""
    agenda_changed = Signal()
    """The phases, their order, their status or the current phase changed."""
    rounds_changed = Signal()
    """A vote round was added, changed, or got a dot or a finished ballot."""
    actions_changed = Signal()
    """An action item was added, changed or removed, or an idea's status changed."""

    def __init__(self, repository: SessionRepository, session_id: str) -> None:
        super().__init__()
        self._repository = repository
        self.undo_stack = QUndoStack(self)
        self._load(session_id)

    def _load(self, session_id: str) -> None:
        session = self._repository.load_session(session_id)
        self._meta = replace(session, notes=(), clusters=())
        self._notes: dict[str, Note] = {note.id: note for note in session.notes}
        self._clusters: dict[str, Cluster] = {c.id: c for c in session.clusters}
        self._people = {person.id: person for person in session.participants}
        self._colors = department_color_map(session)
        self._idea_statuses = {
            note_id: IdeaStatus(status) for note_id, status in session.idea_statuses
        }

    # ------------------------------------------------------------------ reading

    @property
    def session_id(self) -> str:
        """The id of the open session."""
        return self._meta.id

    @property
    def session(self) -> Session:
        """The session as last committed."""
        return replace(
            self._meta,
            notes=tuple(self._notes.values()),
            clusters=tuple(self._clusters.values()),
            idea_statuses=tuple((k, v.value) for k, v in self._idea_statuses.items()),
        )

    @property
    def notes(self) -> dict[str, Note]:
        """The notes by id, in board order (later notes are drawn on top)."""
        return self._notes

    @property
    def clusters(self) -> dict[str, Cluster]:
        """The clusters by id, in order."""
        return self._clusters

    @property
    def people(self) -> dict[str, Participant]:
        """The participants by id."""
        return self._people

    @property
    def anonymous_ideas(self) -> bool:
        """Whether notes hide who wrote them."""
        return self._meta.anonymous_ideas

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
    def vote_rounds(self) -> tuple[VoteRound, ...]:
        """The session's vote rounds, oldest first."""
        return self._meta.vote_rounds

    def vote_round(self, round_id: str) -> VoteRound:
        """One round by id."""
        return next(r for r in self._meta.vote_rounds if r.id == round_id)

    def open_round(self) -> VoteRound | None:
        """The round that takes dots now (the newest open one)."""
        return next(
            (r for r in reversed(self._meta.vote_rounds) if r.status is RoundStatus.OPEN), None
        )

    def round_items(self, vote_round: VoteRound) -> list[str]:
        """What a round is about, in board order.

        That is its own list (a runoff), else every revealed note or every cluster.
        """
        return round_items(vote_round, self._notes.values(), self._clusters.values())

    def item_label(self, vote_round: VoteRound, item_id: str) -> str:
        """The words shown for an item of a round."""
        if vote_round.target is VoteTarget.CLUSTERS:
            cluster = self._clusters.get(item_id)
            return (cluster.title or "Untitled cluster") if cluster else "(removed cluster)"
        note = self._notes.get(item_id)
        return note.text if note else "(removed note)"

    @property
    def action_items(self) -> tuple[ActionItem, ...]:
        """The session's actions, in order."""
        return self._meta.action_items

    def action_item(self, action_id: str) -> ActionItem | None:
        """One action by id, if it is still there."""
        return next((a for a in self._meta.action_items if a.id == action_id), None)

    def actions_for_note(self, note_id: str) -> list[ActionItem]:
        """The actions made from one note."""
        return [a for a in self._meta.action_items if a.source_note_id == note_id]

    def idea_status(self, note_id: str) -> IdeaStatus:
        """Where an idea stands (``new`` until someone moves it on)."""
        return self._idea_statuses.get(note_id, IdeaStatus.NEW)

    def round_voters(self, vote_round: VoteRound) -> list[Participant]:
        """Who may vote in a round, in the session's order."""
        if not vote_round.voter_ids:
            return list(self._meta.participants)
        allowed = set(vote_round.voter_ids)
        return [p for p in self._meta.participants if p.id in allowed]

    def add_round(self, vote_round: VoteRound) -> None:
        """Store a new round."""
        self._repository.add_vote_round(self.session_id, vote_round)
        self._set_round(vote_round)

    def update_round(self, vote_round: VoteRound) -> None:
        """Store a round's new status or settings (its dots stay as they are)."""
        self._repository.update_vote_round(self.session_id, vote_round)
        self._set_round(vote_round)

    def save_ballot(self, round_id: str, voter_id: str, dots: tuple[Dot, ...]) -> None:
        """Store one voter's dots as they are now (on every dot placed or taken)."""
        self._repository.save_ballot(round_id, voter_id, dots)
        old = self.vote_round(round_id)
        others = tuple(d for d in old.dots if d.voter_id != voter_id)
        self._set_round(replace(old, dots=others + dots))

    def finish_ballot(self, round_id: str, voter_id: str) -> None:
        """The voter pressed Done."""
        self._repository.set_ballot_finished(round_id, voter_id, True)
        old = self.vote_round(round_id)
        finished = (*(v for v in old.finished_voter_ids if v != voter_id), voter_id)
        self._set_round(replace(old, finished_voter_ids=finished))

    def redo_ballot(self, round_id: str, voter_id: str) -> None:
        """Let a voter vote again: their dots and their Done are gone."""
        self._repository.set_ballot_finished(round_id, voter_id, False)
        old = self.vote_round(round_id)
        self._set_round(
            replace(
                old,
                dots=tuple(d for d in old.dots if d.voter_id != voter_id),
                finished_voter_ids=tuple(v for v in old.finished_voter_ids if v != voter_id),
            )
        )

    def _set_round(self, vote_round: VoteRound) -> None:
        rounds = list(self._meta.vote_rounds)
        index = next((i for i, r in enumerate(rounds) if r.id == vote_round.id), None)
        if index is None:
            rounds.append(vote_round)
        else:
            rounds[index] = vote_round
        self._meta = replace(self._meta, vote_rounds=tuple(rounds))
        self.rounds_changed.emit()

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

    def cluster_members(self, cluster_id: str) -> list[Note]:
        """The notes of one cluster, in board order."""
        return [note for note in self._notes.values() if note.cluster_id == cluster_id]

    def hidden_notes(self) -> list[Note]:
        """Notes written silently and not revealed yet."""
        return [note for note in self._notes.values() if note.hidden]

    def make_notes(
        self, texts: list[str], author_id: str | None, at: tuple[float, float] | None = None
    ) -> list[Note]:
        """New notes (not yet added) for ``texts``, in free spots or at ``at``."""
        if at is not None:
            places = [(at[0] + 20 * i, at[1] + 20 * i) for i in range(len(texts))]
        else:
            occupied = [(note.x, note.y) for note in self._notes.values()]
            places = free_spots(occupied, len(texts))
        phase = self.current_phase
        now = utc_now()
        return [
            Note(
                id=new_id(),
                text=text,
                color=self.color_for(author_id),
                x=x,
                y=y,
                created_at=now,
                author_id=author_id,
                phase_id=phase.id if phase else None,
                hidden=self.is_silent,
            )
            for text, (x, y) in zip(texts, places, strict=True)
        ]

    # ------------------------------------------------------------------ changing

    def add_notes(self, notes: list[Note]) -> None:
        """Store new notes, then show them."""
        self._repository.add_notes(self.session_id, notes)
        self._notes.update((note.id, note) for note in notes)
        self.notes_added.emit(list(notes))

    def update_notes(self, notes: list[Note]) -> None:
        """Store the new state of notes, then show it."""
        self._repository.update_notes(self.session_id, notes)
        self._notes.update((note.id, note) for note in notes)
        self.notes_changed.emit(list(notes))

    def remove_notes(self, note_ids: list[str]) -> RemovedNotes:
        """Delete notes (and the dots on them); return what undo needs."""
        removed = self._repository.delete_notes(self.session_id, note_ids)
        for note_id in note_ids:
            self._notes.pop(note_id, None)
        self.notes_removed.emit(list(note_ids))
        if removed.action_links:
            self.reload_actions()
        return removed

    def restore_notes(self, removed: RemovedNotes) -> None:
        """Put deleted notes back where they were in the board order."""
        self._repository.restore_notes(self.session_id, removed)
        stored = self._repository.load_session(self.session_id).notes
        self._notes = {note.id: note for note in stored}
        self.notes_added.emit([note for _, note in removed.notes])
        if removed.action_links:
            self.reload_actions()

    def add_action(self, action: ActionItem, position: int | None = None) -> None:
        """Store a new action (at the end, or back at ``position`` on undo)."""
        self._repository.add_action(self.session_id, action, position)
        actions = list(self._meta.action_items)
        actions.insert(len(actions) if position is None else position, action)
        self._meta = replace(self._meta, action_items=tuple(actions))
        self.actions_changed.emit()

    def update_action(self, action: ActionItem) -> None:
        """Store every field of an action."""
        self._repository.update_action(self.session_id, action)
        self._meta = replace(
            self._meta,
            action_items=tuple(
                action if a.id == action.id else a for a in self._meta.action_items
            ),
        )
        self.actions_changed.emit()

    def remove_action(self, action_id: str) -> int:
        """Delete an action; return its place for undo."""
        position = self._repository.delete_action(self.session_id, action_id)
        self._meta = replace(
            self._meta,
            action_items=tuple(a for a in self._meta.action_items if a.id != action_id),
        )
        self.actions_changed.emit()
        return position

    def set_idea_status(self, note_id: str, status: IdeaStatus) -> None:
        """Move an idea along (making an action from it means the room is trying it)."""
        self._repository.set_idea_status(note_id, status)
        self._idea_statuses[note_id] = status
        self.actions_changed.emit()

    def reload_actions(self) -> None:
        """Re-read actions and idea statuses (the backlog changed them elsewhere)."""
        self._meta = replace(
            self._meta, action_items=self._repository.action_items(self.session_id)
        )
        self._idea_statuses = self._repository.idea_statuses(self.session_id)
        self.actions_changed.emit()

    def add_cluster(
        self, cluster: Cluster, members: list[Note], position: int | None = None
    ) -> int:
        """Store a new cluster with its members' new state; return its position."""
        place = self._repository.add_cluster(self.session_id, cluster, members, position)
        clusters = list(self._clusters.values())
        clusters.insert(min(place, len(clusters)), cluster)
        self._clusters = {c.id: c for c in clusters}
        self._notes.update((note.id, note) for note in members)
        self.clusters_changed.emit()
        self.notes_changed.emit(list(members))
        return place

    def update_cluster(self, cluster: Cluster) -> None:
        """Store a cluster's new title or colour."""
        self._repository.update_cluster(self.session_id, cluster)
        self._clusters[cluster.id] = cluster
        self.clusters_changed.emit()

    def remove_cluster(self, cluster_id: str, members: list[Note]) -> int:
        """Remove a cluster, storing its notes' new state; return its old position."""
        position = self._repository.delete_cluster(self.session_id, cluster_id, members)
        self._clusters.pop(cluster_id, None)
        self._notes.update((note.id, note) for note in members)
        self.clusters_changed.emit()
        self.notes_changed.emit(list(members))
        return position

    def cluster_dot_count(self, cluster_id: str) -> int:
        """How many dots this cluster holds in any vote round."""
        return self._repository.cluster_dot_count(cluster_id)

    def set_anonymous_ideas(self, anonymous: bool) -> None:
        """Hide or show who wrote each note."""
        self._repository.set_anonymous_ideas(self.session_id, anonymous)
        self._meta = replace(self._meta, anonymous_ideas=anonymous)
        self.settings_changed.emit()

    def save_phases(
        self,
        phases: tuple[Phase, ...],
        current_phase_id: str | None,
        *,
        finish: bool = False,
        quiet: bool = False,
    ) -> None:
        """Store the agenda's state; ``quiet`` for a timer checkpoint nobody needs to see."""
        self._repository.save_phases(self.session_id, phases, current_phase_id, finish=finish)
        stored = self._repository.load_session(self.session_id) if finish else None
        self._meta = replace(
            self._meta,
            phases=phases,
            current_phase_id=current_phase_id,
            status=stored.status if stored else self._meta.status,
        )
        if not quiet:
            self.agenda_changed.emit()

    def set_current_phase(self, phase_id: str) -> None:
        """Move to another phase of the agenda (the current one must not be running)."""
        current = self.current_phase
        phases = go_to_phase(self._meta.phases, current.id if current else None, phase_id)
        self.save_phases(phases, phase_id)

    def backup(self, label: str) -> str:
        """Take a verified backup now; one line saying where, or why not."""
        from app.storage.errors import StorageError

        try:
            copy = self._repository.backup(label)
        except StorageError as error:
            return f"The automatic backup failed: {error}"
        return f"Backed up to {copy}." if copy else ""

    def reload(self) -> None:
        """Re-read the session from the database (after an error, or another window)."""
        self._load(self.session_id)
        self.undo_stack.clear()
        self.reloaded.emit()
