"""What a vote decided: one rule for a session's result, used everywhere it shows.

A session's result is its *deciding round*, the newest closed dot or rank round that
is not a runoff, ranked by its own dots (a rank round by its points, :func:`round_totals`),
with each tie that a runoff settled ordered by that runoff (and a runoff's own tie by
its runoff, and so on). A tie no runoff settled stays a tie. Items with no dots are
"no dots", never tied. A rating round never decides: its items have no dots, and it
has results of its own (:func:`app.core.rating.rating_results`), shown per round.

Dots are only ever a dot round's: the dots a note holds (the board's, the backlog's,
the minutes' "All ideas") are those of the newest closed dot round of notes
(:func:`note_dots`, the same rule as the backlog's query in storage); a rank round's
points are shown as points, in its own result and in the final ranking. The impact and
effort candidates and the minutes' "Final ranking" come from the deciding round, so
they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.core.ranking import rank_points
from app.core.types import Cluster, Note, RoundKind, RoundStatus, Session, VoteRound, VoteTarget
from app.core.voting import Ranked, rank, round_items, tally


def is_runoff(vote_round: VoteRound) -> bool:
    """Whether the round settles another round's tie."""
    return vote_round.runoff_of is not None


DECIDING_KINDS = frozenset({RoundKind.DOTS, RoundKind.RANK})
"""The kinds of round that rank items by a count (dots or points): they can decide."""


def deciding_round(
    rounds: Sequence[VoteRound],
    target: VoteTarget | None = None,
    kinds: frozenset[RoundKind] = DECIDING_KINDS,
) -> VoteRound | None:
    """The newest closed dot or rank round that is not a runoff (of ``target``, if given).

    A rating round is never the deciding round (its items hold no dots); ``kinds``
    narrows the choice further (``{RoundKind.DOTS}``: the round whose dots count).
    """
    return next(
        (
            vote_round
            for vote_round in reversed(rounds)
            if vote_round.status is RoundStatus.CLOSED
            and not is_runoff(vote_round)
            and vote_round.kind in kinds
            and (target is None or vote_round.target is target)
        ),
        None,
    )


def root_round(rounds: Sequence[VoteRound], vote_round: VoteRound) -> VoteRound:
    """The round a runoff (or a runoff of a runoff) was held for; a main round itself."""
    by_id = {r.id: r for r in rounds}
    seen = {vote_round.id}
    while vote_round.runoff_of is not None and vote_round.runoff_of in by_id:
        vote_round = by_id[vote_round.runoff_of]
        if vote_round.id in seen:  # a loop: the file format forbids it; stop anyway
            break
        seen.add(vote_round.id)
    return vote_round


def settling_runoff(
    rounds: Sequence[VoteRound], vote_round: VoteRound, tied: Iterable[str]
) -> VoteRound | None:
    """The newest closed runoff of ``vote_round`` held between exactly the ``tied`` items."""
    wanted = set(tied)
    return next(
        (
            other
            for other in reversed(rounds)
            if other.runoff_of == vote_round.id
            and other.status is RoundStatus.CLOSED
            and set(other.item_ids) == wanted
        ),
        None,
    )


def round_totals(vote_round: VoteRound, items: Sequence[str]) -> dict[str, int]:
    """What a round's items are ranked by, every item listed: dots, or a rank round's points.

    In a rank round each voter gives ``rank_size`` points to their first item down to
    1 for their last (:func:`app.core.ranking.rank_points`).
    """
    if vote_round.kind is RoundKind.RANK:
        return rank_points(vote_round.ranks, vote_round.rank_size or 0, items)
    return tally(vote_round.dots, items)


def final_ranking(
    vote_round: VoteRound, rounds: Sequence[VoteRound], items: Sequence[str]
) -> list[Ranked]:
    """``vote_round``'s items ranked by its dots, ties ordered by the runoffs that settled them.

    A rank round's items are ranked the same way by their points (:func:`round_totals`),
    and its ties settled by runoffs the same way. Every item keeps the dots (or points)
    it had in ``vote_round``; a settled item carries the runoff's id and its dots (or
    points) there. Places are 1, 2, 3... with equal places only for
    a tie still unsettled (and for the items with no dots, which are not a tie).
    """
    return _ranked(vote_round, rounds, items, depth=0)


def _ranked(
    vote_round: VoteRound, rounds: Sequence[VoteRound], items: Sequence[str], depth: int
) -> list[Ranked]:
    own = rank(round_totals(vote_round, items))
    placed: list[Ranked] = []
    index = 0
    while index < len(own):
        group = [entry for entry in own[index:] if entry.rank == own[index].rank]
        index += len(group)
        runoff = (
            settling_runoff(rounds, vote_round, [entry.item_id for entry in group])
            if group[0].tied and depth < len(rounds)
            else None
        )
        if runoff is None:
            placed.extend(group)
            continue
        counts = {entry.item_id: entry.count for entry in group}
        inner = _ranked(runoff, rounds, [entry.item_id for entry in group], depth + 1)
        start = group[0].rank
        for entry in inner:
            # Still sharing a place after the runoff (even at no dots there): still a tie.
            still_tied = sum(1 for other in inner if other.rank == entry.rank) > 1
            placed.append(
                Ranked(
                    entry.item_id,
                    counts[entry.item_id],
                    start + entry.rank - 1,
                    still_tied,
                    settled_by=entry.settled_by or (None if still_tied else runoff.id),
                    runoff_count=entry.runoff_count if entry.settled_by else entry.count,
                )
            )
    return placed


def session_items(session: Session, vote_round: VoteRound) -> list[str]:
    """The items of a round of ``session``."""
    return round_items(vote_round, session.notes, session.clusters)


def session_result(session: Session) -> tuple[VoteRound, list[Ranked]] | None:
    """The deciding round of ``session`` and its final ranking, or ``None`` before a vote."""
    deciding = deciding_round(session.vote_rounds)
    if deciding is None:
        return None
    return deciding, final_ranking(deciding, session.vote_rounds, session_items(session, deciding))


def note_dots(
    rounds: Sequence[VoteRound], notes: Iterable[Note], clusters: Iterable[Cluster] = ()
) -> dict[str, int]:
    """The dots each note holds: those of the newest closed dot round of notes.

    Not a runoff's, nor a rank or rating round's (they give no dots); none before a dot
    round closed. Storage's backlog listing counts the same round's dots.
    """
    deciding = deciding_round(rounds, VoteTarget.NOTES, frozenset({RoundKind.DOTS}))
    if deciding is None:
        return {}
    return tally(deciding.dots, round_items(deciding, notes, clusters))
