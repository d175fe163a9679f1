"""The vote in the minutes: each round's own result and the session's final ranking.

Computed once here from :mod:`app.core.results`; the PDF and the Markdown only lay
them out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.format_helpers import counted, shortened
from app.core.ranking import rank_department_breakdown
from app.core.rating_minutes import RatingTable, controls_text, criterion_heading, rating_table
from app.core.results import round_totals, session_result
from app.core.types import Participant, RoundKind, RoundStatus, Session, VoteRound, VoteTarget
from app.core.voting import (
    Ranked,
    counts_shown,
    department_breakdown,
    rank,
    round_items,
    top_pick,
    voters_who_voted,
)

TOP_PLACES = 3
"""How many places the summary on page 1 names (more when the third place is shared)."""
NAMED_WITHOUT_DOTS = 5
"""Up to this many ideas without dots are named in a ranking; more are counted."""


def unit_of(vote_round: VoteRound) -> str:
    """What a round's items are counted in: ``"dot"``, or ``"point"`` for a rank round."""
    return "point" if vote_round.kind is RoundKind.RANK else "dot"


def count_text(count: int, unit: str = "dot") -> str:
    """``"no dots"``, ``"1 dot"``, ``"4 points"``: an item's count in a result."""
    return f"no {unit}s" if count == 0 else counted(count, unit)


@dataclass(frozen=True, slots=True)
class RankLine:
    """One item with dots in a ranking, as the minutes print it."""

    place: int
    tied: bool
    text: str
    dots: int
    settled_by: str = ""
    """The title of the runoff that put it in its place among its tie, if one did."""
    runoff_dots: int = 0
    """Its dots in that runoff."""
    unit: str = "dot"
    """What ``dots`` counts: ``"dot"``, or ``"point"`` in a rank round."""
    runoff_unit: str = "dot"
    """What ``runoff_dots`` counts."""

    @property
    def place_text(self) -> str:
        """``"2"``, or ``"2 (tie)"`` while it shares the place."""
        return f"{self.place} (tie)" if self.tied else str(self.place)

    @property
    def dots_label(self) -> str:
        """``"1 dot"``, ``"4 dots"`` (``"4 points"`` in a rank round)."""
        return count_text(self.dots, self.unit)

    @property
    def settled_text(self) -> str:
        """``"2 dots in “Runoff”"`` for an item a runoff placed; empty otherwise."""
        if not self.settled_by:
            return ""
        return f"{count_text(self.runoff_dots, self.runoff_unit)} in “{self.settled_by}”"


@dataclass(frozen=True, slots=True)
class RoundResult:
    """One vote round's own result: its items by its own dots, ties and breakdown."""

    title: str
    explanation: str
    ranking: list[RankLine]
    """The items that got dots, most first."""
    no_dots: list[str]
    """The items nobody put a dot on (not a tie: nobody chose between them)."""
    ties: list[list[str]]
    """Items sharing a place, each group as it stands in this round."""
    breakdown: dict[str, list[tuple[str, int]]] | None
    """Department → its dots per item; ``None`` for an anonymous round."""
    top_picks: dict[str, list[str]] = field(default_factory=dict)
    of_clusters: bool = False
    still_open: bool = False
    is_final: bool = False
    """The deciding round with no tie a runoff ordered: its ranking is the final one."""
    counts_hidden: bool = False
    """A blind round still open: no ranking, no dots and no breakdown until it closes."""
    kind: RoundKind = RoundKind.DOTS
    rating: RatingTable | None = None
    """A rating round's table (its ``ranking`` stays empty); ``None`` for other kinds."""
    controls: str = ""
    """Which bias controls were on (:func:`app.core.rating_minutes.controls_text`)."""

    @property
    def unit(self) -> str:
        """What the ranking counts: ``"dot"``, or ``"point"`` for a rank round."""
        return "point" if self.kind is RoundKind.RANK else "dot"

    @property
    def empty_text(self) -> str:
        """What the minutes say of a round without a single dot (or none shown yet)."""
        if self.counts_hidden:
            return "A blind round: no count is shown until it closes."
        if self.still_open:
            return "No ballots yet." if self.kind is not RoundKind.DOTS else "No dots yet."
        if self.kind is RoundKind.RANK:
            return "Nobody ranked anything in this round."
        if self.kind is RoundKind.RATING:
            return "Nobody rated anything in this round."
        return "Nobody put a dot in this round."


