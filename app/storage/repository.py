"""The repository: every read and write of sessions, in core types.

Each public method runs in its own short transaction and commits before it returns;
there is no Save. Callers never see a SQLAlchemy session or row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from app.core import session_ops
from app.core.backlog import IdeaStatus, with_review_phase
from app.core.types import (
    Cluster,
    Dot,
    Note,
    Participant,
    Phase,
    PhaseStatus,
    RemovedNotes,
    Session,
    SessionStatus,
    SessionSummary,
    utc_now,
)
from app.storage.backlog_store import BacklogStore, action_from_row, action_row
from app.storage.errors import AmbiguousSession, ClusterHasVotes, SessionNotFound, StaleBoard
from app.storage.models import (
    ActionItemRow,
    ClusterRow,
    DotRow,
    NoteRow,
    ParticipantRow,
    PhaseRow,
    SessionRow,
    VoteRoundRow,
)
from app.storage.voting_store import VotingStore, round_from_row, round_row

MIN_ID_PREFIX = 8
RowType = TypeVar("RowType", NoteRow, ClusterRow)


class SessionRepository(VotingStore, BacklogStore):
    """Reads and writes whole sessions and their parts, committing every change at once."""

    # ------------------------------------------------------------------ reading

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, newest first, with its counts."""

        def count(
            row_type: type[ParticipantRow | NoteRow | VoteRoundRow | ActionItemRow],
        ) -> ScalarSelect[int]:
            return (
                select(func.count())
                .select_from(row_type)
                .where(row_type.session_id == SessionRow.id)
                .scalar_subquery()
            )

        query = select(
            SessionRow.id,
            SessionRow.title,
            SessionRow.goal,
            SessionRow.status,
            SessionRow.created_at,
            count(ParticipantRow),
            count(NoteRow),
            count(VoteRoundRow),
            count(ActionItemRow),
        ).order_by(SessionRow.created_at.desc(), SessionRow.title)
        with self._reading() as orm:
            return [SessionSummary(*row) for row in orm.execute(query)]

    def load_session(self, session_id: str) -> Session:
        """The whole session with this id; :class:`SessionNotFound` if there is none."""
        query = (
            select(SessionRow)
            .where(SessionRow.id == session_id)
            .options(
                selectinload(SessionRow.participants),
                selectinload(SessionRow.phases),
                selectinload(SessionRow.clusters),
                selectinload(SessionRow.notes),
                selectinload(SessionRow.vote_rounds).selectinload(VoteRoundRow.dots),
                selectinload(SessionRow.vote_rounds).selectinload(VoteRoundRow.voters),
                selectinload(SessionRow.vote_rounds).selectinload(VoteRoundRow.items),
                selectinload(SessionRow.vote_rounds).selectinload(VoteRoundRow.ballots),
                selectinload(SessionRow.action_items),
            )
        )
        with self._reading() as orm:
            row = orm.scalars(query).one_or_none()
            if row is None:
                raise SessionNotFound(f"There is no session with id {session_id}.")
            return _session_from_row(row)

    def session_exists(self, session_id: str) -> bool:
        """Whether a session with exactly this id is stored."""
        with self._reading() as orm:
            return orm.get(SessionRow, session_id) is not None

    def resolve(self, reference: str) -> str:
        """Find a session by id, unambiguous id prefix (≥ 8 characters) or exact title."""
        wanted = reference.strip()
        with self._reading() as orm:
            if orm.get(SessionRow, wanted.lower()) is not None:
                return wanted.lower()
            if len(wanted) >= MIN_ID_PREFIX:
                by_prefix = orm.scalars(
                    select(SessionRow.id).where(SessionRow.id.startswith(wanted.lower()))
                ).all()
                if len(by_prefix) == 1:
                    return by_prefix[0]
                if len(by_prefix) > 1:
                    raise AmbiguousSession(
                        f"{len(by_prefix)} sessions have ids starting with {wanted!r}; "
                        "give more of the id."
                    )
            by_title = orm.scalars(select(SessionRow.id).where(SessionRow.title == wanted)).all()
        if len(by_title) == 1:
            return by_title[0]
        if len(by_title) > 1:
            raise AmbiguousSession(
                f"{len(by_title)} sessions are titled {wanted!r}; use the id instead "
                "(see 'dotstorm list')."
            )
        raise SessionNotFound(f"No session has the id or title {wanted!r}.")

    def existing_ids(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are already used by any stored object."""
        found: set[str] = set()
        row_types = (
            SessionRow,
            ParticipantRow,
            PhaseRow,
            ClusterRow,
            NoteRow,
            VoteRoundRow,
            ActionItemRow,
        )
        with self._reading() as orm:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for row_type in row_types:
                    found.update(orm.scalars(select(row_type.id).where(row_type.id.in_(chunk))))
        return found

    # ------------------------------------------------------------------ writing

    def add_session(self, session: Session) -> None:
        """Store a whole new session (new, imported, demo or template) in one transaction."""
        row = _row_from_session(session)
        # Notes, dots and actions refer to people, phases, clusters and notes through
        # foreign keys that have no ORM relationship, so the unit of work cannot order
        # those inserts: flush each layer before the next.
        notes, rounds, actions = row.notes, row.vote_rounds, row.action_items
        row.notes, row.vote_rounds, row.action_items = [], [], []
        with self._writing() as orm:
            orm.add(row)
            orm.flush()
            row.notes.extend(notes)
            orm.flush()
            row.vote_rounds.extend(rounds)
            row.action_items.extend(actions)

    def import_session(self, session: Session) -> Session:
        """Store an imported session as a new one; ids already in use are replaced.

        Returns the session as stored (with its possibly new ids).
        """
        fresh = session_ops.with_fresh_ids(session, self.existing_ids(session.all_ids()))
        self.add_session(fresh)
        return fresh

    def duplicate_as_template(self, session_id: str, *, review: bool = False) -> Session:
        """Store a new planned session with the people and agenda of ``session_id``.

        With ``review``, it starts with a review phase holding the open actions and
        shortlisted ideas of the sessions that share its goal (the original included).
        """
        template = session_ops.as_template(self.load_session(session_id))
        if review:
            template = with_review_phase(template, self.carry_over(template.goal))
        self.add_session(template)
        return template

    def set_anonymous_ideas(self, session_id: str, anonymous: bool) -> None:
        """Show or hide who wrote each idea in this session."""
        with self._writing() as orm:
            self._session_row(orm, session_id).anonymous_ideas = anonymous

    def save_phases(
        self,
        session_id: str,
        phases: Sequence[Phase],
        current_phase_id: str | None,
        *,
        finish: bool = False,
    ) -> None:
        """Store the agenda as given: its order, every phase's timer, the current phase.

        Phases not in ``phases`` are deleted, new ones added. The session starts
        running when a phase first starts, and is finished when ``finish`` is set.
        """
        with self._writing() as orm:
            row = self._session_row(orm, session_id)
            existing = {phase.id: phase for phase in row.phases}
            wanted = {phase.id for phase in phases}
            for phase_id, phase_row in existing.items():
                if phase_id not in wanted:
                    orm.delete(phase_row)
            orm.flush()
            for position, phase in enumerate(phases):
                if phase.id in existing:
                    existing[phase.id].position = position
                    _copy_phase(phase, existing[phase.id])
                else:
                    orm.add(_phase_row(phase, session_id, position))
            row.current_phase_id = current_phase_id if current_phase_id in wanted else None
            started = any(phase.status is not PhaseStatus.PENDING for phase in phases)
            if started and row.status is SessionStatus.PLANNED:
                row.status = SessionStatus.RUNNING
                row.started_at = row.started_at or utc_now()
            if finish:
                row.status = SessionStatus.FINISHED
                row.ended_at = utc_now()

    # -- notes

    def add_notes(self, session_id: str, notes: Sequence[Note]) -> None:
        """Add new notes after the session's last note."""
        with self._writing() as orm:
            start = self._next_position(orm, NoteRow, session_id)
            orm.add_all(
                _note_row(note, session_id, start + offset) for offset, note in enumerate(notes)
            )

    def update_notes(self, session_id: str, notes: Sequence[Note]) -> None:
        """Store the new state of existing notes (text, colour, place, cluster, ...)."""
        with self._writing() as orm:
            rows = self._rows_by_id(orm, NoteRow, session_id, [note.id for note in notes])
            for note in notes:
                _copy_note(note, rows[note.id])

    def delete_notes(self, session_id: str, note_ids: Sequence[str]) -> RemovedNotes:
        """Delete notes with the dots on them; return all that went, for undo."""
        with self._writing() as orm:
            rows = self._rows_by_id(orm, NoteRow, session_id, note_ids)
            dots = orm.execute(
                select(DotRow, VoteRoundRow.id)
                .join(VoteRoundRow, DotRow.round_id == VoteRoundRow.id)
                .where(VoteRoundRow.session_id == session_id, DotRow.item_id.in_(note_ids))
                .order_by(DotRow.position)
            ).all()
            links = orm.execute(
                select(ActionItemRow.id, ActionItemRow.source_note_id).where(
                    ActionItemRow.source_note_id.in_(note_ids)
                )
            ).all()
            removed = RemovedNotes(
                notes=tuple((rows[i].position, _note_from_row(rows[i])) for i in note_ids),
                dots=tuple(
                    (round_id, Dot(d.voter_id, d.item_id, d.count)) for d, round_id in dots
                ),
                action_links=tuple((a, str(n)) for a, n in links),
            )
            for dot, _ in dots:
                orm.delete(dot)
            for row in rows.values():
                orm.delete(row)
        return removed

    def restore_notes(self, session_id: str, removed: RemovedNotes) -> None:
        """Put deleted notes back exactly as they were, with their dots and links."""
        with self._writing() as orm:
            orm.add_all(_note_row(note, session_id, position) for position, note in removed.notes)
            orm.flush()
            for round_id, dot in removed.dots:
                orm.add(
                    DotRow(
                        round_id=round_id,
                        voter_id=dot.voter_id,
                        item_id=dot.item_id,
                        count=dot.count,
                        position=self._next_dot_position(orm, round_id),
                    )
                )
            for action_id, note_id in removed.action_links:
                action = orm.get(ActionItemRow, action_id)
                if action is not None:
                    action.source_note_id = note_id

    # -- clusters

    def add_cluster(
        self,
        session_id: str,
        cluster: Cluster,
        members: Sequence[Note],
        position: int | None = None,
    ) -> int:
        """Add a cluster and store its member notes' new state; return its position."""
        with self._writing() as orm:
            place = (
                position
                if position is not None
                else self._next_position(orm, ClusterRow, session_id)
            )
            orm.add(
                ClusterRow(
                    id=cluster.id,
                    session_id=session_id,
                    position=place,
                    title=cluster.title,
                    color=cluster.color,
                )
            )
            orm.flush()
            rows = self._rows_by_id(orm, NoteRow, session_id, [note.id for note in members])
            for note in members:
                _copy_note(note, rows[note.id])
        return place

    def update_cluster(self, session_id: str, cluster: Cluster) -> None:
        """Store a cluster's new title or colour."""
        with self._writing() as orm:
            row = self._rows_by_id(orm, ClusterRow, session_id, [cluster.id])[cluster.id]
            row.title, row.color = cluster.title, cluster.color

    def cluster_dot_count(self, cluster_id: str) -> int:
        """How many dots have been put on this cluster in any round."""
        with self._reading() as orm:
            total = orm.scalar(
                select(func.coalesce(func.sum(DotRow.count), 0)).where(
                    DotRow.item_id == cluster_id
                )
            )
        return int(total or 0)

    def delete_cluster(self, session_id: str, cluster_id: str, members: Sequence[Note]) -> int:
        """Remove a cluster that holds no dots, storing its notes' new state.

        Returns the cluster's position so that undo can put it back in its place.
        """
        with self._writing() as orm:
            if orm.scalar(select(func.count()).where(DotRow.item_id == cluster_id)):
                raise ClusterHasVotes("This cluster has dots on it; ungrouping would lose them.")
            notes = self._rows_by_id(orm, NoteRow, session_id, [note.id for note in members])
            for note in members:
                _copy_note(note, notes[note.id])
            row = self._rows_by_id(orm, ClusterRow, session_id, [cluster_id])[cluster_id]
            position = row.position
            orm.delete(row)
        return position

    @staticmethod
    def _rows_by_id(
        orm: OrmSession, row_type: type[RowType], session_id: str, ids: Sequence[str]
    ) -> dict[str, RowType]:
        found = {
            row.id: row
            for row in orm.scalars(
                select(row_type).where(row_type.session_id == session_id, row_type.id.in_(ids))
            )
        }
        missing = [item for item in ids if item not in found]
        if missing:
            raise StaleBoard(f"{len(missing)} item(s) on the board are no longer in the database.")
        return found

    def delete_session(self, session_id: str) -> None:
        """Delete a session and everything in it."""
        with self._writing() as orm:
            row = orm.get(SessionRow, session_id)
            if row is None:
                raise SessionNotFound(f"There is no session with id {session_id}.")
            orm.delete(row)


# ---------------------------------------------------------------------- mapping


def _session_from_row(row: SessionRow) -> Session:
    return Session(
        id=row.id,
        title=row.title,
        goal=row.goal,
        question=row.question,
        facilitator=row.facilitator,
        status=row.status,
        created_at=row.created_at,
        started_at=row.started_at,
        ended_at=row.ended_at,
        anonymous_ideas=row.anonymous_ideas,
        current_phase_id=row.current_phase_id,
        participants=tuple(
            Participant(p.id, p.name, p.department, p.role) for p in row.participants
        ),
        phases=tuple(_phase_from_row(p) for p in row.phases),
        clusters=tuple(Cluster(c.id, c.title, c.color) for c in row.clusters),
        notes=tuple(_note_from_row(n) for n in row.notes),
        vote_rounds=tuple(round_from_row(v) for v in row.vote_rounds),
        idea_statuses=tuple(
            (n.id, n.idea_status.value) for n in row.notes if n.idea_status is not IdeaStatus.NEW
        ),
        carried_from=tuple((n.id, n.carried_from) for n in row.notes if n.carried_from),
        action_items=tuple(action_from_row(a) for a in row.action_items),
    )


def _phase_from_row(p: PhaseRow) -> Phase:
    return Phase(
        id=p.id,
        kind=p.kind,
        title=p.title,
        planned_seconds=p.planned_seconds,
        started_at=p.started_at,
        elapsed_seconds=_plain(p.elapsed_seconds),
        status=p.status,
        running_since=p.running_since,
        adjust_seconds=p.adjust_seconds,
        lock_at_zero=p.lock_at_zero,
        lock_released=p.lock_released,
    )


def _copy_phase(phase: Phase, row: PhaseRow) -> None:
    row.kind = phase.kind
    row.title = phase.title
    row.planned_seconds = phase.planned_seconds
    row.started_at = phase.started_at
    row.elapsed_seconds = phase.elapsed_seconds
    row.status = phase.status
    row.running_since = phase.running_since
    row.adjust_seconds = phase.adjust_seconds
    row.lock_at_zero = phase.lock_at_zero
    row.lock_released = phase.lock_released


def _phase_row(phase: Phase, session_id: str, position: int) -> PhaseRow:
    row = PhaseRow(id=phase.id, session_id=session_id, position=position)
    _copy_phase(phase, row)
    return row


def _note_from_row(n: NoteRow) -> Note:
    return Note(
        id=n.id,
        text=n.text,
        color=n.color,
        x=_plain(n.x),
        y=_plain(n.y),
        created_at=n.created_at,
        author_id=n.author_id,
        cluster_id=n.cluster_id,
        phase_id=n.phase_id,
        hidden=n.hidden,
        impact=n.impact,
        effort=n.effort,
    )


def _note_row(note: Note, session_id: str, position: int) -> NoteRow:
    row = NoteRow(id=note.id, session_id=session_id, position=position, created_at=note.created_at)
    _copy_note(note, row)
    return row


def _copy_note(note: Note, row: NoteRow) -> None:
    row.text = note.text
    row.color = note.color
    row.x = note.x
    row.y = note.y
    row.author_id = note.author_id
    row.cluster_id = note.cluster_id
    row.phase_id = note.phase_id
    row.hidden = note.hidden
    row.impact = note.impact
    row.effort = note.effort


def _plain(value: float) -> float:
    """SQLite REAL columns give floats back; whole ones read back as ints."""
    return int(value) if float(value).is_integer() else value


def _row_from_session(session: Session) -> SessionRow:
    statuses = dict(session.idea_statuses)
    carried = dict(session.carried_from)
    notes = [_note_row(n, session.id, i) for i, n in enumerate(session.notes)]
    for note_row in notes:
        note_row.idea_status = IdeaStatus(statuses.get(note_row.id, IdeaStatus.NEW))
        note_row.carried_from = carried.get(note_row.id)
    return SessionRow(
        id=session.id,
        title=session.title,
        goal=session.goal,
        question=session.question,
        facilitator=session.facilitator,
        status=session.status,
        created_at=session.created_at,
        started_at=session.started_at,
        ended_at=session.ended_at,
        anonymous_ideas=session.anonymous_ideas,
        current_phase_id=session.current_phase_id,
        participants=[
            ParticipantRow(id=p.id, position=i, name=p.name, department=p.department, role=p.role)
            for i, p in enumerate(session.participants)
        ],
        phases=[_phase_row(p, session.id, i) for i, p in enumerate(session.phases)],
        clusters=[
            ClusterRow(id=c.id, position=i, title=c.title, color=c.color)
            for i, c in enumerate(session.clusters)
        ],
        notes=notes,
        vote_rounds=[round_row(v, session.id, i) for i, v in enumerate(session.vote_rounds)],
        action_items=[action_row(a, i) for i, a in enumerate(session.action_items)],
    )
