"""What the minutes say, computed once from a session; each format only lays it out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from app.core.agenda import PHASE_KIND_LABELS, format_duration
from app.core.board import initials
from app.core.types import (
    ActionItem,
    Note,
    Participant,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
)
from app.core.voting import (
    Ranked,
    department_breakdown,
    rank,
    round_items,
    tally,
    tie_groups,
    top_pick,
)

NO_DEPARTMENT = "No department"


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One phase: planned and actual time."""

    title: str
    kind: str
    planned: str
    actual: str
    status: str


@dataclass(frozen=True, slots=True)
class RoundResult:
    """One vote round, ranked, with its ties and breakdown."""

    title: str
    explanation: str
    ranking: list[tuple[Ranked, str]]
    ties: list[list[str]]
    breakdown: dict[str, list[tuple[str, int]]] | None
    """Department → its dots per item; ``None`` for an anonymous round."""
    top_picks: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IdeaLine:
    """One note, as the minutes list it."""

    text: str
    author: str
    dots: int


@dataclass(frozen=True, slots=True)
class Minutes:
    """Everything the minutes show, in order."""

    title: str
    goal: str
    question: str
    date: str
    facilitator: str
    total_time: str
    people: dict[str, list[str]]
    agenda: list[AgendaLine]
    rounds: list[RoundResult]
    ideas: list[tuple[str, list[IdeaLine]]]
    matrix: list[tuple[str, int, int]]
    actions: list[ActionItem]
    ideas_by_department: dict[str, int]
    dots_by_department: dict[str, int]
    top_contributors: list[tuple[str, int]] | None
    anonymous_ideas: bool
    adopted_by_department: dict[str, int]
    """Ideas of this session adopted since (kept in the backlog), by department."""
    adopted_by_person: list[tuple[str, int]] | None
    """Who had the adopted ideas (``None`` when ideas are anonymous)."""
    people_by_id: dict[str, Participant]
    notes_by_id: dict[str, Note]


def build_minutes(session: Session) -> Minutes:
    """Compute the minutes of ``session``."""
    people = {p.id: p for p in session.participants}
    notes = {n.id: n for n in session.notes}
    clusters = {c.id: c for c in session.clusters}
    by_department: dict[str, list[str]] = {}
    for member in session.participants:
        role = " (facilitator)" if member.role.value == "facilitator" else ""
        by_department.setdefault(member.department or NO_DEPARTMENT, []).append(member.name + role)
    when = session.started_at or session.created_at
    total = sum(p.elapsed_seconds for p in session.phases)
    rounds = [_round_result(r, session, people, notes) for r in session.vote_rounds]
    shown = _latest_note_round(session.vote_rounds)
    note_dots = tally(shown.dots, list(notes)) if shown else {}
    ideas: list[tuple[str, list[IdeaLine]]] = []
    visible = [n for n in session.notes if not n.hidden]
    for cluster in session.clusters:
        members = [n for n in visible if n.cluster_id == cluster.id]
        if members:
            ideas.append(
                (
                    cluster.title or "Untitled cluster",
                    _idea_lines(members, people, note_dots, session.anonymous_ideas),
                )
            )
    loose = [n for n in visible if n.cluster_id not in clusters]
    if loose:
        ideas.append(
            ("Not in a cluster", _idea_lines(loose, people, note_dots, session.anonymous_ideas))
        )
    idea_departments = Counter(
        (people[n.author_id].department or NO_DEPARTMENT) if n.author_id in people else "Anonymous"
        for n in visible
    )
    dot_departments: Counter[str] = Counter()
    for vote_round in session.vote_rounds:
        for dot in vote_round.dots:
            person = people.get(dot.voter_id)
            if person is not None:
                dot_departments[person.department or NO_DEPARTMENT] += dot.count
    contributors = None
    if not session.anonymous_ideas:
        counts = Counter(people[n.author_id].name for n in visible if n.author_id in people)
        contributors = counts.most_common(5)
    adopted_ids = {note_id for note_id, status in session.idea_statuses if status == "adopted"}
    adopted = [n for n in visible if n.id in adopted_ids]
    adopted_departments = Counter(
        (people[n.author_id].department or NO_DEPARTMENT) if n.author_id in people else "Anonymous"
        for n in adopted
    )
    adopted_people = None
    if not session.anonymous_ideas:
        adopted_people = Counter(
            people[n.author_id].name for n in adopted if n.author_id in people
        ).most_common()
    return Minutes(
        title=session.title,
        goal=session.goal,
        question=session.question,
        date=when.strftime("%d %B %Y") if isinstance(when, datetime) else "",
        facilitator=session.facilitator,
        total_time=format_duration(total) if total else "—",
        people=by_department,
        agenda=[
            AgendaLine(
                p.title,
                PHASE_KIND_LABELS[p.kind],
                format_duration(p.planned_seconds),
                format_duration(p.elapsed_seconds) if p.elapsed_seconds else "—",
                p.status.value,
            )
            for p in session.phases
        ],
        rounds=rounds,
        ideas=ideas,
        matrix=[
            (n.text, n.impact, n.effort)
            for n in visible
            if n.impact is not None and n.effort is not None
        ],
        actions=list(session.action_items),
        ideas_by_department=dict(idea_departments.most_common()),
        dots_by_department=dict(dot_departments.most_common()),
        top_contributors=contributors,
        anonymous_ideas=session.anonymous_ideas,
        adopted_by_department=dict(adopted_departments.most_common()),
        adopted_by_person=adopted_people,
        people_by_id=people,
        notes_by_id=notes,
    )


