"""A session with a closed dot, rank and NUF rating round, and its results worked by hand.

Three voters: Ana and Bo (Sales), Cy (Support). Four notes: checklist (X), FAQ (Y),
auto-fill (Z), pairing (W).

The NUF rating round (shuffled, no self-votes) rates X, Y and Z; Cy skips Z whole.

======  =================  =================  =================  ========  =====
item    New (a, b, c)      Useful             Feasible           combined  n
======  =================  =================  =================  ========  =====
Y       1 5 3 → 3 ± 1.63   5 5 5 → 5 ± 0      5 4 3 → 4 ± 0.82   12/3=4    3
X       5 4 3 → 4 ± 0.82   4 4 4 → 4 ± 0      2 3 4 → 3 ± 0.82   11/3      3
Z       2 2 → 2 ± 0        1 5 → 3 ± 2        3 3 → 3 ± 0        8/3       2
======  =================  =================  =================  ========  =====

Spreads are population standard deviations: sqrt(2/3) = 0.816, sqrt(8/3) = 1.633,
sqrt(4) = 2. "Discuss" from a spread of 1 (a quarter of 1-5): Y (new) and Z (useful).
By department: Sales X (4.5+4+2.5)/3 = 3.67, Y (3+5+4.5)/3 = 4.17, Z 2.67;
Support X 11/3 = 3.67, Y (3+5+3)/3 = 3.67.

The rank round (top 3: 3, 2, 1 points): Ana X Y Z, Bo Y X Z, Cy Z W Y.
Points: Y 2+3+1 = 6, X 3+2 = 5, Z 1+1+3 = 5, W 2: Y first, X and Z tied at place 2,
W fourth. It is the newest dot or rank round, so the session's final ranking; the
rating round after it never is. The dot round before them put 2 dots on W: the dots
the ideas show.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.core.rating import NUF, fresh_criteria
from app.core.types import (
    Dot,
    Note,
    Participant,
    Rank,
    Rating,
    RoundKind,
    RoundStatus,
    Session,
    SessionStatus,
    VoteRound,
    VoteTarget,
)

WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ANA, BO, CY = (f"00000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
X, Y, Z, W = (f"00000000-0000-4000-8000-00000000001{n}" for n in (1, 2, 3, 4))
TEXTS = {
    X: "Shared checklist for shift handover",
    Y: "FAQ page for the top tickets",
    Z: "Auto-fill the order form",
    W: "Pair an agent with an engineer",
}
_ids = iter(f"00000000-0000-4000-8000-00000000002{n}" for n in range(10))
NEW, USEFUL, FEASIBLE = fresh_criteria(NUF.criteria, lambda: next(_ids))
DOT_ROUND_ID, RANK_ROUND_ID, RATING_ROUND_ID = (
    f"00000000-0000-4000-8000-00000000003{n}" for n in (1, 2, 3)
)

RATING_VALUES = {
    (X, NEW): (5, 4, 3),
    (X, USEFUL): (4, 4, 4),
    (X, FEASIBLE): (2, 3, 4),
    (Y, NEW): (1, 5, 3),
    (Y, USEFUL): (5, 5, 5),
    (Y, FEASIBLE): (5, 4, 3),
    (Z, NEW): (2, 2),
    (Z, USEFUL): (1, 5),
    (Z, FEASIBLE): (3, 3),
}
RANKINGS = {ANA: (X, Y, Z), BO: (Y, X, Z), CY: (Z, W, Y)}

# What every place must show, worked by hand above (two decimals).
EXPECTED_RATING_ROWS = [
    # place, item, new, useful, feasible, combined, n, discuss
    ("1", Y, "3.00 ± 1.63", "5.00 ± 0.00", "4.00 ± 0.82", "4.00", 3, True),
    ("2", X, "4.00 ± 0.82", "4.00 ± 0.00", "3.00 ± 0.82", "3.67", 3, False),
    ("3", Z, "2.00 ± 0.00", "3.00 ± 2.00", "3.00 ± 0.00", "2.67", 2, True),
]
EXPECTED_POINTS = [("1", Y, 6), ("2 (tie)", X, 5), ("2 (tie)", Z, 5), ("4", W, 2)]


def rating_session() -> Session:
    """The session described above."""
    voters = (ANA, BO, CY)
    people = (
        Participant(ANA, "Ana", "Sales"),
        Participant(BO, "Bo", "Sales"),
        Participant(CY, "Cy", "Support"),
    )
    notes = tuple(
        Note(item, text, "#FFE08A", 40.0 + 220 * index, 40.0, WHEN)
        for index, (item, text) in enumerate(TEXTS.items())
    )
    dots = VoteRound(
        DOT_ROUND_ID,
        "First dots",
        VoteTarget.NOTES,
        2,
        2,
        False,
        False,
        RoundStatus.CLOSED,
        dots=(Dot(ANA, W, 2),),
    )
    ranking = VoteRound(
        RANK_ROUND_ID,
        "Rank the top 3",
        VoteTarget.NOTES,
        1,
        1,
        False,
        False,
        RoundStatus.CLOSED,
        kind=RoundKind.RANK,
        rank_size=3,
        ranks=tuple(
            Rank(voter, item, position)
            for voter, items in RANKINGS.items()
            for position, item in enumerate(items, start=1)
        ),
        finished_voter_ids=voters,
    )
    rating = VoteRound(
        RATING_ROUND_ID,
        "Score on NUF",
        VoteTarget.NOTES,
        1,
        1,
        False,
        False,
        RoundStatus.CLOSED,
        kind=RoundKind.RATING,
        criteria=(NEW, USEFUL, FEASIBLE),
        ratings=tuple(
            Rating(voter, item, criterion.id, value)
            for (item, criterion), values in RATING_VALUES.items()
            for voter, value in zip(voters, values, strict=False)
        ),
        item_ids=(X, Y, Z),
        finished_voter_ids=voters,
        shuffle=True,
        no_self_votes=True,
    )
    return Session(
        "00000000-0000-4000-8000-000000000040",
        "Rating and ranking",
        status=SessionStatus.RUNNING,
        created_at=WHEN,
        started_at=WHEN,
        participants=people,
        notes=notes,
        vote_rounds=(dots, ranking, rating),
    )