@dataclass(frozen=True, slots=True)
class FinalRanking:
    """What the session decided: the deciding round, its ties ordered by their runoffs."""

    round_title: str
    of_clusters: bool
    ranking: list[RankLine]
    no_dots: list[str]
    unsettled: list[list[str]]
    """Ties no runoff settled: they stay ties."""
    runoffs: list[str]
    """The titles of the runoffs that ordered a tie."""
    unit: str = "dot"
    """What the ranking counts: ``"dot"``, or ``"point"`` when a rank round decided."""

    @property
    def top(self) -> list[RankLine]:
        """The first places (a shared last place comes whole) for the summary."""
        return [line for line in self.ranking if line.place <= TOP_PLACES]


def _labeller(session: Session, vote_round: VoteRound) -> Callable[[str], str]:
    """How an item of ``vote_round`` reads: a note's text or a cluster's title."""
    notes = {n.id: n for n in session.notes}
    clusters = {c.id: c for c in session.clusters}

    def label(item: str) -> str:
        if vote_round.target is VoteTarget.CLUSTERS:
            cluster = clusters.get(item)
            return (cluster.title or "Untitled cluster") if cluster else "(removed)"
        note = notes.get(item)
        return note.text if note else "(removed)"

    return label


def _lines(
    ranked: list[Ranked],
    label: Callable[[str], str],
    runoffs: dict[str, VoteRound],
    unit: str = "dot",
) -> tuple[list[RankLine], list[str]]:
    """Ranked items as lines (those with dots or points) and the labels of those with none."""
    lines = []
    for entry in ranked:
        if not entry.count:
            continue
        runoff = runoffs.get(entry.settled_by or "")
        lines.append(
            RankLine(
                entry.rank,
                entry.tied,
                label(entry.item_id),
                entry.count,
                (runoff.title or "Runoff") if runoff is not None else "",
                entry.runoff_count or 0,
                unit,
                unit_of(runoff) if runoff is not None else unit,
            )
        )
    return lines, [label(entry.item_id) for entry in ranked if not entry.count]


def _shared_places(lines: list[RankLine]) -> list[list[str]]:
    places: dict[int, list[str]] = {}
    for line in lines:
        if line.tied:
            places.setdefault(line.place, []).append(line.text)
    return list(places.values())


def final_ranking_of(
    session: Session,
) -> tuple[FinalRanking | None, dict[str, int], str | None]:
    """The final ranking, each item's index in it, and the deciding round's id."""
    result = session_result(session)
    if result is None:
        return None, {}, None
    deciding, ranked = result
    by_id = {r.id: r for r in session.vote_rounds}
    lines, no_dots = _lines(ranked, _labeller(session, deciding), by_id, unit_of(deciding))
    used = list(dict.fromkeys(line.settled_by for line in lines if line.settled_by))
    final = FinalRanking(
        round_title=deciding.title or "Vote round",
        of_clusters=deciding.target is VoteTarget.CLUSTERS,
        ranking=lines,
        no_dots=no_dots,
        unsettled=_shared_places(lines),
        runoffs=used,
        unit=unit_of(deciding),
    )
    return final, {entry.item_id: index for index, entry in enumerate(ranked)}, deciding.id


