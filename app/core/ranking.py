"""Rank rounds (Nominal Group Technique's vote): one voter's ranking, and its points.

Each voter puts their top ``rank_size`` (N) items in order, place 1 the best; an item
at place ``p`` gets ``N + 1 - p`` points from that voter (N for the first, 1 for the
last). The round's result is the one rule every round's result follows
(:func:`app.core.results.final_ranking`): items by points, equal points a tie that a
runoff may settle, items with no points last and never tied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.core.types import Dot, Participant, Rank, VoteRound
from app.core.voting import NOT_IN_ROUND, SELF_VOTE_REFUSAL, department_breakdown


@dataclass(frozen=True, slots=True)
class RankBallot:
    """One voter's ranking in one rank round, and the round's rules for it."""

    rank_size: int
    items: tuple[str, ...]
    """The items this round is about, in the order shown."""
    positions: Mapping[str, int] = field(default_factory=dict)
    """Item id → its place (1 is best)."""
    own: frozenset[str] = frozenset()
    """Items that are the voter's own ideas in a round without self-votes."""

    def position_of(self, item_id: str) -> int | None:
        """The place ``item_id`` holds, if it is ranked."""
        return self.positions.get(item_id)

    def at(self, position: int) -> str | None:
        """The item at ``position``, if any."""
        return next((item for item, p in self.positions.items() if p == position), None)

    @property
    def left(self) -> int:
        """Places still free."""
        return self.rank_size - len(self.positions)

    def free_positions(self) -> list[int]:
        """The places still free, best first."""
        taken = set(self.positions.values())
        return [p for p in range(1, self.rank_size + 1) if p not in taken]

    def _outside(self, position: int) -> str | None:
        if 1 <= position <= self.rank_size:
            return None
        return f"Your ranking has places 1 to {self.rank_size}."

    def place_refusal(self, item_id: str, position: int) -> str | None:
        """Why ``item_id`` can't go to ``position`` now, in words; ``None`` if it can."""
        if item_id not in self.items:
            return NOT_IN_ROUND
        if item_id in self.own:
            return SELF_VOTE_REFUSAL
        held = self.position_of(item_id)
        if held is not None:
            return f"That item is already at place {held}: move it instead."
        outside = self._outside(position)
        if outside is not None:
            return outside
        if self.at(position) is not None:
            if not self.free_positions():
                return f"All {self.rank_size} places are taken. Take an item out first."
            return f"Place {position} is taken. Take its item out or move it first."
        return None

    def place(self, item_id: str, position: int) -> RankBallot:
        """The ballot with ``item_id`` at ``position`` (ValueError when refused)."""
        reason = self.place_refusal(item_id, position)
        if reason is not None:
            raise ValueError(reason)
        return replace(self, positions={**self.positions, item_id: position})

    def move_refusal(self, item_id: str, position: int) -> str | None:
        """Why ranked ``item_id`` can't move to ``position``, in words; ``None`` if it can."""
        if self.position_of(item_id) is None:
            return "That item is not in your ranking yet."
        return self._outside(position)

    def move(self, item_id: str, position: int) -> RankBallot:
        """The ballot with ``item_id`` moved to ``position``; an item there swaps places.

        ValueError when refused.
        """
        reason = self.move_refusal(item_id, position)
        if reason is not None:
            raise ValueError(reason)
        positions = dict(self.positions)
        other = self.at(position)
        if other is not None:
            positions[other] = positions[item_id]
        positions[item_id] = position
        return replace(self, positions=positions)

    def _making_room(self, position: int) -> tuple[RankBallot, str | None]:
        """The ballot with ``position`` emptied for a newcomer, and the item it held."""
        held = self.at(position) if self._outside(position) is None else None
        return (self if held is None else self.take_out(held)), held

    def put_refusal(self, item_id: str, position: int) -> str | None:
        """Why :meth:`put` can't take ``item_id`` to ``position``; ``None`` if it can."""
        if self.position_of(item_id) is not None:
            return self.move_refusal(item_id, position)
        return self._making_room(position)[0].place_refusal(item_id, position)

    def put(self, item_id: str, position: int) -> tuple[RankBallot, str | None]:
        """``item_id`` to ``position`` as a voter means it, on the laptop or a phone.

        A ranked item moves there (an item there swaps places); an unranked one takes
        the place, and the item that held it leaves the ranking. Returns the ballot and
        the item sent out, if any. ValueError when refused (:meth:`put_refusal`).
        """
        reason = self.put_refusal(item_id, position)
        if reason is not None:
            raise ValueError(reason)
        if self.position_of(item_id) is not None:
            return self.move(item_id, position), None
        room, held = self._making_room(position)
        return room.place(item_id, position), held

    def take_out(self, item_id: str) -> RankBallot:
        """The ballot without ``item_id`` (unchanged if it was not ranked)."""
        if item_id not in self.positions:
            return self
        return replace(
            self, positions={item: p for item, p in self.positions.items() if item != item_id}
        )

    def ranks(self, voter_id: str) -> tuple[Rank, ...]:
        """The ballot as stored ranks, best place first (items of the round only)."""
        return tuple(
            Rank(voter_id, item, position)
            for item, position in sorted(self.positions.items(), key=lambda pair: pair[1])
            if item in self.items
        )


def rank_ballot_for(
    vote_round: VoteRound, voter_id: str, items: Sequence[str], own: Iterable[str] = ()
) -> RankBallot:
    """The ranking of ``voter_id`` as stored in the round.

    ``own`` is what :func:`app.core.voting.own_items` gives for the voter. A rank of an
    item no longer in the round (a note deleted, its rank kept by an older copy) holds
    no place: the place is free, and the others keep theirs.
    """
    shown = set(items)
    positions = {
        r.item_id: r.position
        for r in vote_round.ranks
        if r.voter_id == voter_id and r.item_id in shown
    }
    return RankBallot(vote_round.rank_size or 0, tuple(items), positions, frozenset(own))


def points(position: int, rank_size: int) -> int:
    """The points of an item at ``position``: ``rank_size + 1 - position`` (never below 0)."""
    return max(0, rank_size + 1 - position)


def rank_points(ranks: Iterable[Rank], rank_size: int, items: Sequence[str]) -> dict[str, int]:
    """Points per item, every item listed (0 too), in the items' order."""
    totals = dict.fromkeys(items, 0)
    for rank in ranks:
        if rank.item_id in totals:
            totals[rank.item_id] += points(rank.position, rank_size)
    return totals


def rank_department_breakdown(
    vote_round: VoteRound, people: Mapping[str, Participant], items: Sequence[str]
) -> dict[str, dict[str, int]] | None:
    """Each department's points per item (as :func:`~app.core.voting.department_breakdown`).

    ``None`` when the round is anonymous: nobody is shown who ranked what.
    """
    if vote_round.anonymous:
        return None
    size = vote_round.rank_size or 0
    as_dots = [Dot(r.voter_id, r.item_id, points(r.position, size)) for r in vote_round.ranks]
    return department_breakdown(as_dots, people, items)
