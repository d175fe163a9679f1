"""The repository: every read and write of sessions, in core types.

Each public method (here and in the parts) runs in its own short transaction and
commits before it returns, or joins the gesture's transaction under way
(:meth:`~app.storage.store.StoreBase.one_transaction`); there is no Save. Callers
never see a SQLAlchemy session or row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import (
    Engine,
    ScalarSelect,
    String,
    cast,
    func,
    select,
    type_coerce,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from app.core import session_ops
from app.core.backlog import IdeaStatus, with_review_phase
from app.core.session_format.values import plain_number
from app.core.types import (
    Goal,
    MetricReading,
    Participant,
    Phase,
    PhaseStatus,
    Session,
    SessionProgress,
    SessionStatus,
    SessionSummary,
    TechniqueSettings,
    utc_now,
)
from app.storage.backlog_listing import BacklogListing
from app.storage.backlog_store import BacklogStore, action_from_row
from app.storage.board_store import BoardStore, cluster_from_row, note_from_row
from app.storage.errors import AmbiguousSession, SessionHeld, SessionNotFound
from app.storage.goal_store import GoalStore, goal_from_row
from app.storage.models import (
    ActionItemRow,
    ClusterRow,
    NoteRow,
    ParticipantRow,
    PhaseRow,
    SessionRow,
    VoteRoundRow,
)
from app.storage.restore_rows import insert_goals, refuse_unless_empty
from app.storage.round_rows import round_from_row
from app.storage.schema_revision import stored_time
from app.storage.search_upkeep import indexed_in_one_go
from app.storage.session_lock import SessionLock
from app.storage.session_rows import (
    copy_phase,
    existing_ids,
    insert_session,
    one_new_session_at_a_time,
    phase_row,
)
from app.storage.stack_store import StackStore
from app.storage.store import StoreBase, session_row
from app.storage.stored_values import unknown_in_row, unreadable_in_row
from app.storage.versions import WrittenHere
from app.storage.voting_store import VotingStore

MIN_ID_PREFIX = 8
RowType = TypeVar("RowType", NoteRow, ClusterRow)


class SessionRepository(StoreBase):
    """Reads and writes whole sessions; its parts read and write the rest.

    Each part owns one area and writes through this store's transactions (a gesture's,
    when one is under way): ``board`` (notes, clusters), ``stacks`` (merged notes,
    pairs said not to be the same), ``voting`` (rounds, ballots: dots, ratings,
    ranks), ``actions`` (actions and ideas' statuses), ``backlog`` (the lists across
    sessions) and ``goals`` (goals, readings, reports).
    """

    def __init__(
        self,
        engine: Engine,
        written: WrittenHere | None = None,
        hold: SessionLock | None = None,
    ) -> None:
        super().__init__(engine, written, hold)
        self.board = BoardStore(self)
        self.stacks = StackStore(self)
        self.voting = VotingStore(self)
        self.actions = BacklogStore(self)
        self.backlog = BacklogListing(self)
        self.goals = GoalStore(self, self.backlog)

    # ------------------------------------------------------------------ reading

    def list_sessions(self) -> list[SessionSummary]:
        """Every readable session, newest first, with its counts (see :meth:`session_listing`)."""
        return self.session_listing()[0]

    def session_listing(self) -> tuple[list[SessionSummary], list[str]]:
        """Every readable session, and one line for each session that had to be left out.

        A session whose status this Dotstorm does not know, or whose time it cannot
        read, is left out and named, so one bad row never hides the others.
        """

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
            cast(SessionRow.status, String),
            type_coerce(SessionRow.created_at, String),  # converted row by row below
            count(ParticipantRow),
            count(NoteRow),
            count(VoteRoundRow),
            count(ActionItemRow),
            SessionRow.goal_id,
        ).order_by(SessionRow.created_at.desc(), SessionRow.title)
        summaries: list[SessionSummary] = []
        unreadable: list[str] = []
        with self.reading() as orm:
            for (
                session_id,
                title,
                goal,
                status,
                created,
                people,
                notes,
                rounds,
                actions,
                goal_id,
            ) in orm.execute(query):
                try:
                    known = SessionStatus(status)
                except ValueError:
                    unreadable.append(
                        unknown_in_row("session", session_id, title, "status", status)
                    )
                    continue
                try:
                    created_at = stored_time(created)
                except (ValueError, TypeError):
                    unreadable.append(
                        unreadable_in_row("session", session_id, title, "created_at", created)
                    )
                    continue
                summaries.append(
                    SessionSummary(
                        session_id,
                        title,
                        goal,
                        known,
                        created_at,
                        people,
                        notes,
                        rounds,
                        actions,
                        goal_id,
                    )
                )
        return summaries, unreadable

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
                selectinload(SessionRow.vote_rounds).selectinload(VoteRoundRow.criteria),
                selectinload(SessionRow.vote_rounds).selectinload(VoteRoundRow.ratings),
                selectinload(SessionRow.vote_rounds).selectinload(VoteRoundRow.ranks),
                selectinload(SessionRow.action_items),
                selectinload(SessionRow.goal_row),
            )
        )
        with self.reading() as orm:
            row = orm.scalars(query).one_or_none()
            if row is None:
                raise SessionNotFound(f"There is no session with id {session_id}.")
            # A blob where text goes, text where a number goes: SQLite keeps them, and
            # nothing would fail before an export wrote them out.
            self.refuse_unreadable(orm, session_id)
            return _session_from_row(row)

    def session_exists(self, session_id: str) -> bool:
        """Whether a session with exactly this id is stored."""
        with self.reading() as orm:
            return orm.get(SessionRow, session_id) is not None

    def resolve(self, reference: str) -> str:
        """Find a session by id, unambiguous id prefix (≥ 8 characters) or exact title."""
        wanted = reference.strip()
        with self.reading() as orm:
            if orm.get(SessionRow, wanted.lower()) is not None:
                return wanted.lower()
            if len(wanted) >= MIN_ID_PREFIX:
                by_prefix = orm.scalars(
                    select(SessionRow.id).where(
                        SessionRow.id.startswith(wanted.lower(), autoescape=True)
                    )
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
        with self.reading() as orm:
            return existing_ids(orm, ids)

    # ------------------------------------------------------------------ writing

    def add_session(self, session: Session, *, unless_stored: bool = False) -> bool:
        """Store a whole new session (new, imported, demo or template) in one transaction.

        With ``unless_stored``, a session already stored under its id is left as it is
        and ``False`` returned: the look is made in the same transaction, after the
        new-session lock, so two laptops adding the demo at once store it once.
        """
        with self.writing() as orm:
            one_new_session_at_a_time(orm)
            if unless_stored and orm.get(SessionRow, session.id) is not None:
                return False
            insert_session(orm, session)
        return True

    def import_session(self, session: Session) -> Session:
        """Store an imported session as a new one; ids already in use are replaced.

        A file seen for the first time goes straight in; only when one of its ids is
        taken (the same file again) are the ids in use looked up and replaced, in the
        same transaction, so imports of one file at the same moment each get their
        own ids instead of colliding.
        Returns the session as stored (with its possibly new ids).
        """
        with self.writing() as orm, indexed_in_one_go(orm):
            return self._insert_as_new(orm, session)

    def restore_archive(
        self, goals: list[Goal], readings: list[MetricReading], sessions: Iterable[Session]
    ) -> int:
        """An archive's goals, readings and sessions, into an empty database at once.

        One transaction: the database must hold no session and no goal, the goals and
        readings go in first (in bulk), then each session as an import stores it,
        linked to its goal as stored. Whatever fails on the way (a row the database
        refuses, or an error ``sessions`` raises while it reads the next one) leaves
        the database as it was. Returns how many sessions were restored.
        """
        restored = 0
        with self.writing() as orm, indexed_in_one_go(orm):
            one_new_session_at_a_time(orm)
            refuse_unless_empty(orm)
            insert_goals(orm.connection(), goals, readings)
            for session in sessions:
                self._insert_as_new(orm, session)
                orm.flush()
                orm.expunge_all()  # written: its rows' objects need not wait for the commit
                restored += 1
        return restored

    @staticmethod
    def _insert_as_new(orm: OrmSession, session: Session) -> Session:
        one_new_session_at_a_time(orm)
        try:
            with orm.begin_nested():
                insert_session(orm, session)
            return session
        except IntegrityError:  # an id in use (or a real fault, raised again below)
            pass
        fresh = session_ops.with_fresh_ids(session, existing_ids(orm, session.all_ids()))
        insert_session(orm, fresh)
        return fresh

    def duplicate_as_template(self, session_id: str, *, review: bool = False) -> Session:
        """Store a new planned session with the people and agenda of ``session_id``.

        With ``review``, it starts with a review phase holding the open actions and
        shortlisted ideas of the sessions that share its goal (the original included).
        """
        template = session_ops.as_template(self.load_session(session_id))
        if review:
            goal_id = None if template.goal_record is None else template.goal_record.id
            carried = self.backlog.carry_over(template.goal, goal_id=goal_id)
            template = with_review_phase(template, carried)
        self.add_session(template)
        return template

    def set_anonymous_ideas(self, session_id: str, anonymous: bool) -> None:
        """Show or hide who wrote each idea in this session."""
        with self.writing() as orm:
            session_row(orm, session_id).anonymous_ideas = anonymous

    def save_phases(
        self,
        session_id: str,
        phases: Sequence[Phase],
        current_phase_id: str | None,
        *,
        finish: bool = False,
        reopen: bool = False,
    ) -> SessionProgress:
        """Store the agenda as given: its order, every phase's timer, the current phase.

        Phases not in ``phases`` are deleted, new ones added. The session starts
        running when a phase first starts, is finished when ``finish`` is set, and
        runs again (its end forgotten) when ``reopen`` is. Returns where the session
        as a whole stands after the change.
        """
        with self.writing() as orm:
            row = session_row(orm, session_id)
            existing = {phase.id: phase for phase in row.phases}
            wanted = {phase.id for phase in phases}
            for phase_id, stored in existing.items():
                if phase_id not in wanted:
                    orm.delete(stored)
            orm.flush()
            for position, phase in enumerate(phases):
                if phase.id in existing:
                    existing[phase.id].position = position
                    copy_phase(phase, existing[phase.id])
                else:
                    orm.add(phase_row(phase, session_id, position))
            row.current_phase_id = current_phase_id if current_phase_id in wanted else None
            started = any(phase.status is not PhaseStatus.PENDING for phase in phases)
            if started and row.status is SessionStatus.PLANNED:
                row.status = SessionStatus.RUNNING
                row.started_at = row.started_at or utc_now()
            if finish:
                row.status = SessionStatus.FINISHED
                row.ended_at = utc_now()
            elif reopen and row.status is SessionStatus.FINISHED:
                row.status = SessionStatus.RUNNING if started else SessionStatus.PLANNED
                row.ended_at = None
            return SessionProgress(row.status, row.started_at, row.ended_at)

    def delete_session(self, session_id: str) -> None:
        """Delete a session and everything in it.

        On a server, only a session no window holds: it is held for the deletion, so
        no laptop opens it meanwhile, and one open elsewhere is refused with who has it.
        """
        try:
            hold = self.hold_session(session_id)
        except SessionHeld as held:
            raise SessionHeld(
                held.holder, "it can be deleted once that window is closed"
            ) from None
        try:
            with self.writing() as orm:
                row = orm.get(SessionRow, session_id)
                if row is None:
                    raise SessionNotFound(f"There is no session with id {session_id}.")
                orm.delete(row)
        finally:
            if hold is not None:
                hold.release()


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
        clusters=tuple(cluster_from_row(c) for c in row.clusters),
        notes=tuple(note_from_row(n) for n in row.notes),
        vote_rounds=tuple(round_from_row(v) for v in row.vote_rounds),
        idea_statuses=tuple(
            (n.id, n.idea_status.value) for n in row.notes if n.idea_status is not IdeaStatus.NEW
        ),
        carried_from=tuple((n.id, n.carried_from) for n in row.notes if n.carried_from),
        action_items=tuple(action_from_row(a) for a in row.action_items),
        goal_record=None if row.goal_row is None else goal_from_row(row.goal_row),
    )


def _phase_from_row(p: PhaseRow) -> Phase:
    return Phase(
        id=p.id,
        kind=p.kind,
        title=p.title,
        planned_seconds=p.planned_seconds,
        started_at=p.started_at,
        elapsed_seconds=plain_number(p.elapsed_seconds),
        status=p.status,
        running_since=p.running_since,
        adjust_seconds=p.adjust_seconds,
        lock_at_zero=p.lock_at_zero,
        lock_released=p.lock_released,
        technique=p.technique,
        technique_settings=TechniqueSettings(p.technique_settings),
    )
