"""The voting part of the session document: rounds, their dots and finished ballots."""

from __future__ import annotations

from dataclasses import replace

from app.core import limits
from app.core.types import Dot, Participant, RoundStatus, VoteRound, VoteTarget
from app.core.voting import board_round, round_items, tally
from app.ui.document.base import DocumentBase


class VotingState(DocumentBase):
    """Vote rounds as stored; every dot is committed as it is placed."""

    @property
    def vote_rounds(self) -> tuple[VoteRound, ...]:
        """The session's vote rounds, oldest first."""
        return self._meta.vote_rounds

    def vote_round(self, round_id: str) -> VoteRound:
        """One round by id."""
        return next(r for r in self._meta.vote_rounds if r.id == round_id)

    def has_round(self, round_id: str) -> bool:
        """Whether the round is (still) there."""
        return any(r.id == round_id for r in self._meta.vote_rounds)

    def open_round(self) -> VoteRound | None:
        """The round that takes dots now (the newest open one)."""
        return next(
            (r for r in reversed(self._meta.vote_rounds) if r.status is RoundStatus.OPEN), None
        )

    def round_items(self, vote_round: VoteRound) -> list[str]:
        """What a round is about, in board order.

        That is its own list (a runoff), else every revealed note or every cluster.
        """
        return round_items(vote_round, self._notes.values(), self._clusters.values())

    def item_label(self, vote_round: VoteRound, item_id: str) -> str:
        """The words shown for an item of a round."""
        if vote_round.target is VoteTarget.CLUSTERS:
            cluster = self._clusters.get(item_id)
            return (cluster.title or "Untitled cluster") if cluster else "(removed cluster)"
        note = self._notes.get(item_id)
        return note.text if note else "(removed note)"

    def round_voters(self, vote_round: VoteRound) -> list[Participant]:
        """Who may vote in a round, in the session's order."""
        if not vote_round.voter_ids:
            return list(self._meta.participants)
        allowed = set(vote_round.voter_ids)
        return [p for p in self._meta.participants if p.id in allowed]

    def board_dot_totals(self) -> dict[str, int]:
        """The dots each note shows on the board (see :func:`app.core.voting.board_round`)."""
        shown = board_round(self._meta.vote_rounds)
        return tally(shown.dots, self.round_items(shown)) if shown is not None else {}

    # ------------------------------------------------------------------ changing

    def add_round(self, vote_round: VoteRound) -> None:
        """Store a new round (or, on redo, one with the dots and ballots it had)."""
        limits.check_room("vote rounds", len(self._meta.vote_rounds))
        self._repository.voting.add_vote_round(self.session_id, vote_round)
        self._set_rounds((*self._meta.vote_rounds, vote_round))

    def update_round(self, vote_round: VoteRound) -> None:
        """Store a round's new status or settings (its dots stay as they are)."""
        self._repository.voting.update_vote_round(self.session_id, vote_round)
        self._put_round(vote_round)

    def remove_round(self, round_id: str) -> VoteRound:
        """Delete a round with its dots and ballots; return it whole, for redo."""
        removed = self.vote_round(round_id)
        self._repository.voting.delete_vote_round(self.session_id, round_id)
        self._set_rounds(tuple(r for r in self._meta.vote_rounds if r.id != round_id))
        return removed

    def save_ballot(self, round_id: str, voter_id: str, dots: tuple[Dot, ...]) -> None:
        """Store one voter's dots as they are now (on every dot placed or taken)."""
        self._repository.voting.save_ballot(round_id, voter_id, dots)
        old = self.vote_round(round_id)
        others = tuple(d for d in old.dots if d.voter_id != voter_id)
        self._put_round(replace(old, dots=others + dots))

    def finish_ballot(self, round_id: str, voter_id: str) -> None:
        """The voter pressed Done."""
        self._repository.voting.set_ballot_finished(round_id, voter_id, True)
        old = self.vote_round(round_id)
        finished = (*(v for v in old.finished_voter_ids if v != voter_id), voter_id)
        self._put_round(replace(old, finished_voter_ids=finished))

    def redo_ballot(self, round_id: str, voter_id: str) -> None:
        """Let a voter vote again: their dots and their Done are gone."""
        self._repository.voting.set_ballot_finished(round_id, voter_id, False)
        old = self.vote_round(round_id)
        self._put_round(
            replace(
                old,
                dots=tuple(d for d in old.dots if d.voter_id != voter_id),
                finished_voter_ids=tuple(v for v in old.finished_voter_ids if v != voter_id),
            )
        )

    def restore_ballot(
        self, round_id: str, voter_id: str, dots: tuple[Dot, ...], finished: bool
    ) -> None:
        """Give a voter back the dots and the Done they had (undoing a vote-again)."""
        self._repository.voting.restore_ballot(round_id, voter_id, dots, finished)
        old = self.vote_round(round_id)
        voters = tuple(v for v in old.finished_voter_ids if v != voter_id)
        self._put_round(
            replace(
                old,
                dots=tuple(d for d in old.dots if d.voter_id != voter_id) + dots,
                finished_voter_ids=(*voters, voter_id) if finished else voters,
            )
        )

    def _put_round(self, vote_round: VoteRound) -> None:
        self._set_rounds(
            tuple(vote_round if r.id == vote_round.id else r for r in self._meta.vote_rounds)
        )
