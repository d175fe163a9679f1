"""Vote rounds in storage: rounds, ballots placed dot by dot, who has finished."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import delete

from app.core.types import Dot, Via, VoteRound, utc_now
from app.storage.errors import StaleBoard
from app.storage.models import BallotRow, DotRow, RoundItemRow, RoundVoterRow, VoteRoundRow
from app.storage.store import StoreBase, next_dot_position, next_position


class VotingStore:
    """Every dot and every finished ballot is committed the moment it happens."""

    def __init__(self, store: StoreBase) -> None:
        self._store = store

    def add_vote_round(self, session_id: str, vote_round: VoteRound) -> None:
        """Store a new round after the session's others."""
        with self._store.writing() as orm:
            position = next_position(orm, VoteRoundRow, session_id)
            orm.add(round_row(vote_round, session_id, position))

    def update_vote_round(self, session_id: str, vote_round: VoteRound) -> None:
        """Store a round's settings and status (open, closed, reopened); not its dots."""
        with self._store.writing() as orm:
            row = orm.get(VoteRoundRow, vote_round.id)
            if row is None or row.session_id != session_id:
                raise StaleBoard("That vote round is no longer in the database.")
            _copy_round(vote_round, row)

    def delete_vote_round(self, session_id: str, round_id: str) -> None:
        """Remove a round with its dots and ballots (undoing its creation)."""
        with self._store.writing() as orm:
            row = orm.get(VoteRoundRow, round_id)
            if row is None or row.session_id != session_id:
                raise StaleBoard("That vote round is no longer in the database.")
            orm.delete(row)

    def restore_ballot(
        self,
        round_id: str,
        voter_id: str,
        dots: Sequence[Dot],
        finished: bool,
        via: Via = Via.LAPTOP,
    ) -> None:
        """Put a voter's dots, and their Done, back as they were (undoing a vote-again).

        ``via`` is where that Done was pressed, kept as it was.
        """
        with self._store.writing() as orm:
            orm.execute(
                delete(DotRow).where(DotRow.round_id == round_id, DotRow.voter_id == voter_id)
            )
            orm.execute(
                delete(BallotRow).where(
                    BallotRow.round_id == round_id, BallotRow.voter_id == voter_id
                )
            )
            start = next_dot_position(orm, round_id)
            orm.add_all(
                DotRow(
                    round_id=round_id,
                    voter_id=voter_id,
                    item_id=dot.item_id,
                    count=dot.count,
                    position=start + offset,
                )
                for offset, dot in enumerate(dots)
            )
            if finished:
                orm.add(
                    BallotRow(round_id=round_id, voter_id=voter_id, finished_at=utc_now(), via=via)
                )

    def save_ballot(self, round_id: str, voter_id: str, dots: Sequence[Dot]) -> None:
        """Replace one voter's dots in a round (called for every dot placed or taken)."""
        with self._store.writing() as orm:
            orm.execute(
                delete(DotRow).where(DotRow.round_id == round_id, DotRow.voter_id == voter_id)
            )
            start = next_dot_position(orm, round_id)
            orm.add_all(
                DotRow(
                    round_id=round_id,
                    voter_id=voter_id,
                    item_id=dot.item_id,
                    count=dot.count,
                    position=start + offset,
                )
                for offset, dot in enumerate(dots)
            )

    def set_ballot_finished(
        self, round_id: str, voter_id: str, finished: bool, via: Via = Via.LAPTOP
    ) -> None:
        """Mark a voter's ballot as done (or, for a redo, as not done and empty).

        ``via`` is where the voter pressed Done: at the laptop, or on a phone.
        """
        with self._store.writing() as orm:
            orm.execute(
                delete(BallotRow).where(
                    BallotRow.round_id == round_id, BallotRow.voter_id == voter_id
                )
            )
            if finished:
                orm.add(
                    BallotRow(round_id=round_id, voter_id=voter_id, finished_at=utc_now(), via=via)
                )
            else:
                orm.execute(
                    delete(DotRow).where(DotRow.round_id == round_id, DotRow.voter_id == voter_id)
                )


def round_from_row(v: VoteRoundRow) -> VoteRound:
    """A stored round as a core type."""
    return VoteRound(
        id=v.id,
        title=v.title,
        target=v.target,
        dots_per_voter=v.dots_per_voter,
        max_dots_per_item=v.max_dots_per_item,
        anonymous=v.anonymous,
        blind=v.blind,
        status=v.status,
        opened_at=v.opened_at,
        closed_at=v.closed_at,
        dots=tuple(Dot(d.voter_id, d.item_id, d.count) for d in v.dots),
        voter_ids=tuple(voter.participant_id for voter in v.voters),
        item_ids=tuple(item.item_id for item in v.items),
        finished_voter_ids=tuple(ballot.voter_id for ballot in v.ballots),
        phone_voter_ids=tuple(ballot.voter_id for ballot in v.ballots if ballot.via is Via.PHONE),
        runoff_of=v.runoff_of,
    )


def round_row(
    vote_round: VoteRound, session_id: str, position: int, *, bulk: bool = False
) -> VoteRoundRow:
    """A new row for a round, with its voters and finished ballots.

    Its dots and items too, unless the caller inserts those in bulk (``bulk``, with
    :func:`round_child_values`): a big session's round lists every note.
    """
    row = VoteRoundRow(id=vote_round.id, session_id=session_id, position=position)
    _copy_round(vote_round, row)
    if not bulk:
        row.dots = [
            DotRow(voter_id=d.voter_id, item_id=d.item_id, position=j, count=d.count)
            for j, d in enumerate(vote_round.dots)
        ]
        row.items = [
            RoundItemRow(item_id=item, position=j) for j, item in enumerate(vote_round.item_ids)
        ]
    row.voters = [
        RoundVoterRow(participant_id=voter, position=j)
        for j, voter in enumerate(vote_round.voter_ids)
    ]
    now = utc_now()
    phones = set(vote_round.phone_voter_ids)
    # Finished in this order: a microsecond apart keeps the order when read back.
    row.ballots = [
        BallotRow(
            voter_id=voter,
            finished_at=now + timedelta(microseconds=j),
            via=Via.PHONE if voter in phones else Via.LAPTOP,
        )
        for j, voter in enumerate(vote_round.finished_voter_ids)
    ]
    return row


def round_child_values(
    rounds: tuple[VoteRound, ...],
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The dots and the items of ``rounds``, as rows for one bulk insert each."""
    dots: list[dict[str, object]] = [
        {
            "round_id": v.id,
            "voter_id": d.voter_id,
            "item_id": d.item_id,
            "position": j,
            "count": d.count,
        }
        for v in rounds
        for j, d in enumerate(v.dots)
    ]
    items: list[dict[str, object]] = [
        {"round_id": v.id, "item_id": item, "position": j}
        for v in rounds
        for j, item in enumerate(v.item_ids)
    ]
    return dots, items


def _copy_round(vote_round: VoteRound, row: VoteRoundRow) -> None:
    row.title = vote_round.title
    row.target = vote_round.target
    row.dots_per_voter = vote_round.dots_per_voter
    row.max_dots_per_item = vote_round.max_dots_per_item
    row.anonymous = vote_round.anonymous
    row.blind = vote_round.blind
    row.status = vote_round.status
    row.opened_at = vote_round.opened_at
    row.closed_at = vote_round.closed_at
    row.runoff_of = vote_round.runoff_of
