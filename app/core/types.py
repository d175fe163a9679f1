"""Domain types of a brainstorm session, as plain immutable dataclasses.

These mirror the session file format v1 (``shared/spec/session-format.md``). Times are
timezone-aware ``datetime`` objects in UTC; ids are canonical lowercase UUID strings.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum


def new_id() -> str:
    """Return a fresh canonical UUID string."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


class SessionStatus(StrEnum):
    """Where a session is in its life."""

    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"


class Role(StrEnum):
    """What a person does in the session."""

    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"


class PhaseKind(StrEnum):
    """What happens during a phase of the agenda."""

    IDEATE = "ideate"
    SILENT_IDEATE = "silent_ideate"
    CLUSTER = "cluster"
    VOTE = "vote"
    DISCUSS = "discuss"
    ACTIONS = "actions"
    BREAK = "break"
    CUSTOM = "custom"


class PhaseStatus(StrEnum):
    """Progress of one phase."""

    PENDING = "pending"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"


class VoteTarget(StrEnum):
    """What a vote round's dots land on."""

    NOTES = "notes"
    CLUSTERS = "clusters"


class RoundStatus(StrEnum):
    """Whether a vote round still takes dots."""

    OPEN = "open"
    CLOSED = "closed"


class ActionStatus(StrEnum):
    """Progress of an action item."""

    OPEN = "open"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"


class Via(StrEnum):
    """Where an idea was typed, or a ballot cast: at the laptop, or on a phone in the room."""

    LAPTOP = "laptop"
    PHONE = "phone"


class Technique(StrEnum):
    """The structure a phase runs (the file's optional ``technique`` on a phase)."""

    NONE = "none"
    BRAINWRITING_635 = "brainwriting_635"
    ONE_TWO_FOUR_ALL = "one_two_four_all"
    NOMINAL_GROUP = "nominal_group"
    SCAMPER = "scamper"


