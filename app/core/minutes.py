"""What the minutes say, computed once from a session; each format only lays it out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from app.core.agenda import PHASE_KIND_LABELS, format_duration
from app.core.backlog import ActionEntry
from app.core.build_on import builds_on_label, children_of, quoted
from app.core.format_helpers import counted
from app.core.goal_report import outcome_summary
from app.core.goals import metric_line
from app.core.matrix_minutes import MatrixLine, matrix_lines
from app.core.results import note_dots
from app.core.stacks import effective_statuses, stack_sizes
from app.core.technique_minutes import BrainwritingSection, brainwriting_sections
from app.core.techniques.catalogue import minutes_words
from app.core.techniques.completion import completed_phases
from app.core.techniques.phase_line import group_labels
from app.core.types import (
    ActionItem,
    MetricReading,
    Note,
    Participant,
    Session,
    Via,
    VoteRound,
)
from app.core.vote_minutes import FinalRanking, RoundResult, final_ranking_of, round_result
from app.core.voting import shown_rounds

NO_DEPARTMENT = "No department"


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One phase: planned and actual time."""

    title: str
    kind: str
    planned: str
    actual: str
    status: str
    technique: str = ""
    """What the phase ran, in words (``"SCAMPER: seven prompts on one idea"``); "" for none."""

    @property
    def phase_words(self) -> str:
        """The phase as the agenda's table names it: its title, and its technique if any.

        A phase titled as its technique is named once ("6-3-5 brainwriting: 3 rounds…",
        not "6-3-5 brainwriting — 6-3-5 brainwriting: 3 rounds…").
        """
        if not self.technique:
            return self.title
        if self.technique.casefold().startswith(self.title.strip().casefold()):
            return self.technique
        return f"{self.title} — {self.technique}"


@dataclass(frozen=True, slots=True)
class SaidAgain:
    """A note merged into a stack: its own words and who said them."""

    text: str
    author: str


@dataclass(frozen=True, slots=True)
class IdeaLine:
    """One card, as the minutes list it, with the notes stacked on it."""

    text: str
    author: str
    dots: int
    also: tuple[SaidAgain, ...] = ()
    """The other notes of its stack, in board order (the same idea, said again)."""
    grew_from: str = ""
    """What it builds on: “its first words”, "a deleted note", or "" for nothing."""
    grew_into: tuple[str, ...] = ()
    """The ideas that build on it (their first words, quoted), in board order."""
    prompt: str = ""
    """The prompt it answered (e.g. a SCAMPER question), or ""."""


@dataclass(frozen=True, slots=True)
class MinutesContext:
    """What the minutes show from beyond the session itself (kept in the database)."""

    latest: MetricReading | None = None
    """The goal's latest recorded value."""
    reviewed: tuple[ActionEntry, ...] = ()
    """Last time's experiments that this session's review brought back."""


@dataclass(frozen=True, slots=True)
class ReviewedLine:
    """One of last time's experiments, as the review found it."""

    title: str
    owner: str
    session_title: str
    outcome: str
    learning: str


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
    final: FinalRanking | None
    """``None`` until a vote round (not a runoff) closed."""
    ideas: list[tuple[str, list[IdeaLine]]]
    matrix: list[MatrixLine]
    """What stands on the 2×2: cards (a stack as its card) and clusters, in board order."""
    actions: list[ActionItem]
    ideas_by_department: dict[str, int]
    dots_by_department: dict[str, int]
    """Dots given, by department, in the rounds whose counts are shown (not a blind one
    still open)."""
    top_contributors: list[tuple[str, int]] | None
    anonymous_ideas: bool
    adopted_by_department: dict[str, int]
    """Ideas of this session adopted since (kept in the backlog), by department."""
    adopted_by_person: list[tuple[str, int]] | None
    """Who had the adopted ideas (``None`` when ideas are anonymous)."""
    people_by_id: dict[str, Participant]
    goal_metric: str = ""
    """The goal's metric: baseline, target and latest value (empty without one)."""
    reviewed: tuple[ReviewedLine, ...] = ()
    """Last time's experiments with their outcomes, when a review ran."""
    from_phones: str = ""
    """What came from phones in the room ("12 ideas and 8 ballots"); empty: nothing did."""
    brainwriting: tuple[BrainwritingSection, ...] = ()
    """Each 6-3-5 phase's sheets, rounds and ideas, and each sheet's chain in order."""