def _latest_note_round(rounds: tuple[VoteRound, ...]) -> VoteRound | None:
    closed = [r for r in rounds if r.target is VoteTarget.NOTES and r.status is RoundStatus.CLOSED]
    return closed[-1] if closed else None


def _idea_lines(
    members: list[Note], people: dict[str, Participant], dots: dict[str, int], anonymous: bool
) -> list[IdeaLine]:
    lines = []
    for note in sorted(members, key=lambda n: -dots.get(n.id, 0)):
        author = ""
        person = people.get(note.author_id or "")
        if person is not None and not anonymous:
            author = f"{person.name}, {person.department}" if person.department else person.name
        lines.append(IdeaLine(note.text, author, dots.get(note.id, 0)))
    return lines


def _round_result(
    vote_round: VoteRound,
    session: Session,
    people: dict[str, Participant],
    notes: dict[str, Note],
) -> RoundResult:
    items = round_items(vote_round, session.notes, session.clusters)

    def label(item: str) -> str:
        if vote_round.target is VoteTarget.CLUSTERS:
            cluster = next((c for c in session.clusters if c.id == item), None)
            return (cluster.title or "Untitled cluster") if cluster else "(removed)"
        note = notes.get(item)
        return note.text if note else "(removed)"

    labels = {item: label(item) for item in items}
    ranked = rank(tally(vote_round.dots, items))
    voters = len({d.voter_id for d in vote_round.dots})
    parts = [
        f"{vote_round.dots_per_voter} dot{'s' * (vote_round.dots_per_voter != 1)} each",
        f"at most {vote_round.max_dots_per_item} per item",
        f"{voters} voter{'s' * (voters != 1)}",
        "anonymous" if vote_round.anonymous else "named",
        "blind" if vote_round.blind else "open counts",
    ]
    if vote_round.status is RoundStatus.OPEN:
        parts.append("still open")
    if vote_round.runoff_of:
        parent = next((r for r in session.vote_rounds if r.id == vote_round.runoff_of), None)
        if parent is not None:
            parts.append(f"runoff to settle the tie in “{parent.title}”")
    breakdown = None
    picks: dict[str, list[str]] = {}
    if not vote_round.anonymous:
        spread = department_breakdown(vote_round.dots, people, items)
        breakdown = {d: [(labels[i], c) for i, c in s.items()] for d, s in spread.items()}
        picks = {d: [labels[i] for i in top_pick(s)] for d, s in spread.items()}
    return RoundResult(
        title=vote_round.title,
        explanation="; ".join(parts),
        ranking=[(entry, labels[entry.item_id]) for entry in ranked],
        ties=[
            [labels[i] for i in group]
            for group in tie_groups(ranked)
            if any(entry.count for entry in ranked if entry.item_id == group[0])
        ],
        breakdown=breakdown,
        top_picks=picks,
    )


def person_label(person: Participant | None) -> str:
    """``"Maya Chen (MC), Operations"`` style, or an empty string."""
    if person is None:
        return ""
    tag = f"{person.name} ({initials(person.name)})"
    return f"{tag}, {person.department}" if person.department else tag
