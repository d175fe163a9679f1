"""Typed ORM tables for the whole session model of the file format v1.

Every child row carries a ``position`` so that a session reads back in the order it
was written (agenda order, note order, ...). Ids are canonical UUID strings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.core.backlog import IdeaStatus
from app.core.types import (
    FIRST_VERSION,
    ActionStatus,
    Decision,
    OutcomeResult,
    PhaseKind,
    PhaseStatus,
    Role,
    RoundKind,
    RoundStatus,
    SessionStatus,
    Technique,
    Via,
    VoteTarget,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC; reads them back aware in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to naive UTC for storage."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Mark stored values as UTC."""
        return None if value is None else value.replace(tzinfo=UTC)


def _enum(enum_class: type[StrEnum], name: str) -> SqlEnum:
    return SqlEnum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention Alembic relies on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class GoalRow(Base):
    """The organisation's big goal, shared by the sessions that serve it."""

    __tablename__ = "goals"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text, default="")
    metric: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    target_date: Mapped[date | None] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(String(100), default="")
    archived: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="archived_bool"), default=False
    )
    version: Mapped[int] = mapped_column(
        Integer, default=FIRST_VERSION, server_default=str(FIRST_VERSION)
    )
    """One more with each change, so a laptop never writes over what it has not seen."""

    readings: Mapped[list[MetricReadingRow]] = relationship(
        order_by="MetricReadingRow.measured_on", cascade="all, delete-orphan", passive_deletes=True
    )


class MetricReadingRow(Base):
    """One value of a goal's metric on a date."""

    __tablename__ = "metric_readings"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    goal_id: Mapped[str] = mapped_column(
        ID, ForeignKey("goals.id", ondelete="CASCADE"), index=True
    )
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(200), default="")


class SessionRow(Base):
    """One brainstorm session."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    goal: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text, default="")
    facilitator: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus, "session_status"))
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymous_ideas: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="anonymous_ideas_bool"), default=False
    )
    # No foreign key: phases refer to sessions already, and a cycle would complicate
    # every insert. The repository keeps it pointing at one of the session's phases.
    current_phase_id: Mapped[str | None] = mapped_column(ID)
    goal_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("goals.id", ondelete="SET NULL"), index=True
    )
    hold_token: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """One more each time a window takes the session on a server (its fencing token)."""

    goal_row: Mapped[GoalRow | None] = relationship()
    participants: Mapped[list[ParticipantRow]] = relationship(
        order_by="ParticipantRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    phases: Mapped[list[PhaseRow]] = relationship(
        order_by="PhaseRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    clusters: Mapped[list[ClusterRow]] = relationship(
        order_by="ClusterRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    notes: Mapped[list[NoteRow]] = relationship(
        order_by="NoteRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    vote_rounds: Mapped[list[VoteRoundRow]] = relationship(
        order_by="VoteRoundRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    action_items: Mapped[list[ActionItemRow]] = relationship(
        order_by="ActionItemRow.position", cascade="all, delete-orphan", passive_deletes=True
    )


def _session_fk(*, index: bool = True) -> Any:
    return mapped_column(ID, ForeignKey("sessions.id", ondelete="CASCADE"), index=index)


def _from_round(axis: str) -> Any:
    """Whether a 2×2 value was filled from a rating round's means (migration 0013)."""
    return mapped_column(
        Boolean(create_constraint=True, name=f"{axis}_from_round_bool"),
        default=False,
        server_default=false(),
    )


class ParticipantRow(Base):
    """A person in a session."""

    __tablename__ = "participants"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    session_id: Mapped[str] = _session_fk()
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[Role] = mapped_column(_enum(Role, "participant_role"))


