"""Follow-through across sessions: the backlog of actions and ideas, and its rules.

An action is a small experiment (open → doing → done, or dropped). An idea is a note,
with a status the room moves along over weeks: new → shortlisted → trying → adopted,
or dropped. Nothing here knows about Qt or SQL; storage fills the entries below.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from app.core.board import BOARD_LEFT, BOARD_TOP, block_positions
from app.core.format_helpers import counted
from app.core.palette import CLUSTER_COLORS, NOTE_COLORS
from app.core.session_format.writing import outcome_document
from app.core.types import (
    ActionStatus,
    Cluster,
    Note,
    Outcome,
    Phase,
    PhaseKind,
    Session,
    new_id,
    utc_now,
)

NO_DEPARTMENT = "No department"
OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.DOING})


class IdeaStatus(StrEnum):
    """Where an idea stands after the meeting."""

    NEW = "new"
    SHORTLISTED = "shortlisted"
    TRYING = "trying"
    ADOPTED = "adopted"
    DROPPED = "dropped"


IdeaState = tuple[IdeaStatus, int]
"""Where an idea stands, with the version of its status (read at, or stored at)."""

ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.DOING: "Doing",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}
IDEA_STATUS_LABELS = {
    IdeaStatus.NEW: "New",
    IdeaStatus.SHORTLISTED: "Shortlisted",
    IdeaStatus.TRYING: "Trying",
    IdeaStatus.ADOPTED: "Adopted",
    IdeaStatus.DROPPED: "Dropped",
}


def is_overdue(status: ActionStatus, due_date: date | None, today: date) -> bool:
    """Whether an action is late: still open or under way after its due date."""
    return status in OPEN_ACTION_STATUSES and due_date is not None and due_date < today


def idea_status_for_new_action(current: IdeaStatus) -> IdeaStatus:
    """Making an action from an idea means the room is trying it (unless it went further)."""
    if current in (IdeaStatus.NEW, IdeaStatus.SHORTLISTED, IdeaStatus.DROPPED):
        return IdeaStatus.TRYING
    return current


def goal_key(goal: str) -> str:
    """Goals compare without case and extra spaces: "Halve churn " is "halve churn"."""
    return re.sub(r"\s+", " ", goal).strip().casefold()


@dataclass(frozen=True, slots=True)
class StoredOutcome:
    """An action's outcome as just stored, with the versions it was stored at.

    Every window that shows the action (or the idea it came from) takes it as it is.
    """

    action_id: str
    outcome: Outcome | None
    status: ActionStatus
    version: int
    idea_id: str | None = None
    """The idea (note) the action came from, when the outcome moved its status."""
    idea_status: IdeaStatus | None = None
    idea_version: int = 0


@dataclass(frozen=True, slots=True)
class ActionEntry:
    """One action item as the backlog lists it, with its session."""

    id: str
    session_id: str
    session_title: str
    session_goal: str
    session_date: date | None
    title: str
    owner: str
    department: str
    due_date: date | None
    status: ActionStatus
    hypothesis: str
    success_metric: str
    source_note_id: str | None = None
    goal_id: str | None = None
    outcome: Outcome | None = None
    version: int = field(default=0, compare=False)
    """The stored version of the action this row was read at."""

    def overdue(self, today: date) -> bool:
        """Whether this action is late on ``today``."""
        return is_overdue(self.status, self.due_date, today)

    def as_json(self) -> dict[str, object]:
        """The documented shape of ``dotstorm actions --json``."""
        return {
            "id": self.id,
            "session_id": self.session_id,
            "session_title": self.session_title,
            "title": self.title,
            "owner": self.owner or None,
            "department": self.department or None,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "status": self.status.value,
            "hypothesis": self.hypothesis,
            "success_metric": self.success_metric,
            "goal_id": self.goal_id,
            "outcome": None if self.outcome is None else outcome_document(self.outcome),
        }


@dataclass(frozen=True, slots=True)
class IdeaEntry:
    """One idea (a note) as the backlog lists it, with its session and its dots."""

    id: str
    session_id: str
    session_title: str
    session_goal: str
    session_date: date | None
    text: str
    author: str
    """Empty when nobody wrote it down, or when the session keeps ideas anonymous."""
    department: str
    dots: int
    status: IdeaStatus
    goal_id: str | None = None
    stacked_on: str | None = None
    """The idea whose stack this note joined: the same idea, said again by its author.

    It shares that idea's status (adopted together) and counts in recognition; lists
    and counts of ideas show the stack once."""
    version: int = field(default=0, compare=False)
    """The stored version of the idea's status this row was read at."""
    builds_on: str = ""
    """What the idea builds on, in words: “its first words”, "a deleted note", or ""."""


