"""Dot voting rules: budgets and caps, the tally, ranks with ties, runoffs, departments.

Everything a ballot may or may not do is decided here, so the screen can only ask.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.core.room_cards import room_groups
from app.core.types import (
    Cluster,
    Dot,
    Note,
    Participant,
    RoundKind,
    RoundStatus,
    VoteRound,
    VoteTarget,
)


def round_items(
    vote_round: VoteRound, notes: Iterable[Note], clusters: Iterable[Cluster]
) -> list[str]:
    """What a round is about, in board order.

    That is its own list (a runoff), else every cluster, else every revealed card.
    """
    if vote_round.item_ids:
        return list(vote_round.item_ids)
    if vote_round.target is VoteTarget.CLUSTERS:
        return [cluster.id for cluster in clusters]
    # A note merged into a stack is no item of its own: its stack's top is.
    return [note.id for note in notes if not note.hidden and note.merged_into is None]


def voter_order(round_id: str, voter_id: str, items: Sequence[str]) -> list[str]:
    """``items`` in the voter's own order for this round: shuffled, the same every time.

    Seeded by the round and the voter, so a phone that reloads (or a laptop that
    crashed) shows the voter the same order again, and no two voters share a bias
    towards whatever comes first. A round with ``shuffle`` on shows each ballot so.
    """
    order = list(items)
    random.Random(f"{round_id}/{voter_id}").shuffle(order)
    return order


def shown_order(vote_round: VoteRound, voter_id: str, items: Sequence[str]) -> list[str]:
    """The order ``voter_id``'s ballot shows ``items`` in: their own with ``shuffle`` on.

    Without it, every voter sees the items as given (the board's order).
    """
    if vote_round.shuffle:
        return voter_order(vote_round.id, voter_id, items)
    return list(items)


NOT_IN_ROUND = "That item is not part of this round."
"""Why a ballot refuses an item the round is not about."""

SELF_VOTE_REFUSAL = "That is your own idea, and in this round nobody votes on their own ideas."
"""Why a ballot refuses an item of :func:`own_items` (dots, a rating or a place)."""


def own_items(
    vote_round: VoteRound, voter_id: str, notes: Iterable[Note], clusters: Iterable[Cluster]
) -> frozenset[str]:
    """The items of ``vote_round`` that are ``voter_id``'s own ideas, when it refuses them.

    Empty unless the round has ``no_self_votes`` on. A note is one's own when one wrote
    it; a stack (a card with notes merged into it) only when one wrote every note in it;
    a cluster only when one wrote every note in it (stacked notes included) and it holds
    at least one. A note without an author is nobody's.
    """
    if not vote_round.no_self_votes:
        return frozenset()
    notes = list(notes)
    by_id = {note.id: note for note in notes}
    authors: dict[str, set[str | None]] = {}  # a card's id -> the authors of its stack
    for note in notes:
        authors.setdefault(_card_of(note, by_id), set()).add(note.author_id)
    if vote_round.target is VoteTarget.NOTES:
        return frozenset(card for card, who in authors.items() if who == {voter_id})
    in_cluster: dict[str, set[str | None]] = {}
    for card, who in authors.items():
        cluster = by_id[card].cluster_id
        if cluster is not None:
            in_cluster.setdefault(cluster, set()).update(who)
    wanted = {cluster.id for cluster in clusters}
    return frozenset(
        cluster for cluster, who in in_cluster.items() if cluster in wanted and who == {voter_id}
    )


def _card_of(note: Note, by_id: Mapping[str, Note]) -> str:
    """The card a note is shown on: the top of its stack (chains followed, loops stopped)."""
    seen = {note.id}
    while note.merged_into is not None and note.merged_into in by_id:
        note = by_id[note.merged_into]
        if note.id in seen:
            break
        seen.add(note.id)
    return note.id


OTHER_ITEMS = "Other items"
"""The heading of a round's items that the board does not show (a note removed since)."""


@dataclass(frozen=True, slots=True)
class BallotSection:
    """Items a ballot shows under one heading: a cluster's notes (no title: all of them)."""

    title: str
    color: str
    item_ids: tuple[str, ...]


def ballot_sections(
    items: Sequence[str], target: VoteTarget, notes: Sequence[Note], clusters: Sequence[Cluster]
) -> list[BallotSection]:
    """A round's items as the board shows them, for the ballot.

    Notes come under their cluster's name, clusters in the board's reading order (as
    the room's view reads them, :func:`app.core.room_layout.room_groups`), then the
    notes in none; a board with no cluster is one section without a title (a runoff
    among the notes of one cluster keeps that cluster's name). A round on
    clusters lists them in that order too. An item the board no longer shows comes last.
    """
    wanted = set(items)
    groups = room_groups(notes, clusters, {})
    if target is VoteTarget.CLUSTERS:
        order = {group.cluster_id: place for place, group in enumerate(groups)}
        ranked = sorted(items, key=lambda item: order.get(item, len(order)))
        return [BallotSection("", "", tuple(ranked))] if ranked else []
    sections: list[BallotSection] = []
    placed: set[str] = set()
    in_clusters = False
    for group in groups:
        chosen = tuple(card.note_id for card in group.cards if card.note_id in wanted)
        if chosen:
            sections.append(BallotSection(group.title, group.color, chosen))
            placed.update(chosen)
            in_clusters = in_clusters or group.cluster_id is not None
    rest = tuple(item for item in items if item not in placed)
    if rest:
        sections.append(BallotSection(OTHER_ITEMS, "", rest))
    if not in_clusters:  # no item in a cluster: nothing to name
        return [BallotSection("", "", tuple(item for s in sections for item in s.item_ids))]
    return sections


def dots_on(rounds: Iterable[VoteRound], item_id: str) -> int:
    """How many dots ``item_id`` holds across ``rounds``."""
    return sum(
        dot.count for vote_round in rounds for dot in vote_round.dots if dot.item_id == item_id
    )


def rated_or_ranked_in(rounds: Iterable[VoteRound], item_id: str) -> VoteRound | None:
    """The first of ``rounds`` where someone rated or ranked ``item_id``, if any.

    Like dots, ratings and ranks have nowhere to go when their item joins a stack or
    its cluster is ungrouped: such a change is refused, in the round's name.
    """
    return next(
        (
            vote_round
            for vote_round in rounds
            if any(r.item_id == item_id for r in vote_round.ratings)
            or any(r.item_id == item_id for r in vote_round.ranks)
        ),
        None,
    )


def counts_shown(vote_round: VoteRound) -> bool:
    """Whether anyone may see ``vote_round``'s counts now: closed, or open and not blind.

    A blind round shows no count anywhere until it closes: not on the board, the
    results page, the room's view, the minutes, the CSV or the backlog. While it is
    open, it may show only *that* it is open and how many have voted, never an item's
    dots, whether an item has any, or a ranking. Every place that shows dots asks this
    (or :func:`shown_rounds`); only the session file keeps them, as a backup must.
    """
    return vote_round.status is RoundStatus.CLOSED or not vote_round.blind


def shown_rounds(rounds: Iterable[VoteRound]) -> list[VoteRound]:
    """The rounds whose counts may be shown now (see :func:`counts_shown`), in order."""
    return [vote_round for vote_round in rounds if counts_shown(vote_round)]


def blind_round_on(
    rounds: Iterable[VoteRound], item_id: str, target: VoteTarget
) -> VoteRound | None:
    """The open blind round that may be voting on ``item_id`` (a note or a cluster).

    Whether such an item holds dots is a count nobody may learn before the round
    closes, so whatever would depend on it (a refusal to merge or ungroup, an empty
    cluster kept for its dots) treats every item of that round alike.
    """
    return next(
        (
            vote_round
            for vote_round in rounds
            if not counts_shown(vote_round)
            and vote_round.target is target
            and (not vote_round.item_ids or item_id in vote_round.item_ids)
        ),
        None,
    )


def board_round(rounds: Sequence[VoteRound]) -> VoteRound | None:
    """The notes round whose dots the board shows: the newest main dot round anyone may see.

    That is a round whose counts are shown (:func:`counts_shown`: closed, or open and
    not blind). A runoff never is: it only orders a tie of its round, whose dots stay
    what the room chose (see :mod:`app.core.results`). Nor is a rating or rank round:
    it gives no dots (its results show its means or points), so the board keeps the
    dots of the dot round before it.
    """
    return next(
        (
            vote_round
            for vote_round in reversed(shown_rounds(rounds))
            if vote_round.target is VoteTarget.NOTES
            and vote_round.runoff_of is None
            and vote_round.kind is RoundKind.DOTS
        ),
        None,
    )


MOST_SUGGESTED_DOTS = 5
"""The most dots a round suggests: with more, voters stop choosing and spread them."""


def suggested_dots(item_count: int) -> int:
    """Dots per voter: a third of the items on a small board, else 3 to 5.

    A third is the common rule for a handful of items (9 items, 3 dots), but 121 notes
    would get 40 dots, which nobody spends with thought; so the budget stops at
    :data:`MOST_SUGGESTED_DOTS` (15 items and more get 5). At least 1.
    """
    return max(1, min(MOST_SUGGESTED_DOTS, round(item_count / 3)))


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's dots in one round, and the round's rules for them."""

    dots_per_voter: int
    max_dots_per_item: int
    items: tuple[str, ...]
    """The items this round is about, in the order shown."""
    counts: Mapping[str, int] = field(default_factory=dict)
    own: frozenset[str] = frozenset()
    """Items that are the voter's own ideas in a round without self-votes (:func:`own_items`)."""

    @property
    def used(self) -> int:
        """Dots placed."""
        return sum(self.counts.values())

    @property
    def left(self) -> int:
        """Dots still to place."""
        return self.dots_per_voter - self.used

    def on(self, item_id: str) -> int:
        """Dots on one item."""
        return self.counts.get(item_id, 0)

    def refusal(self, item_id: str) -> str | None:
        """Why a dot can't go on ``item_id`` now, in words for the voter; ``None`` if it can."""
        if item_id not in self.items:
            return NOT_IN_ROUND
        if item_id in self.own:
            return SELF_VOTE_REFUSAL
        if self.left <= 0:
            return f"All {self.dots_per_voter} of your dots are placed. Take one back to move it."
        if self.on(item_id) >= self.max_dots_per_item:
            return (
                f"One item can take at most {self.max_dots_per_item} of your dots."
                if self.max_dots_per_item > 1
                else "One dot per item in this round."
            )
        return None

    def add(self, item_id: str) -> Ballot:
        """The ballot with one more dot on ``item_id`` (ValueError when refused)."""
        reason = self.refusal(item_id)
        if reason is not None:
            raise ValueError(reason)
        counts = dict(self.counts)
        counts[item_id] = counts.get(item_id, 0) + 1
        return replace(self, counts=counts)

    def remove(self, item_id: str) -> Ballot:
        """The ballot with one dot fewer on ``item_id`` (unchanged if it had none)."""
        if self.on(item_id) == 0:
            return self
        counts = dict(self.counts)
        counts[item_id] -= 1
        if counts[item_id] == 0:
            del counts[item_id]
        return replace(self, counts=counts)

    def dots(self, voter_id: str) -> tuple[Dot, ...]:
        """The ballot as stored dots, in the order the items are shown."""
        return tuple(Dot(voter_id, item, self.on(item)) for item in self.items if self.on(item))


def ballot_for(
    vote_round: VoteRound, voter_id: str, items: Sequence[str], own: Iterable[str] = ()
) -> Ballot:
    """The ballot of ``voter_id`` as stored in the round.

    ``own`` is what :func:`own_items` gives for the voter: items it refuses dots on.
    """
    counts = {d.item_id: d.count for d in vote_round.dots if d.voter_id == voter_id}
    return Ballot(
        vote_round.dots_per_voter,
        vote_round.max_dots_per_item,
        tuple(items),
        counts,
        frozenset(own),
    )


def tally(dots: Iterable[Dot], items: Sequence[str]) -> dict[str, int]:
    """Dots per item, every item listed (0-dot items too), in the items' order."""
    totals: Counter[str] = Counter()
    for dot in dots:
        totals[dot.item_id] += dot.count
    return {item: totals[item] for item in items}


@dataclass(frozen=True, slots=True)
class Ranked:
    """One item's place in the results."""

    item_id: str
    count: int
    rank: int
    """1 for the most dots; items with equal counts share a rank (1, 1, 3, ...)."""
    tied: bool
    """Whether another item has the same count (and it is not zero: no dots is no tie)."""
    settled_by: str | None = None
    """The runoff that put it in its place among items tied with it (see core.results)."""
    runoff_count: int | None = None
    """Its dots in that runoff."""


def rank(totals: Mapping[str, int]) -> list[Ranked]:
    """Items by dots, most first; equal counts share a rank and are marked as ties.

    Items with equal counts keep the order they were given in. Items with no dots
    share the last rank but are not a tie: nobody chose between them.
    """
    ordered = sorted(totals.items(), key=lambda pair: -pair[1])
    how_many = Counter(totals.values())
    ranked: list[Ranked] = []
    for position, (item, count) in enumerate(ordered):
        place = position + 1
        if ranked and ranked[-1].count == count:
            place = ranked[-1].rank
        ranked.append(Ranked(item, count, place, count > 0 and how_many[count] > 1))
    return ranked


def tie_groups(ranked: Sequence[Ranked]) -> list[list[str]]:
    """Items sharing a rank, best rank first (only groups of two or more)."""
    groups: dict[int, list[str]] = {}
    for entry in ranked:
        if entry.tied:
            groups.setdefault(entry.rank, []).append(entry.item_id)
    return [groups[place] for place in sorted(groups)]


def department_breakdown(
    dots: Iterable[Dot], people: Mapping[str, Participant], items: Sequence[str]
) -> dict[str, dict[str, int]]:
    """How each department spread its dots over the items (departments in people order)."""
    departments = list(dict.fromkeys(p.department or "No department" for p in people.values()))
    spread: dict[str, Counter[str]] = {department: Counter() for department in departments}
    for dot in dots:
        person = people.get(dot.voter_id)
        if person is not None:
            spread[person.department or "No department"][dot.item_id] += dot.count
    return {
        department: {item: counts[item] for item in items if counts[item]}
        for department, counts in spread.items()
        if sum(counts.values())
    }


def top_pick(spread: Mapping[str, int]) -> list[str]:
    """A department's favourite item(s): all those with its highest count."""
    if not spread:
        return []
    best = max(spread.values())
    return [item for item, count in spread.items() if count == best]


def voters_who_voted(vote_round: VoteRound) -> set[str]:
    """Who voted: those who pressed Done and, once the round closed, anyone with a ballot.

    A session file keeps the dots (ratings, ranks) but not who pressed Done, so an
    imported closed round counts its voters from them.
    """
    voted = set(vote_round.finished_voter_ids)
    if vote_round.status is RoundStatus.CLOSED:
        voted.update(dot.voter_id for dot in vote_round.dots if dot.count)
        voted.update(rating.voter_id for rating in vote_round.ratings)
        voted.update(rank.voter_id for rank in vote_round.ranks)
    return voted