def round_result(
    vote_round: VoteRound,
    session: Session,
    people: dict[str, Participant],
    is_final: bool,
) -> RoundResult:
    """``vote_round``'s own result: its items by its own dots, ties, and the breakdown.

    A rank round's items go by their points (:func:`app.core.results.round_totals`); a
    rating round's come as a table of means, spreads and combined scores
    (:func:`app.core.rating_minutes.rating_table`). A blind round still open gives none
    of them (:func:`app.core.voting.counts_shown`), only its rules, that it is open and
    how many have voted.
    """
    if not counts_shown(vote_round):
        return _hidden_result(vote_round, session)  # never the deciding round: it is open
    items = round_items(vote_round, session.notes, session.clusters)
    label = _labeller(session, vote_round)
    labels = {item: label(item) for item in items}
    unit = unit_of(vote_round)
    table = None
    lines: list[RankLine] = []
    no_dots: list[str] = []
    if vote_round.kind is RoundKind.RATING:
        table = rating_table(vote_round, items, label, people)
    else:
        ranked = rank(round_totals(vote_round, items))
        lines, no_dots = _lines(ranked, label, {}, unit)
    parts = [*_rules(vote_round), counted(_voters(vote_round), "voter"), *_kind(vote_round)]
    if vote_round.status is RoundStatus.OPEN:
        parts.append("still open")
    parts += _origin(vote_round, session)
    breakdown = None
    picks: dict[str, list[str]] = {}
    if not vote_round.anonymous and table is None:
        spread = (
            rank_department_breakdown(vote_round, people, items)
            if vote_round.kind is RoundKind.RANK
            else department_breakdown(vote_round.dots, people, items)
        ) or {}
        breakdown = {d: [(labels[i], c) for i, c in s.items()] for d, s in spread.items()}
        picks = {d: [labels[i] for i in top_pick(s)] for d, s in spread.items()}
    return RoundResult(
        title=vote_round.title,
        explanation="; ".join(parts),
        ranking=lines,
        no_dots=no_dots,
        ties=_shared_places(lines),
        breakdown=breakdown,
        top_picks=picks,
        of_clusters=vote_round.target is VoteTarget.CLUSTERS,
        still_open=vote_round.status is RoundStatus.OPEN,
        is_final=is_final,
        kind=vote_round.kind,
        rating=table,
        controls=controls_text(vote_round),
    )


def _voters(vote_round: VoteRound) -> int:
    """How many gave a ballot with something on it (dots, ranks or ratings)."""
    if vote_round.kind is RoundKind.RANK:
        return len({r.voter_id for r in vote_round.ranks})
    if vote_round.kind is RoundKind.RATING:
        return len({r.voter_id for r in vote_round.ratings})
    return len({d.voter_id for d in vote_round.dots})


def _rules(vote_round: VoteRound) -> list[str]:
    if vote_round.kind is RoundKind.RANK:
        size = vote_round.rank_size or 0
        return [f"each voter ranked their top {size}", f"{size} points for the first down to 1"]
    if vote_round.kind is RoundKind.RATING:
        return ["rated on " + ", ".join(criterion_heading(c) for c in vote_round.criteria)]
    return [
        f"{counted(vote_round.dots_per_voter, 'dot')} each",
        f"at most {vote_round.max_dots_per_item} per item",
    ]


def _kind(vote_round: VoteRound) -> list[str]:
    return [
        "anonymous" if vote_round.anonymous else "named",
        "blind" if vote_round.blind else "open counts",
    ]


def _origin(vote_round: VoteRound, session: Session) -> list[str]:
    if vote_round.runoff_of:
        parent = next((r for r in session.vote_rounds if r.id == vote_round.runoff_of), None)
        if parent is not None:
            return [f"runoff to settle the tie in “{parent.title}”"]
    return []


def _hidden_result(vote_round: VoteRound, session: Session) -> RoundResult:
    """An open blind round: its rules, that it is open, and how many have voted."""
    allowed = set(vote_round.voter_ids) or {p.id for p in session.participants}
    voted = len(voters_who_voted(vote_round) & allowed)
    parts = [
        *_rules(vote_round),
        *_kind(vote_round),
        "still open",
        f"{voted} of {len(allowed)} have voted",
        *_origin(vote_round, session),
    ]
    return RoundResult(
        title=vote_round.title,
        explanation="; ".join(parts),
        ranking=[],
        no_dots=[],
        ties=[],
        breakdown=None,
        of_clusters=vote_round.target is VoteTarget.CLUSTERS,
        still_open=True,
        counts_hidden=True,
        kind=vote_round.kind,
        controls=controls_text(vote_round),
    )


def no_dots_line(labels: list[str], of_clusters: bool, unit: str = "dot") -> str:
    """What a ranking says of the items nobody chose: named when few, else counted.

    ``unit`` is what the ranking counts: ``"dot"``, or ``"point"`` for a rank round
    ("No points: …"). Every idea is in "All ideas" with its dots, so a long list of
    them is left there.
    """
    if not labels:
        return ""
    if of_clusters or len(labels) <= NAMED_WITHOUT_DOTS:
        return f"No {unit}s: " + "; ".join(shortened(label, 80) for label in labels)
    return f"{counted(len(labels), 'more idea')} got no {unit}s (see “All ideas”)."
