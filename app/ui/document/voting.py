"""The voting part of the session document: rounds, their ballots (dots, ratings, ranks)."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import replace
from typing import TYPE_CHECKING

from app.core import limits
from app.core.types import (
    Dot,
    Participant,
    Rank,
    Rating,
    RoundStatus,
    Via,
    VoteRound,
    VoteTarget,
)
from app.core.voting import board_round, round_items, tally

if TYPE_CHECKING:
    from app.storage.repository import SessionRepository
    from app.ui.document.base import Document


class VotingPart:
    """Vote rounds as stored; every dot is committed as it is placed.

    It owns the session's rounds, oldest first; what a round is about comes from the
    ``board`` part, who may vote from the document's people.
    """

    def __init__(self, document: Document, repository: SessionRepository) -> None:
        self._document = document
        self._repository = repository
        self._rounds: tuple[VoteRound, ...] = ()

    def load(self, rounds: tuple[VoteRound, ...]) -> None:
        """Take the rounds of a session just read."""
        self._rounds = rounds

    @property
    def vote_rounds(self) -> tuple[VoteRound, ...]:
        """The session's vote rounds, oldest first."""
        return self._rounds

    def vote_round(self, round_id: str) -> VoteRound:
        """One round by id."""
        return next(r for r in self._rounds if r.id == round_id)

    def has_round(self, round_id: str) -> bool:
        """Whether the round is (still) there."""
        return any(r.id == round_id for r in self._rounds)

    def open_round(self) -> VoteRound | None:
        """The round that takes dots now (the newest open one)."""
        return next((r for r in reversed(self._rounds) if r.status is RoundStatus.OPEN), None)

    def round_items(self, vote_round: VoteRound) -> list[str]:
        """What a round is about, in board order.

        That is its own list (a runoff), else every revealed note or every cluster.
        """
        board = self._document.board
        return round_items(vote_round, board.notes.values(), board.clusters.values())

    def item_label(self, vote_round: VoteRound, item_id: str) -> str:
        """The words shown for an item of a round."""
        if vote_round.target is VoteTarget.CLUSTERS:
            cluster = self._document.board.clusters.get(item_id)
            return (cluster.title or "Untitled cluster") if cluster else "(removed cluster)"
        note = self._document.board.notes.get(item_id)
        return note.text if note else "(removed note)"

    def round_voters(self, vote_round: VoteRound) -> list[Participant]:
        """Who may vote in a round, in the session's order."""
        people = self._document.people.values()
        if not vote_round.voter_ids:
            return list(people)
        allowed = set(vote_round.voter_ids)
        return [p for p in people if p.id in allowed]

    def board_dot_totals(self) -> dict[str, int]:
        """The dots each note shows on the board (see :func:`app.core.voting.board_round`)."""
        shown = board_round(self._rounds)
        return tally(shown.dots, self.round_items(shown)) if shown is not None else {}

    # ------------------------------------------------------------------ changing

    def add_round(self, vote_round: VoteRound) -> None:
        """Store a new round (or, on redo, one with the dots and ballots it had)."""
        limits.check_room("vote rounds", len(self._rounds))
        self._repository.voting.add_vote_round(self._document.session_id, vote_round)
        self._set((*self._rounds, vote_round))

    def update_round(self, vote_round: VoteRound) -> None:
        """Store a round's new status or settings (its ballots stay as they are).

        A criterion taken off a rating round takes its ratings with it, as in the database.
        """
        self._repository.voting.update_vote_round(self._document.session_id, vote_round)
        kept = {criterion.id for criterion in vote_round.criteria}
        self._put_round(
            replace(
                vote_round,
                ratings=tuple(r for r in vote_round.ratings if r.criterion_id in kept),
            )
        )

    def remove_round(self, round_id: str) -> VoteRound:
        """Delete a round with its dots and ballots; return it whole, for redo."""
        removed = self.vote_round(round_id)
        self._repository.voting.delete_vote_round(self._document.session_id, round_id)
        self._set(tuple(r for r in self._rounds if r.id != round_id))
        return removed

    def save_ballot(self, round_id: str, voter_id: str, dots: tuple[Dot, ...]) -> None:
        """Store one voter's dots as they are now (on every dot placed or taken)."""
        self._repository.voting.save_ballot(round_id, voter_id, dots)
        old = self.vote_round(round_id)
        others = tuple(d for d in old.dots if d.voter_id != voter_id)
        self._put_round(replace(old, dots=others + dots))

    def save_ratings(self, round_id: str, voter_id: str, ratings: tuple[Rating, ...]) -> None:
        """Store one voter's ratings as they are now (on every value set or cleared)."""
        self._repository.voting.save_ratings(round_id, voter_id, ratings)
        old = self.vote_round(round_id)
        others = tuple(r for r in old.ratings if r.voter_id != voter_id)
        theirs = tuple(replace(r, voter_id=voter_id) for r in ratings)
        self._put_round(replace(old, ratings=others + theirs))

    def save_ranks(self, round_id: str, voter_id: str, ranks: tuple[Rank, ...]) -> None:
        """Store one voter's ranks as they are now (on every item placed or taken)."""
        self._repository.voting.save_ranks(round_id, voter_id, ranks)
        old = self.vote_round(round_id)
        others = tuple(r for r in old.ranks if r.voter_id != voter_id)
        theirs = tuple(replace(r, voter_id=voter_id) for r in ranks)
        self._put_round(replace(old, ranks=others + theirs))

    def finish_ballot(self, round_id: str, voter_id: str, via: Via = Via.LAPTOP) -> None:
        """The voter pressed Done, at the laptop or on a phone (``via``)."""
        self._repository.voting.set_ballot_finished(round_id, voter_id, True, via)
        self._put_round(_finished(self.vote_round(round_id), voter_id, via))

    def redo_ballot(self, round_id: str, voter_id: str) -> None:
        """Let a voter vote again: their dots, ratings, ranks and their Done are gone."""
        self._repository.voting.set_ballot_finished(round_id, voter_id, False)
        old = self.vote_round(round_id)
        self._put_round(
            replace(
                _not_finished(old, voter_id),
                dots=tuple(d for d in old.dots if d.voter_id != voter_id),
                ratings=tuple(r for r in old.ratings if r.voter_id != voter_id),
                ranks=tuple(r for r in old.ranks if r.voter_id != voter_id),
            )
        )

    def restore_ballot(
        self,
        round_id: str,
        voter_id: str,
        dots: tuple[Dot, ...],
        finished: bool,
        via: Via = Via.LAPTOP,
        *,
        ratings: tuple[Rating, ...] = (),
        ranks: tuple[Rank, ...] = (),
    ) -> None:
        """Give a voter back the dots, ratings, ranks and Done they had (undoing a vote-again).

        ``via`` is where that Done was pressed (a phone's ballot stays a phone's).
        """
        self._repository.voting.restore_ballot(
            round_id, voter_id, dots, finished, via, ratings=ratings, ranks=ranks
        )
        old = self.vote_round(round_id)
        back = _finished(old, voter_id, via) if finished else _not_finished(old, voter_id)
        self._put_round(
            replace(
                back,
                dots=tuple(d for d in old.dots if d.voter_id != voter_id) + dots,
                ratings=tuple(r for r in old.ratings if r.voter_id != voter_id) + ratings,
                ranks=tuple(r for r in old.ranks if r.voter_id != voter_id) + ranks,
            )
        )

    def _put_round(self, vote_round: VoteRound) -> None:
        self._set(tuple(vote_round if r.id == vote_round.id else r for r in self._rounds))

    # The board asks for these when deleting notes takes their dots, ratings and ranks,
    # and undo gives them back.

    def take_votes(self, item_ids: Set[str]) -> None:
        """Forget the dots, ratings and ranks on these items (the database let go of them)."""
        self._set(
            tuple(
                replace(
                    r,
                    dots=tuple(d for d in r.dots if d.item_id not in item_ids),
                    ratings=tuple(x for x in r.ratings if x.item_id not in item_ids),
                    ranks=tuple(x for x in r.ranks if x.item_id not in item_ids),
                )
                for r in self._rounds
            )
        )

    def put_votes_back(
        self,
        dots: Iterable[tuple[str, Dot]],
        ratings: Iterable[tuple[str, Rating]] = (),
        ranks: Iterable[tuple[str, Rank]] = (),
    ) -> None:
        """Show dots, ratings and ranks the database holds again, each after its round's others.

        Each comes with its round's id.
        """
        dots, ratings, ranks = tuple(dots), tuple(ratings), tuple(ranks)
        rounds = []
        for r in self._rounds:
            rounds.append(
                replace(
                    r,
                    dots=r.dots + tuple(dot for round_id, dot in dots if round_id == r.id),
                    ratings=r.ratings + tuple(x for round_id, x in ratings if round_id == r.id),
                    ranks=r.ranks + tuple(x for round_id, x in ranks if round_id == r.id),
                )
            )
        self._set(tuple(rounds))

    def _set(self, rounds: tuple[VoteRound, ...]) -> None:
        self._rounds = rounds
        self._document.rounds_changed.emit()


def _finished(vote_round: VoteRound, voter_id: str, via: Via) -> VoteRound:
    """``vote_round`` with ``voter_id`` finished last, from a phone or not, as stored."""
    left = _not_finished(vote_round, voter_id)
    phones = (*left.phone_voter_ids, voter_id) if via is Via.PHONE else left.phone_voter_ids
    return replace(
        left, finished_voter_ids=(*left.finished_voter_ids, voter_id), phone_voter_ids=phones
    )


def _not_finished(vote_round: VoteRound, voter_id: str) -> VoteRound:
    """``vote_round`` with ``voter_id`` among neither its finished nor its phone voters."""
    return replace(
        vote_round,
        finished_voter_ids=tuple(v for v in vote_round.finished_voter_ids if v != voter_id),
        phone_voter_ids=tuple(v for v in vote_round.phone_voter_ids if v != voter_id),
    )