class PhaseRow(Base):
    """One phase of a session's agenda."""

    __tablename__ = "phases"
    __table_args__ = (
        CheckConstraint("planned_seconds BETWEEN 1 AND 86400", name="planned_seconds_range"),
        CheckConstraint("elapsed_seconds >= 0", name="elapsed_seconds_positive"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    session_id: Mapped[str] = _session_fk()
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[PhaseKind] = mapped_column(_enum(PhaseKind, "phase_kind"))
    title: Mapped[str] = mapped_column(String(200), default="")
    planned_seconds: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    elapsed_seconds: Mapped[float] = mapped_column(Float, default=0)
    status: Mapped[PhaseStatus] = mapped_column(_enum(PhaseStatus, "phase_status"))
    running_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adjust_seconds: Mapped[int] = mapped_column(Integer, default=0)
    lock_at_zero: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="lock_at_zero_bool"), default=False
    )
    lock_released: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="lock_released_bool"), default=False
    )
    technique: Mapped[Technique] = mapped_column(
        _enum(Technique, "technique"),
        default=Technique.NONE,
        server_default=Technique.NONE.value,
    )
    """The structure the phase runs (migration 0014)."""
    technique_settings: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    """The technique's own settings, a JSON object as text (migration 0014)."""


class ClusterRow(Base):
    """A named group of notes."""

    __tablename__ = "clusters"
    __table_args__ = (
        CheckConstraint("impact IS NULL OR impact BETWEEN 1 AND 5", name="impact_range"),
        CheckConstraint("effort IS NULL OR effort BETWEEN 1 AND 5", name="effort_range"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    session_id: Mapped[str] = _session_fk()
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    color: Mapped[str] = mapped_column(String(7))
    impact: Mapped[int | None] = mapped_column(Integer)
    effort: Mapped[int | None] = mapped_column(Integer)
    impact_from_round: Mapped[bool] = _from_round("impact")
    effort_from_round: Mapped[bool] = _from_round("effort")


class NoteRow(Base):
    """A sticky note on the board."""

    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint("impact IS NULL OR impact BETWEEN 1 AND 5", name="impact_range"),
        CheckConstraint("effort IS NULL OR effort BETWEEN 1 AND 5", name="effort_range"),
        # The next note's place is max(position) of its session: one index seek, not a
        # scan of a wall of notes, on every note added.
        Index("ix_notes_session_id_position", "session_id", "position"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    # No index of its own: ix_notes_session_id_position starts with it (migration 0009).
    session_id: Mapped[str] = _session_fk(index=False)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    color: Mapped[str] = mapped_column(String(7))
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    cluster_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("clusters.id", ondelete="SET NULL"), index=True
    )
    phase_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("phases.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hidden: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="hidden_bool"))
    impact: Mapped[int | None] = mapped_column(Integer)
    effort: Mapped[int | None] = mapped_column(Integer)
    impact_from_round: Mapped[bool] = _from_round("impact")
    effort_from_round: Mapped[bool] = _from_round("effort")
    # Not part of a note's board state: the board never writes these two, so a session
    # window open on an old copy cannot undo what the backlog changed.
    idea_status: Mapped[IdeaStatus] = mapped_column(
        _enum(IdeaStatus, "idea_status"), default=IdeaStatus.NEW
    )
    idea_version: Mapped[int] = mapped_column(
        Integer, default=FIRST_VERSION, server_default=str(FIRST_VERSION)
    )
    """One more with each change of ``idea_status`` (shared: any laptop's backlog moves it)."""
    carried_from: Mapped[str | None] = mapped_column(ID)
    """The earlier action or idea this note brings back into a review phase."""
    # Deferred: a stack and its notes are written in any order within one transaction.
    merged_into: Mapped[str | None] = mapped_column(
        ID,
        ForeignKey("notes.id", ondelete="SET NULL", deferrable=True, initially="DEFERRED"),
        index=True,
    )
    """The note whose stack this near-duplicate joined."""
    via: Mapped[Via] = mapped_column(
        _enum(Via, "via"), default=Via.LAPTOP, server_default=Via.LAPTOP.value
    )
    """Where the idea was typed: at the laptop, or on a phone (migration 0011)."""
    # Deferred as merged_into: a note and the note it builds on go in in any order.
    # The repository clears the link (and marks it) before it deletes the note built
    # on; SET NULL only guards a delete that bypasses it.
    builds_on: Mapped[str | None] = mapped_column(
        ID,
        ForeignKey("notes.id", ondelete="SET NULL", deferrable=True, initially="DEFERRED"),
        index=True,
    )
    """The note this idea builds on (migration 0014)."""
    builds_on_deleted: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="builds_on_deleted_bool"),
        default=False,
        server_default=false(),
    )
    """The note this idea built on was deleted (then builds_on is null)."""
    prompt: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The prompt the idea answered, e.g. a SCAMPER question (migration 0014)."""


class SimilarityDismissalRow(Base):
    """Two notes the facilitator said are not the same idea: never offered again."""

    __tablename__ = "similarity_dismissals"

    session_id: Mapped[str] = mapped_column(
        ID, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    first_note_id: Mapped[str] = mapped_column(ID, primary_key=True)
    """The smaller of the two ids (a pair is kept once, whichever way it was said)."""
    second_note_id: Mapped[str] = mapped_column(ID, primary_key=True)


class VoteRoundRow(Base):
    """One round of voting: dots, ratings on criteria, or ranks."""

    __tablename__ = "vote_rounds"
    __table_args__ = (
        CheckConstraint("dots_per_voter BETWEEN 1 AND 99", name="dots_per_voter_range"),
        CheckConstraint("max_dots_per_item BETWEEN 1 AND 99", name="max_dots_per_item_range"),
        CheckConstraint("rank_size IS NULL OR rank_size BETWEEN 2 AND 10", name="rank_size_range"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    session_id: Mapped[str] = _session_fk()
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[VoteTarget] = mapped_column(_enum(VoteTarget, "vote_target"))
    dots_per_voter: Mapped[int] = mapped_column(Integer)
    max_dots_per_item: Mapped[int] = mapped_column(Integer)
    anonymous: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="anonymous_bool"))
    blind: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="blind_bool"))
    status: Mapped[RoundStatus] = mapped_column(_enum(RoundStatus, "round_status"))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    runoff_of: Mapped[str | None] = mapped_column(ID)
    # Migration 0012: every round stored before is a dot round with no bias controls.
    kind: Mapped[RoundKind] = mapped_column(
        _enum(RoundKind, "round_kind"),
        default=RoundKind.DOTS,
        server_default=RoundKind.DOTS.value,
    )
    rank_size: Mapped[int | None] = mapped_column(Integer)
    """A rank round: how many items each voter ranks (2..10)."""
    shuffle: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="shuffle_bool"), default=False, server_default=false()
    )
    no_self_votes: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="no_self_votes_bool"),
        default=False,
        server_default=false(),
    )

    dots: Mapped[list[DotRow]] = relationship(
        order_by="DotRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    criteria: Mapped[list[RoundCriterionRow]] = relationship(
        order_by="RoundCriterionRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    ratings: Mapped[list[RatingRow]] = relationship(
        order_by="RatingRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    ranks: Mapped[list[RankRow]] = relationship(
        order_by="RankRow.entry", cascade="all, delete-orphan", passive_deletes=True
    )
    voters: Mapped[list[RoundVoterRow]] = relationship(
        order_by="RoundVoterRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    items: Mapped[list[RoundItemRow]] = relationship(
        order_by="RoundItemRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    ballots: Mapped[list[BallotRow]] = relationship(
        order_by="BallotRow.finished_at", cascade="all, delete-orphan", passive_deletes=True
    )


class RoundVoterRow(Base):
    """A person who may vote in a round (no rows: everyone may)."""

    __tablename__ = "round_voters"

    round_id: Mapped[str] = mapped_column(
        ID, ForeignKey("vote_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[str] = mapped_column(
        ID, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer)


class RoundItemRow(Base):
    """An item a round is limited to (a runoff's tied items; no rows: every item)."""

    __tablename__ = "round_items"

    round_id: Mapped[str] = mapped_column(
        ID, ForeignKey("vote_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class BallotRow(Base):
    """A voter pressed Done in a round: turnout, and what resumes after a crash."""

    __tablename__ = "ballots"

    round_id: Mapped[str] = mapped_column(
        ID, ForeignKey("vote_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    voter_id: Mapped[str] = mapped_column(
        ID, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    via: Mapped[Via] = mapped_column(
        _enum(Via, "via"), default=Via.LAPTOP, server_default=Via.LAPTOP.value
    )
    """Where the voter pressed Done: at the laptop, or on a phone (migration 0011)."""


class DotRow(Base):
    """The dots one voter put on one item (a note or a cluster) in one round."""

    __tablename__ = "dots"
    __table_args__ = (CheckConstraint("count >= 1", name="count_positive"),)

    round_id: Mapped[str] = mapped_column(
        ID, ForeignKey("vote_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    voter_id: Mapped[str] = mapped_column(
        ID, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    # A note or a cluster, by the round's target: no foreign key can say that.
    item_id: Mapped[str] = mapped_column(ID, primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)


class RoundCriterionRow(Base):
    """One scale of a rating round ("Useful", 1 to 5, higher is better)."""

    __tablename__ = "round_criteria"
    __table_args__ = (
        # At most 11 steps: a scale a voter can take in at a glance (the file's rule).
        CheckConstraint('"min" < "max" AND "max" - "min" <= 10', name="scale_range"),
    )

    round_id: Mapped[str] = mapped_column(
        ID, ForeignKey("vote_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    # Its own round's criteria only: a file's criterion ids need not be new elsewhere.
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    min: Mapped[int] = mapped_column(Integer)
    max: Mapped[int] = mapped_column(Integer)
    higher_is_better: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="higher_is_better_bool")
    )


class RatingRow(Base):
    """One voter's value for one item on one criterion of a rating round."""

    __tablename__ = "ratings"
    __table_args__ = (
        # A criterion taken off the round takes its ratings with it.
        ForeignKeyConstraint(
            ["round_id", "criterion_id"],
            ["round_criteria.round_id", "round_criteria.id"],
            ondelete="CASCADE",
        ),
    )

    round_id: Mapped[str] = mapped_column(
        ID, ForeignKey("vote_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    voter_id: Mapped[str] = mapped_column(
        ID, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    # A note or a cluster, by the round's target: no foreign key can say that.
    item_id: Mapped[str] = mapped_column(ID, primary_key=True, index=True)
    criterion_id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    """The rating's place in its round, so that a round reads back in the order written."""
    value: Mapped[int] = mapped_column(Integer)
    """As given: whether it lies on the criterion's scale is the core's rule."""


class RankRow(Base):
    """One voter put one item at ``position`` (1 is best) in a rank round."""

    __tablename__ = "ranks"
    __table_args__ = (
        CheckConstraint("position >= 1", name="position_positive"),
        UniqueConstraint("round_id", "voter_id", "item_id", name="uq_ranks_round_voter_item"),
    )

    round_id: Mapped[str] = mapped_column(
        ID, ForeignKey("vote_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    voter_id: Mapped[str] = mapped_column(
        ID, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    """The rank given (1 is best): one item per place and voter."""
    # A note or a cluster, by the round's target: no foreign key can say that.
    item_id: Mapped[str] = mapped_column(ID, index=True)
    entry: Mapped[int] = mapped_column(Integer)
    """The rank's place in its round, so that a round reads back in the order written."""


class ActionItemRow(Base):
    """A small experiment with an owner, a date and a way to measure."""

    __tablename__ = "action_items"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    session_id: Mapped[str] = _session_fk()
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    source_note_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("notes.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus, "action_status"))
    hypothesis: Mapped[str] = mapped_column(Text, default="")
    success_metric: Mapped[str] = mapped_column(Text, default="")
    # The outcome, once the change was tried: all null until then.
    outcome_result: Mapped[OutcomeResult | None] = mapped_column(
        _enum(OutcomeResult, "outcome_result")
    )
    outcome_measured: Mapped[str | None] = mapped_column(String(200))
    outcome_learning: Mapped[str | None] = mapped_column(Text)
    outcome_decision: Mapped[Decision | None] = mapped_column(_enum(Decision, "decision"))
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(
        Integer, default=FIRST_VERSION, server_default=str(FIRST_VERSION)
    )
    """One more with each change (the session's window and any laptop's backlog write it)."""
