"""Hypothesis strategies for valid sessions (shared by core and storage tests)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import strategies as st

from app.core.types import (
    ActionItem,
    ActionStatus,
    Cluster,
    Criterion,
    Decision,
    Dot,
    Goal,
    Note,
    Outcome,
    OutcomeResult,
    Participant,
    Phase,
    PhaseKind,
    PhaseStatus,
    Rank,
    Rating,
    Role,
    RoundKind,
    RoundStatus,
    Session,
    SessionStatus,
    Technique,
    TechniqueSettings,
    Via,
    VoteRound,
    VoteTarget,
)

# Any Unicode but control characters (tab and newline allowed) and surrogates.
TEXT_ALPHABET = st.characters(exclude_categories=("Cc", "Cs"), include_characters="\t\n")


def texts(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(TEXT_ALPHABET, min_size=min_size, max_size=max_size)


ids = st.uuids().map(str)
times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
colors = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06X}")
coordinates = st.one_of(
    st.integers(-100_000, 100_000),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).filter(
        lambda x: not x.is_integer()
    ),
)


IDEA_STATUSES = ["new", "shortlisted", "trying", "adopted", "dropped"]
numbers = (
    st.none()
    | st.integers(-(10**9), 10**9)
    | st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
)
days = st.dates(date(2000, 1, 1), date(2100, 1, 1))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**9) | numbers | texts(0, 10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts(0, 8), inner, max_size=3),
    max_leaves=8,
)
technique_settings = st.dictionaries(texts(0, 12), json_values, max_size=4)
"""A technique's settings: any JSON object (the techniques say later what is valid)."""


def outcomes() -> st.SearchStrategy[Outcome]:
    return st.builds(
        Outcome,
        result=st.sampled_from(OutcomeResult),
        measured=texts(),
        learning=texts(),
        decision=st.none() | st.sampled_from(Decision),
        recorded_at=times,
    )


def goals(goal_id: str) -> st.SearchStrategy[Goal]:
    return st.builds(
        Goal,
        id=st.just(goal_id),
        title=texts(1, 40),
        why=texts(),
        metric=texts(),
        unit=texts(0, 20),
        baseline=numbers,
        target=numbers,
        target_date=st.none() | days,
    )


@st.composite
def rating_round(
    draw: st.DrawFn,
    base: VoteRound,
    next_id: Callable[[], str],
    people: Sequence[Participant],
    items: Sequence[str],
) -> VoteRound:
    """``base`` as a rating round: 2 to 5 criteria, some values (items or criteria skipped)."""
    criteria = []
    for _ in range(draw(st.integers(2, 5))):
        low = draw(st.integers(-5, 5))
        criteria.append(
            Criterion(
                next_id(),
                draw(texts(1, 20)),
                low,
                low + draw(st.integers(1, 10)),
                draw(st.booleans()),
            )
        )
    ratings = [
        Rating(person.id, item, criterion.id, draw(st.integers(criterion.min, criterion.max)))
        for person in people
        for item in items
        for criterion in criteria
        if draw(st.integers(0, 2)) == 0
    ]
    return replace(base, kind=RoundKind.RATING, criteria=tuple(criteria), ratings=tuple(ratings))