def distinct_ideas(ideas: Iterable[IdeaEntry]) -> list[IdeaEntry]:
    """The ideas as a list shows them: each stack once, under its first note."""
    return [idea for idea in ideas if idea.stacked_on is None]


@dataclass(frozen=True, slots=True)
class BacklogFilter:
    """What the backlog shows: every criterion left empty lets everything through."""

    statuses: frozenset[str] = frozenset()
    owner: str = ""
    department: str = ""
    goal: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    overdue_only: bool = False

    def accepts_action(self, entry: ActionEntry, today: date) -> bool:
        """Whether ``entry`` passes every criterion."""
        if self.overdue_only and not entry.overdue(today):
            return False
        return self._common(
            entry.status.value,
            entry.owner,
            entry.department,
            entry.session_goal,
            entry.session_date,
            (entry.title, entry.hypothesis, entry.success_metric, entry.session_title),
        )

    def accepts_idea(self, entry: IdeaEntry) -> bool:
        """Whether ``entry`` passes every criterion (an idea's owner is its author)."""
        if self.overdue_only:
            return False
        return self._common(
            entry.status.value,
            entry.author,
            entry.department,
            entry.session_goal,
            entry.session_date,
            (entry.text, entry.session_title),
        )

    def _common(
        self,
        status: str,
        person: str,
        department: str,
        goal: str,
        when: date | None,
        texts: Sequence[str],
    ) -> bool:
        if self.statuses and status not in self.statuses:
            return False
        if self.owner and person != self.owner:
            return False
        if self.department and (department or NO_DEPARTMENT) != self.department:
            return False
        if self.goal and goal_key(goal) != goal_key(self.goal):
            return False
        if (self.date_from or self.date_to) and when is None:
            return False
        if self.date_from and when is not None and when < self.date_from:
            return False
        if self.date_to and when is not None and when > self.date_to:
            return False
        if self.text:
            wanted = self.text.casefold()
            return any(wanted in text.casefold() for text in texts)
        return True


@dataclass(frozen=True, slots=True)
class CarryOver:
    """What a new session brings in from earlier ones with the same goal."""

    actions: tuple[ActionEntry, ...]
    ideas: tuple[IdeaEntry, ...]

    def __bool__(self) -> bool:
        return bool(self.actions or self.ideas)

    def summary(self) -> str:
        """Say what comes in, e.g. "3 open actions and 2 shortlisted ideas"."""
        parts = []
        if self.actions:
            parts.append(counted(len(self.actions), "open action"))
        if self.ideas:
            parts.append(counted(len(self.ideas), "shortlisted idea"))
        return " and ".join(parts)


def carry_over(
    goal: str,
    actions: Iterable[ActionEntry],
    ideas: Iterable[IdeaEntry],
    exclude_session_id: str | None = None,
    goal_id: str | None = None,
) -> CarryOver:
    """The open actions and shortlisted ideas of other sessions serving the same goal.

    With a goal record (``goal_id``), the sessions linked to it count, whatever their
    wording; without one, the wording (case and spaces aside). An empty goal matches
    nothing: sessions without a goal have nothing in common.
    """
    key = goal_key(goal)
    if goal_id is None and not key:
        return CarryOver((), ())

    def same_goal(entry: ActionEntry | IdeaEntry) -> bool:
        if entry.session_id == exclude_session_id:
            return False
        if goal_id is not None:
            return entry.goal_id == goal_id
        return goal_key(entry.session_goal) == key

    return CarryOver(
        tuple(a for a in actions if same_goal(a) and a.status in OPEN_ACTION_STATUSES),
        tuple(i for i in ideas if same_goal(i) and i.status is IdeaStatus.SHORTLISTED),
    )


REVIEW_PHASE_TITLE = "Review: what happened with last time's experiments?"
REVIEW_CLUSTER_TITLE = "From last time"
REVIEW_PHASE_SECONDS = 10 * 60