def build_minutes(session: Session, context: MinutesContext | None = None) -> Minutes:
    """Compute the minutes of ``session`` (and what ``context`` adds from the database).

    A technique's phases are read with what their settings leave out filled in (a
    file's bare ``technique``: see :mod:`app.core.techniques.completion`).
    """
    context = context or MinutesContext()
    session = replace(session, phases=completed_phases(session.phases, session.participants))
    people = {p.id: p for p in session.participants}
    clusters = {c.id: c for c in session.clusters}
    by_department: dict[str, list[str]] = {}
    for member in session.participants:
        role = " (facilitator)" if member.role.value == "facilitator" else ""
        by_department.setdefault(member.department or NO_DEPARTMENT, []).append(member.name + role)
    when = session.started_at or session.created_at
    total = sum(p.elapsed_seconds for p in session.phases)
    dots = note_dots(session.vote_rounds, session.notes, session.clusters)
    final, order, deciding_id = final_ranking_of(session)
    plain_final = final is not None and not final.runoffs
    rounds = [
        round_result(r, session, people, is_final=plain_final and r.id == deciding_id)
        for r in session.vote_rounds
    ]
    ideas: list[tuple[str, list[IdeaLine]]] = []
    # Every note counts as an idea said (a stack credits each of its authors); the
    # lists show each stack once, under its card, with the notes merged into it.
    visible = [n for n in session.notes if not n.hidden]
    visible_cards = [n for n in visible if n.merged_into is None]
    stacked: dict[str, list[Note]] = {}
    for note in visible:
        if note.merged_into is not None:
            stacked.setdefault(note.merged_into, []).append(note)
    lines = _IdeaLines(people, dots, order, stacked, session.anonymous_ideas)
    lines.groups = group_labels(session.phases, session.notes)
    lines.links({n.id: n for n in session.notes}, children_of(visible))
    for cluster in session.clusters:
        members = [n for n in visible_cards if n.cluster_id == cluster.id]
        if members:
            ideas.append((cluster.title or "Untitled cluster", lines.of(members)))
    loose = [n for n in visible_cards if n.cluster_id not in clusters]
    if loose:
        ideas.append(("Not in a cluster", lines.of(loose)))
    idea_departments = Counter(
        (people[n.author_id].department or NO_DEPARTMENT) if n.author_id in people else "Anonymous"
        for n in visible
    )
    dot_departments: Counter[str] = Counter()
    for vote_round in shown_rounds(session.vote_rounds):  # not a blind round still open
        for dot in vote_round.dots:
            person = people.get(dot.voter_id)
            if person is not None:
                dot_departments[person.department or NO_DEPARTMENT] += dot.count
    contributors = None
    if not session.anonymous_ideas:
        counts = Counter(people[n.author_id].name for n in visible if n.author_id in people)
        contributors = counts.most_common(5)
    statuses = effective_statuses(session)  # a stack is adopted with all its authors
    adopted_ids = {note_id for note_id, status in statuses.items() if status == "adopted"}
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
                minutes_words(p.technique.value, p.technique_settings.as_mapping()),
            )
            for p in session.phases
        ],
        rounds=rounds,
        final=final,
        ideas=ideas,
        matrix=matrix_lines(visible_cards, session.clusters, stack_sizes(visible)),
        actions=list(session.action_items),
        ideas_by_department=dict(idea_departments.most_common()),
        dots_by_department=dict(dot_departments.most_common()),
        top_contributors=contributors,
        anonymous_ideas=session.anonymous_ideas,
        adopted_by_department=dict(adopted_departments.most_common()),
        adopted_by_person=adopted_people,
        people_by_id=people,
        goal_metric=(
            metric_line(session.goal_record, context.latest) if session.goal_record else ""
        ),
        reviewed=tuple(
            ReviewedLine(
                title=entry.title,
                owner=entry.owner,
                session_title=entry.session_title,
                outcome=outcome_summary(entry.outcome),
                learning=entry.outcome.learning if entry.outcome else "",
            )
            for entry in context.reviewed
        ),
        from_phones=from_phones(visible, session.vote_rounds),
        brainwriting=tuple(brainwriting_sections(session)),
    )


def from_phones(notes: list[Note], rounds: tuple[VoteRound, ...]) -> str:
    """How many of ``notes`` and of the rounds' ballots came from phones, in words.

    Each note counts once, a stacked one as well as its card; a ballot is one voter's
    Done in one round. Empty when neither came from a phone.
    """
    ideas = len({note.id for note in notes if note.via is Via.PHONE})
    ballots = sum(
        len(set(vote_round.phone_voter_ids) & set(vote_round.finished_voter_ids))
        for vote_round in rounds
    )
    said = [counted(ideas, "idea")] if ideas else []
    said += [counted(ballots, "ballot")] if ballots else []
    return " and ".join(said)


def idea_links(line: IdeaLine) -> list[str]:
    """The lines under an idea in the minutes: its prompt, what it grew from and into."""
    said: list[str] = []
    if line.prompt:
        said.append(f"Answered: {line.prompt}")
    if line.grew_from:
        said.append(f"Grew from: {line.grew_from}")
    if line.grew_into:
        said.append(f"Grew into: {'; '.join(line.grew_into)}")
    return said


class _IdeaLines:
    """Turns cards into the minutes' lines: most dots first, each with its stack."""

    def __init__(
        self,
        people: dict[str, Participant],
        dots: dict[str, int],
        order: dict[str, int],
        stacked: dict[str, list[Note]],
        anonymous: bool,
    ) -> None:
        self._people = people
        self._dots = dots
        self._order = order
        self._stacked = stacked
        self._anonymous = anonymous
        self._every: Mapping[str, Note] = {}
        self._children: Mapping[str, list[Note]] = {}
        self.groups: Mapping[str, str] = {}
        """1-2-4-All's group of each note written in a pair or a four ("Group A")."""

    def links(self, every: Mapping[str, Note], children: Mapping[str, list[Note]]) -> None:
        """Name what each idea grew from (any note of ``every``) and into (``children``)."""
        self._every = every
        self._children = children

    def of(self, cards: list[Note]) -> list[IdeaLine]:
        """The lines of some cards, most dots first."""
        dots, order = self._dots, self._order
        # Equal dots in the final ranking's order (a runoff's), then the board's.
        unranked = len(order)
        ranked = sorted(cards, key=lambda n: (-dots.get(n.id, 0), order.get(n.id, unranked)))
        return [
            IdeaLine(
                note.text,
                self._author(note),
                dots.get(note.id, 0),
                tuple(SaidAgain(m.text, self._author(m)) for m in self._stacked.get(note.id, ())),
                grew_from=builds_on_label(note, self._every),
                grew_into=tuple(quoted(child) for child in self._children.get(note.id, ())),
                prompt=note.prompt,
            )
            for note in ranked
        ]

    def _author(self, note: Note) -> str:
        person = self._people.get(note.author_id or "")
        if person is None or self._anonymous:
            return ""
        name = f"{person.name}, {person.department}" if person.department else person.name
        group = self.groups.get(note.id)
        return f"{group} ({name})" if group else name
