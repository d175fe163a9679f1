"""A session with a round of every kind: dots, rating (notes and clusters) and rank."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.core.session_format import parse_session_file
from app.core.types import (
    Criterion,
    Rank,
    Rating,
    RoundKind,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
)
from tests.conftest import EXAMPLE_FILE

OPENED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)

RATING_ROUND_ID = "a1a1a1a1-0000-4000-8000-000000000001"
CLUSTER_ROUND_ID = "a1a1a1a1-0000-4000-8000-000000000002"
RANK_ROUND_ID = "a1a1a1a1-0000-4000-8000-000000000003"
IMPACT = "c0c0c0c0-0000-4000-8000-000000000001"
CONFIDENCE = "c0c0c0c0-0000-4000-8000-000000000002"
EFFORT = "c0c0c0c0-0000-4000-8000-000000000003"


def _round(round_id: str, title: str, kind: RoundKind, **fields: object) -> VoteRound:
    base = VoteRound(
        id=round_id,
        title=title,
        target=VoteTarget.NOTES,
        dots_per_voter=3,
        max_dots_per_item=3,
        anonymous=False,
        blind=False,
        status=RoundStatus.OPEN,
        opened_at=OPENED,
        kind=kind,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def with_every_kind_of_round(session: Session | None = None) -> Session:
    """The spec's example with a rating round on notes and one on clusters, and a rank round.

    Ballots are listed in no sorted order (a voter's second item before their first),
    values sit at both ends of a scale that goes below zero, and the bias controls are
    on: whatever reads them back must keep every bit.
    """
    session = session or parse_session_file(EXAMPLE_FILE.read_bytes())
    ana, ben, cho, dev = (p.id for p in session.participants)
    n1, n2, n3, n4 = (n.id for n in session.notes)
    c1, c2 = (c.id for c in session.clusters)
    criteria = (
        Criterion(IMPACT, "Impact", 1, 10),
        Criterion(CONFIDENCE, "Confidence", -5, 5),
        Criterion(EFFORT, "Effort", 0, 10, higher_is_better=False),
    )
    rating = _round(
        RATING_ROUND_ID,
        "Score the shortlist",
        RoundKind.RATING,
        criteria=criteria,
        ratings=(
            Rating(ben, n3, IMPACT, 10),
            Rating(ben, n1, CONFIDENCE, -5),
            Rating(ana, n2, EFFORT, 0),
            Rating(ana, n1, IMPACT, 1),
            Rating(ana, n1, CONFIDENCE, 5),
            Rating(cho, n4, EFFORT, 10),
        ),
        voter_ids=(ana, ben, cho),
        finished_voter_ids=(ben,),
        shuffle=True,
        no_self_votes=True,
        anonymous=True,
    )
    on_clusters = _round(
        CLUSTER_ROUND_ID,
        "Which theme",
        RoundKind.RATING,
        target=VoteTarget.CLUSTERS,
        criteria=(Criterion(IMPACT, "Useful", 1, 5), Criterion(EFFORT, "Easy", 1, 5)),
        ratings=(Rating(dev, c2, EFFORT, 3), Rating(dev, c1, IMPACT, 4)),
        status=RoundStatus.CLOSED,
        closed_at=OPENED.replace(minute=40),
    )
    rank = _round(
        RANK_ROUND_ID,
        "Top three",
        RoundKind.RANK,
        rank_size=3,
        ranks=(
            Rank(cho, n2, 2),
            Rank(cho, n4, 1),
            Rank(ana, n3, 3),
            Rank(ana, n1, 1),
            Rank(ana, n2, 2),
        ),
        item_ids=(n4, n3, n2, n1),
        finished_voter_ids=(cho, ana),
        no_self_votes=True,
    )
    return replace(session, vote_rounds=(*session.vote_rounds, rating, on_clusters, rank))


def theirs(vote_round: VoteRound, voter_id: str) -> tuple[tuple[Rating, ...], tuple[Rank, ...]]:
    """One voter's ratings and ranks in a round, in the round's order."""
    return (
        tuple(r for r in vote_round.ratings if r.voter_id == voter_id),
        tuple(r for r in vote_round.ranks if r.voter_id == voter_id),
    )