def review_note_text(item: ActionEntry | IdeaEntry) -> str:
    """How an earlier action or idea reads on the new board."""
    if isinstance(item, IdeaEntry):
        return f"Shortlisted idea: {item.text}"[:2000]
    details = [ACTION_STATUS_LABELS[item.status].lower()]
    if item.owner:
        details.insert(0, item.owner)
    if item.due_date:
        details.append(f"due {item.due_date.isoformat()}")
    return f"Action: {item.title} ({', '.join(details)})"[:2000]


def with_review_phase(session: Session, carried: CarryOver) -> Session:
    """``session`` starting with a review phase holding ``carried`` as notes in a cluster.

    Each note remembers what it brings back (``carried_from``), so the backlog does not
    count it as a new idea.
    """
    if not carried:
        return session
    phase = Phase(
        id=new_id(),
        kind=PhaseKind.DISCUSS,
        title=REVIEW_PHASE_TITLE,
        planned_seconds=REVIEW_PHASE_SECONDS,
    )
    cluster = Cluster(id=new_id(), title=REVIEW_CLUSTER_TITLE, color=CLUSTER_COLORS[0])
    items: list[ActionEntry | IdeaEntry] = [*carried.actions, *carried.ideas]
    positions = block_positions(len(items), (BOARD_LEFT, BOARD_TOP), columns=4)
    now = utc_now()
    notes = tuple(
        Note(
            id=new_id(),
            text=review_note_text(item),
            color=NOTE_COLORS[1] if isinstance(item, ActionEntry) else NOTE_COLORS[0],
            x=x,
            y=y,
            created_at=now,
            cluster_id=cluster.id,
            phase_id=phase.id,
        )
        for item, (x, y) in zip(items, positions, strict=True)
    )
    # The rest of the board starts below the review block.
    shift = (positions[-1][1] - BOARD_TOP) + 2 * 184.0 if positions else 0.0
    moved = tuple(replace(note, y=note.y + shift) for note in session.notes)
    return replace(
        session,
        phases=(phase, *session.phases),
        clusters=(cluster, *session.clusters),
        notes=notes + moved,
        carried_from=session.carried_from
        + tuple((note.id, item.id) for note, item in zip(notes, items, strict=True)),
    )


@dataclass(frozen=True, slots=True)
class Credit:
    """Ideas a department or a person contributed, and how many were adopted."""

    name: str
    department: str
    contributed: int
    adopted: int


@dataclass(frozen=True, slots=True)
class Recognition:
    """Credit by department, and by person where ideas carry names."""

    by_department: tuple[Credit, ...]
    by_person: tuple[Credit, ...]


def recognition(ideas: Iterable[IdeaEntry]) -> Recognition:
    """Count ideas and adoptions; most adopted first, then most contributed, then name.

    Every note counts for its author, a note merged into a stack too: when the stack
    is adopted, everyone who said it is credited.
    """
    return credit_from_counts(
        (idea.author, idea.department, idea.status is IdeaStatus.ADOPTED, 1) for idea in ideas
    )


def credit_from_counts(counts: Iterable[tuple[str, str, bool, int]]) -> Recognition:
    """Recognition from ideas counted by (author, department, adopted).

    The ranking of :func:`recognition`, from counts a query made as well as from one
    entry per idea; an empty author is nobody named.
    """
    contributed: Counter[str] = Counter()
    adopted: Counter[str] = Counter()
    people: Counter[tuple[str, str]] = Counter()
    people_adopted: Counter[tuple[str, str]] = Counter()
    for author, department, is_adopted, count in counts:
        department = department or NO_DEPARTMENT
        contributed[department] += count
        adopted[department] += count if is_adopted else 0
        if author:
            people[(author, department)] += count
            people_adopted[(author, department)] += count if is_adopted else 0
    departments = sorted(
        (Credit(name, name, count, adopted[name]) for name, count in contributed.items()),
        key=lambda c: (-c.adopted, -c.contributed, c.name.casefold()),
    )
    persons = sorted(
        (
            Credit(name, department, count, people_adopted[(name, department)])
            for (name, department), count in people.items()
        ),
        key=lambda c: (-c.adopted, -c.contributed, c.name.casefold()),
    )
    return Recognition(tuple(departments), tuple(persons))