@dataclass(frozen=True, slots=True)
class TechniqueSettings:
    """A phase technique's own settings: a JSON object, kept as its exact text.

    Frozen and comparable like every other value of a session; the techniques
    validate what it holds (:meth:`as_mapping`). An empty object is the default.
    """

    text: str = "{}"
    """The object as compact JSON, keys in the order they came."""

    @classmethod
    def of(cls, mapping: Mapping[str, object]) -> TechniqueSettings:
        """The settings holding ``mapping`` (JSON values only: no NaN nor infinity)."""
        return cls(
            json.dumps(dict(mapping), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        )

    def as_mapping(self) -> dict[str, object]:
        """A fresh copy of the object the settings hold."""
        value = json.loads(self.text)
        assert isinstance(value, dict)  # only ever made from an object
        return value

    @property
    def is_empty(self) -> bool:
        """No setting at all (the default, left out of a session file)."""
        return self.text == "{}"

    def with_ids(self, mapping: Mapping[str, str]) -> TechniqueSettings:
        """The settings with every string that is a key of ``mapping`` replaced by its value.

        Techniques keep ids in their settings (6-3-5's people and late starts,
        1-2-4-All's groups, NGT's order, SCAMPER's note), as values and as an object's
        keys (6-3-5's late starts map a note to its round); ids are UUIDs, so any string
        equal to a remapped id is that id, wherever it stands.
        """
        if not mapping or self.is_empty:
            return self

        def swapped(value: object) -> object:
            if isinstance(value, str):
                return mapping.get(value, value)
            if isinstance(value, list):
                return [swapped(item) for item in value]
            if isinstance(value, dict):
                return {mapping.get(key, key): swapped(item) for key, item in value.items()}
            return value

        changed = swapped(self.as_mapping())
        assert isinstance(changed, dict)
        return TechniqueSettings.of(changed)


FIRST_VERSION = 1
"""The version a shared record (goal, action, idea status) is first stored at."""


RecordKey = tuple[str, str]
"""A shared record: ``("goal", id)``, ``("action", id)`` or ``("idea", note id)``."""


def version_after(read_at: int) -> int:
    """The version a change of a copy read at ``read_at`` is stored at.

    A copy never stored (0) is stored at :data:`FIRST_VERSION`; a record that comes
    back (an undone delete) comes back one past the version it went at.
    """
    return max(read_at, FIRST_VERSION - 1) + 1


@dataclass(frozen=True, slots=True)
class Participant:
    """A person in the room, with the department they speak for."""

    id: str
    name: str
    department: str = ""
    role: Role = Role.PARTICIPANT


@dataclass(frozen=True, slots=True)
class Phase:
    """One timed step of the agenda."""

    id: str
    kind: PhaseKind
    title: str
    planned_seconds: int
    started_at: datetime | None = None
    elapsed_seconds: float = 0
    status: PhaseStatus = PhaseStatus.PENDING
    running_since: datetime | None = None
    """While running: the wall time from which to add to ``elapsed_seconds`` (not exported)."""
    adjust_seconds: int = 0
    """Minutes the facilitator added (or took away) while it ran, in seconds (not exported)."""
    lock_at_zero: bool = False
    """Stop new notes when the time is up (not exported)."""
    lock_released: bool = False
    """The facilitator unlocked the board after the time was up (not exported)."""
    technique: Technique = Technique.NONE
    """The structure this phase runs (brainwriting, 1-2-4-All, ...)."""
    technique_settings: TechniqueSettings = TechniqueSettings()
    """The technique's own settings (validated by the technique, kept exactly)."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """A named group of notes on the board."""

    id: str
    title: str
    color: str
    impact: int | None = None
    """Its place on the 2×2 (1..5), as for a note (kept in the database; not in files)."""
    effort: int | None = None
    impact_from_round: bool = False
    """``impact`` was filled from a rating round's means (database only)."""
    effort_from_round: bool = False
    """``effort`` was filled from a rating round's means (database only)."""


@dataclass(frozen=True, slots=True)
class Note:
    """A sticky note: one idea, where it sits on the board and who wrote it."""

    id: str
    text: str
    color: str
    x: float
    y: float
    created_at: datetime
    author_id: str | None = None
    cluster_id: str | None = None
    phase_id: str | None = None
    hidden: bool = False
    impact: int | None = None
    effort: int | None = None
    merged_into: str | None = None
    """The note whose stack this near-duplicate joined: it keeps its text and author
    and is shown in that stack, never as a card or a vote item of its own."""
    via: Via = Via.LAPTOP
    """Where the idea was typed (the file's optional ``via``)."""
    impact_from_round: bool = False
    """``impact`` was filled from a rating round's means, not placed by hand (database
    only: a session file has no field for it, so an imported value counts as placed)."""
    effort_from_round: bool = False
    """``effort`` was filled from a rating round's means (database only)."""
    builds_on: str | None = None
    """The note this idea builds on: always a note of the session, never itself, and a
    chain of them never loops."""
    builds_on_deleted: bool = False
    """The note this idea built on was deleted (then ``builds_on`` is None): undo of the
    delete puts the link back (database only: a file has no deleted notes)."""
    prompt: str = ""
    """The prompt the idea answered (e.g. a SCAMPER question), 0..200 characters."""


@dataclass(frozen=True, slots=True)
class Dot:
    """``count`` dots from one voter on one item (a note or a cluster)."""

    voter_id: str
    item_id: str
    count: int


class RoundKind(StrEnum):
    """How people decide in a round (the file's ``kind``)."""

    DOTS = "dots"
    """Each voter places dots (``dots_per_voter``, at most ``max_dots_per_item`` on one)."""
    RATING = "rating"
    """Each voter rates items on the round's criteria; an item or a criterion may be skipped."""
    RANK = "rank"
    """Each voter orders their top ``rank_size`` items (Nominal Group Technique's vote)."""


@dataclass(frozen=True, slots=True)
class Criterion:
    """One scale of a rating round: "Useful", 1 to 5, higher is better."""

    id: str
    name: str
    min: int
    max: int
    higher_is_better: bool = True
    """False for effort-like criteria: a low value is the good one."""


@dataclass(frozen=True, slots=True)
class Rating:
    """One voter's value for one item on one criterion."""

    voter_id: str
    item_id: str
    criterion_id: str
    value: int


@dataclass(frozen=True, slots=True)
class Rank:
    """One voter put one item at ``position`` (1 is best) in a rank round."""

    voter_id: str
    item_id: str
    position: int


@dataclass(frozen=True, slots=True)
class VoteRound:
    """One round of voting (dots, rating or ranking), with its rules and the ballots cast."""

    id: str
    title: str
    target: VoteTarget
    dots_per_voter: int
    max_dots_per_item: int
    anonymous: bool
    blind: bool
    status: RoundStatus
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    dots: tuple[Dot, ...] = ()
    voter_ids: tuple[str, ...] = ()
    """Who may vote; empty means everyone in the session (not exported)."""
    item_ids: tuple[str, ...] = ()
    """The items voted on; empty means every note or cluster (the file's ``items``)."""
    finished_voter_ids: tuple[str, ...] = ()
    """Who pressed Done, in order (turnout; not exported)."""
    phone_voter_ids: tuple[str, ...] = ()
    """Those of ``finished_voter_ids`` who voted from a phone, in the same order (not
    exported)."""
    runoff_of: str | None = None
    """The round whose tie this runoff settles (the file's ``runoff_of``)."""
    kind: RoundKind = RoundKind.DOTS
    criteria: tuple[Criterion, ...] = ()
    """A rating round's scales, 2..5 of them."""
    ratings: tuple[Rating, ...] = ()
    """A rating round's values (``dots`` stays empty)."""
    rank_size: int | None = None
    """A rank round: how many items each voter ranks (2..10)."""
    ranks: tuple[Rank, ...] = ()
    """A rank round's ballots (``dots`` stays empty)."""
    shuffle: bool = False
    """Each voter sees the items in an order of their own (seeded by round and voter)."""
    no_self_votes: bool = False
    """Nobody's dots, ratings or ranks go on their own ideas."""


class OutcomeResult(StrEnum):
    """What happened when a small change was tried."""

    WORKED = "worked"
    DID_NOT_WORK = "did_not_work"
    INCONCLUSIVE = "inconclusive"


class Decision(StrEnum):
    """What the team does with a change it tried."""

    ADOPT = "adopt"
    ITERATE = "iterate"
    DROP = "drop"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an experiment showed once tried, and what was decided."""

    result: OutcomeResult
    measured: str = ""
    """The value seen, as text ("first response 14 → 9 min")."""
    learning: str = ""
    decision: Decision | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ActionItem:
    """A small experiment that came out of the session."""

    id: str
    title: str
    owner_id: str | None = None
    due_date: date | None = None
    source_note_id: str | None = None
    status: ActionStatus = ActionStatus.OPEN
    hypothesis: str = ""
    success_metric: str = ""
    outcome: Outcome | None = None
    version: int = field(default=0, compare=False)
    """The stored version this copy was read at (0: never stored).

    Shared between laptops: a change is stored only over the version it was made from.
    Not part of session files, nor of equality: two copies that say the same are equal."""


@dataclass(frozen=True, slots=True)
class Goal:
    """The organisation's big goal that many sessions serve, with the number it moves."""

    id: str
    title: str
    why: str = ""
    metric: str = ""
    """What is measured ("median first response time")."""
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    target_date: date | None = None
    owner: str = ""
    """Who answers for the goal (kept in the database; not in session files)."""
    archived: bool = False
    """Done with: kept with its sessions, no longer offered for new ones."""
    version: int = field(default=0, compare=False)
    """The stored version this copy was read at (0: never stored).

    Shared between laptops: a change is stored only over the version it was made from.
    Not part of session files, nor of equality: two copies that say the same are equal."""


@dataclass(frozen=True, slots=True)
class MetricReading:
    """One value of a goal's metric, recorded on a date."""

    id: str
    goal_id: str
    measured_on: date
    value: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Session:
    """A whole brainstorm session: the unit the file format and the library deal in."""

    id: str
    title: str
    goal: str = ""
    question: str = ""
    facilitator: str = ""
    status: SessionStatus = SessionStatus.PLANNED
    created_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    participants: tuple[Participant, ...] = ()
    phases: tuple[Phase, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    notes: tuple[Note, ...] = ()
    vote_rounds: tuple[VoteRound, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    anonymous_ideas: bool = False
    """Notes show no author: set by the facilitator for sessions where ideas stand alone."""
    current_phase_id: str | None = None
    """The phase the facilitator is on (not exported; derived from statuses on import)."""
    idea_statuses: tuple[tuple[str, str], ...] = ()
    """(note id, idea status) where an idea moved on from "new" (the notes' ``idea_status``)."""
    carried_from: tuple[tuple[str, str], ...] = ()
    """(note id, id of the earlier action or idea it brings back) (not exported)."""
    goal_record: Goal | None = None
    """The shared goal this session serves (``goal`` is the session's own wording)."""

    def all_ids(self) -> list[str]:
        """Every id the session carries: its own and those of everything inside."""
        ids = [self.id]
        for group in (
            self.participants,
            self.phases,
            self.clusters,
            self.notes,
            self.vote_rounds,
            self.action_items,
        ):
            ids.extend(item.id for item in group)
        return ids


@dataclass(frozen=True, slots=True)
class RemovedNotes:
    """What deleting notes took away, so that undo can put every bit of it back."""

    notes: tuple[tuple[int, Note], ...]
    """Each note with its place in the session's note order."""
    dots: tuple[tuple[str, Dot], ...] = ()
    """Dots that were on those notes, with their round's id."""
    ratings: tuple[tuple[str, Rating], ...] = ()
    """Ratings given to those notes, with their round's id."""
    ranks: tuple[tuple[str, Rank], ...] = ()
    """Ranks given to those notes, with their round's id."""
    action_links: tuple[tuple[str, str], ...] = ()
    """(action item id, note id) pairs whose source note was deleted."""
    idea_statuses: tuple[tuple[str, str], ...] = ()
    """(note id, idea status) of the deleted notes that had moved on from "new"."""
    carried_from: tuple[tuple[str, str], ...] = ()
    """(note id, action or idea id) of deleted notes a review phase brought back."""
    idea_versions: tuple[tuple[str, int], ...] = ()
    """(note id, the version of its idea status) when deleted: undo puts it back newer."""
    build_on_links: tuple[tuple[str, str], ...] = ()
    """(note id, deleted note id) of the notes that stay and built on a deleted note:
    their link was cleared and marked deleted; undo puts it back."""


@dataclass(frozen=True, slots=True)
class SessionProgress:
    """Where a session stands as a whole: planned, running or finished, and when."""

    status: SessionStatus
    started_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What the session library shows for one session, without loading it whole."""

    id: str
    title: str
    goal: str
    status: SessionStatus
    created_at: datetime | None
    participants: int
    notes: int
    vote_rounds: int
    action_items: int
    goal_id: str | None = None
    """The goal record the session serves, if any."""


@dataclass(frozen=True, slots=True)
class NewSessionSpec:
    """What the facilitator fills in to set a session up."""

    title: str
    goal: str = ""
    question: str = ""
    facilitator: str = ""
    participants: tuple[tuple[str, str], ...] = field(default=())
    phases: tuple[tuple[PhaseKind, str, int], ...] = field(default=())
    techniques: tuple[tuple[Technique, TechniqueSettings], ...] = field(default=())
    """Each phase's technique and settings, in the phases' order (empty: none has one)."""
