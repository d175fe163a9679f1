"""Undo steps for vote rounds: opening one (or a runoff), closing, reopening, vote again.

A voter's own dots are not here: while a ballot is open they stay off the shared undo
stack (see :mod:`app.ui.voting.ballot`), so that the next person cannot take them back.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.types import Dot, Rank, Rating, RoundStatus, Via, VoteRound, utc_now
from app.ui.document import SessionDocument
from app.ui.storage_step import StorageStep


class OpenRoundCommand(StorageStep):
    """Open a new round; undo removes it, and redo brings it back with its dots."""

    def __init__(self, document: SessionDocument, vote_round: VoteRound) -> None:
        kind = "runoff" if vote_round.runoff_of else "vote round"
        super().__init__(f"Start {kind} “{vote_round.title}”", document.trail)
        self._document = document
        self._round = vote_round

    def apply(self) -> None:
        """Store the round as it was last seen (with any dots and ballots it had)."""
        self._document.voting.add_round(self._round)

    def revert(self) -> None:
        """Remove the round; what it held is kept here for redo."""
        self._round = self._document.voting.remove_round(self._round.id)


class _RoundStatusCommand(StorageStep):
    """Closes or reopens a round; its dots, placed meanwhile, are never touched."""

    def __init__(self, text: str, document: SessionDocument, round_id: str) -> None:
        super().__init__(text, document.trail)
        self._document = document
        self._round_id = round_id

    def _set(self, status: RoundStatus) -> None:
        current = self._document.voting.vote_round(self._round_id)
        closed_at = utc_now() if status is RoundStatus.CLOSED else None
        self._document.voting.update_round(replace(current, status=status, closed_at=closed_at))


class CloseRoundCommand(_RoundStatusCommand):
    """Close a round: the results show, and nobody can add a dot."""

    def __init__(self, document: SessionDocument, vote_round: VoteRound) -> None:
        super().__init__(f"Close “{vote_round.title}”", document, vote_round.id)

    def apply(self) -> None:
        """Close it."""
        self._set(RoundStatus.CLOSED)

    def revert(self) -> None:
        """Open it again."""
        self._set(RoundStatus.OPEN)


class ReopenRoundCommand(_RoundStatusCommand):
    """Reopen a closed round; every dot and ballot is still there."""

    def __init__(self, document: SessionDocument, vote_round: VoteRound) -> None:
        super().__init__(f"Reopen “{vote_round.title}”", document, vote_round.id)

    def apply(self) -> None:
        """Open it."""
        self._set(RoundStatus.OPEN)

    def revert(self) -> None:
        """Close it again."""
        self._set(RoundStatus.CLOSED)


class VoteAgainCommand(StorageStep):
    """Clear a voter's ballot (dots, ratings or ranks) to vote again; undo gives it back."""

    def __init__(
        self, document: SessionDocument, vote_round: VoteRound, voter_id: str, name: str
    ) -> None:
        super().__init__(f"Let {name} vote again", document.trail)
        self._document = document
        self._round_id = vote_round.id
        self._voter_id = voter_id
        self._dots: tuple[Dot, ...] = ()
        self._ratings: tuple[Rating, ...] = ()
        self._ranks: tuple[Rank, ...] = ()
        self._finished = False
        self._via = Via.LAPTOP

    def apply(self) -> None:
        """Keep what the voter had (and where they pressed Done), then clear it."""
        current = self._document.voting.vote_round(self._round_id)
        self._dots = tuple(d for d in current.dots if d.voter_id == self._voter_id)
        self._ratings = tuple(r for r in current.ratings if r.voter_id == self._voter_id)
        self._ranks = tuple(r for r in current.ranks if r.voter_id == self._voter_id)
        self._finished = self._voter_id in current.finished_voter_ids
        self._via = Via.PHONE if self._voter_id in current.phone_voter_ids else Via.LAPTOP
        self._document.voting.redo_ballot(self._round_id, self._voter_id)

    def revert(self) -> None:
        """Give the voter back their ballot and their Done, from where it was pressed."""
        self._document.voting.restore_ballot(
            self._round_id,
            self._voter_id,
            self._dots,
            self._finished,
            self._via,
            ratings=self._ratings,
            ranks=self._ranks,
        )