@st.composite
def rank_round(
    draw: st.DrawFn, base: VoteRound, people: Sequence[Participant], items: Sequence[str]
) -> VoteRound:
    """``base`` as a rank round: its size and each voter's top items, some places left free."""
    size = draw(st.integers(2, 10))
    ranks: list[Rank] = []
    for person in people:
        chosen = draw(st.permutations(items))[: draw(st.integers(0, size))]
        places = draw(st.permutations(range(1, size + 1)))
        ranks.extend(
            Rank(person.id, item, place) for item, place in zip(chosen, places, strict=False)
        )
    return replace(base, kind=RoundKind.RANK, rank_size=size, ranks=tuple(ranks))


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    """A valid session with consistent references and dots within budgets."""
    unique_ids = draw(st.lists(ids, min_size=60, max_size=60, unique=True))
    next_id = iter(unique_ids).__next__
    people = tuple(
        Participant(next_id(), draw(texts(1, 20)), draw(texts(0, 20)), draw(st.sampled_from(Role)))
        for _ in range(draw(st.integers(0, 5)))
    )
    phases = tuple(
        Phase(
            next_id(),
            draw(st.sampled_from(PhaseKind)),
            draw(texts()),
            draw(st.integers(1, 86_400)),
            draw(st.none() | times),
            draw(st.integers(0, 5000)),
            draw(st.sampled_from(PhaseStatus)),
            technique=draw(st.sampled_from(Technique)),
            technique_settings=TechniqueSettings.of(draw(technique_settings)),
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    clusters = tuple(
        Cluster(next_id(), draw(texts()), draw(colors)) for _ in range(draw(st.integers(0, 3)))
    )

    def maybe(
        items: tuple[Participant, ...] | tuple[Cluster, ...] | tuple[Phase, ...],
    ) -> str | None:
        return draw(st.none() | st.sampled_from([item.id for item in items])) if items else None

    notes = tuple(
        Note(
            id=next_id(),
            text=draw(texts(1, 60)),
            color=draw(colors),
            x=draw(coordinates),
            y=draw(coordinates),
            created_at=draw(times),
            author_id=maybe(people),
            cluster_id=maybe(clusters),
            phase_id=maybe(phases),
            hidden=draw(st.booleans()),
            impact=draw(st.none() | st.integers(1, 5)),
            effort=draw(st.none() | st.integers(1, 5)),
            via=draw(st.sampled_from(Via)),
            prompt=draw(texts(0, 30)),
        )
        for _ in range(draw(st.integers(0, 8)))
    )
    stacked = list(notes)
    for index in range(1, len(stacked)):  # some notes build on an earlier one
        if draw(st.booleans()):
            parent = draw(st.sampled_from([n.id for n in stacked[:index]]))
            stacked[index] = replace(stacked[index], builds_on=parent)
    for index in range(1, len(stacked)):  # some notes merged into an earlier card
        tops = [n.id for n in stacked[:index] if n.merged_into is None and not n.hidden]
        if tops and not stacked[index].hidden and draw(st.integers(0, 3)) == 0:
            stacked[index] = replace(stacked[index], merged_into=draw(st.sampled_from(tops)))
    notes = tuple(stacked)
    rounds = []
    for _ in range(draw(st.integers(0, 2))):
        target = draw(st.sampled_from(VoteTarget))
        # A merged note is no vote item: only cards get dots.
        items = (
            tuple(n for n in notes if n.merged_into is None)
            if target is VoteTarget.NOTES
            else clusters
        )
        budget = draw(st.integers(1, 5))
        cap = draw(st.integers(1, 3))
        kind = draw(st.sampled_from(RoundKind))
        dots: list[Dot] = []
        for person in people if kind is RoundKind.DOTS else ():
            left = budget
            for item in items:
                count = draw(st.integers(0, min(cap, left)))
                if count:
                    dots.append(Dot(person.id, item.id, count))
                    left -= count
        item_ids = [item.id for item in items]
        vote_round = VoteRound(
            next_id(),
            draw(texts()),
            target,
            budget,
            cap,
            draw(st.booleans()),
            draw(st.booleans()),
            draw(st.sampled_from(RoundStatus)),
            draw(st.none() | times),
            draw(st.none() | times),
            tuple(dots),
            shuffle=draw(st.booleans()),
            no_self_votes=draw(st.booleans()),
        )
        if kind is RoundKind.RATING:
            vote_round = draw(rating_round(vote_round, next_id, people, item_ids))
        elif kind is RoundKind.RANK:
            vote_round = draw(rank_round(vote_round, people, item_ids))
        rounds.append(vote_round)
        if len(items) >= 2 and draw(st.booleans()):  # a runoff of two or more of its items
            chosen = draw(st.lists(st.sampled_from(item_ids), min_size=2, unique=True))
            voter = people[0].id if people else None
            rounds.append(
                VoteRound(
                    next_id(),
                    draw(texts()),
                    target,
                    1,
                    1,
                    True,
                    True,
                    draw(st.sampled_from(RoundStatus)),
                    dots=(Dot(voter, chosen[0], 1),) if voter else (),
                    item_ids=tuple(chosen),
                    runoff_of=rounds[-1].id,
                )
            )
    actions = tuple(
        ActionItem(
            next_id(),
            draw(texts(1, 30)),
            maybe(people),
            draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1))),
            draw(st.none() | st.sampled_from([n.id for n in notes])) if notes else None,
            draw(st.sampled_from(ActionStatus)),
            draw(texts()),
            draw(texts()),
            draw(st.none() | outcomes()),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    statuses = tuple(
        (note.id, status)
        for note in notes
        if (status := draw(st.sampled_from(IDEA_STATUSES))) != "new"
    )
    return Session(
        id=next_id(),
        title=draw(texts(1, 50)),
        goal=draw(texts()),
        question=draw(texts()),
        facilitator=draw(texts(0, 30)),
        status=draw(st.sampled_from(SessionStatus)),
        created_at=draw(st.none() | times),
        started_at=draw(st.none() | times),
        ended_at=draw(st.none() | times),
        participants=people,
        phases=phases,
        clusters=clusters,
        notes=notes,
        vote_rounds=tuple(rounds),
        action_items=actions,
        anonymous_ideas=draw(st.booleans()),
        goal_record=draw(st.none() | goals(next_id())),
        idea_statuses=statuses,
    )
