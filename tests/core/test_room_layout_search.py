"""The room's layout search: it skips what cannot fit, and finds exactly what trying all finds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import room_layout
from app.core.room_cards import RoomCard, RoomGroup
from app.core.room_layout import (
    CONTINUED,
    KEEP_CLUSTERS,
    KEEP_NAMES,
    KEEP_NOTHING,
    KEEPING,
    MAX_TEXT_PIXELS,
    MIN_TEXT_PIXELS,
    TEXT_SIZES,
    TITLE_RATIO,
    RoomLayout,
    layout_room,
    layout_spotlight,
)
from app.core.typesetting import Measure, estimated_lines

Measures = tuple[Measure, Measure]


def plain_one_page(
    groups: list[RoomGroup],
    width: float,
    height: float,
    measures: Measures,
    size: float,
    keeping: str,
) -> RoomLayout | None:
    """Every column count, each flowed, as the search was before it learnt to skip."""
    for columns in range(1, room_layout._most_columns(width, size) + 1):
        pages = room_layout._flow(groups, width, height, measures, size, columns, keeping=keeping)
        if pages is None or len(pages) != 1:
            continue
        if keeping == KEEP_CLUSTERS and not room_layout._whole(pages[0]):
            continue
        return RoomLayout(tuple(pages), size, size * TITLE_RATIO, columns)
    return None


def plain_layout(
    groups: list[RoomGroup], width: float, height: float, measures: Measures
) -> RoomLayout:
    """:func:`layout_room` trying every size, every column count and every keeping."""
    groups = [group for group in groups if group.cards]
    sizes = sorted(s for s in TEXT_SIZES if MIN_TEXT_PIXELS <= s <= MAX_TEXT_PIXELS)
    for keeping in KEEPING:
        for size in reversed(sizes):
            found = plain_one_page(groups, width, height, measures, size, keeping)
            if found is not None:
                return found
    columns = room_layout._most_columns(width, sizes[0])
    counts = {
        keeping: len(
            room_layout._flow(groups, width, height, measures, sizes[0], columns, True, keeping)
            or ()
        )
        for keeping in KEEPING
    }
    fewest = min(counts.values())
    keeping = next(keeping for keeping in KEEPING if counts[keeping] == fewest)
    chosen = sizes[0]
    for size in sizes[1:]:
        columns = room_layout._most_columns(width, size)
        flowed = room_layout._flow(groups, width, height, measures, size, columns, True, keeping)
        if len(flowed or ()) > fewest:
            break
        chosen = size
    return room_layout._paged(groups, width, height, measures, chosen, (keeping,))


def plain_spotlight(
    groups: list[RoomGroup], width: float, height: float, measures: Measures
) -> RoomLayout:
    """:func:`layout_spotlight` trying every size and column count."""
    groups = [group for group in groups if group.cards]
    for size in sorted(TEXT_SIZES, reverse=True):
        for keeping in (KEEP_NAMES, KEEP_NOTHING):
            found = plain_one_page(groups, width, height, measures, size, keeping)
            if found is not None:
                return found
    return plain_layout(groups, width, height, measures)


def jagged(text: str, width: float, size: float) -> int:
    """A measure with no sense of more room meaning fewer lines: the skipping must not need one."""
    return 1 + (len(text) * 7 + int(width) * 3 + int(size * 10)) % 5


WORDS = ("a", "callback", "customer", "escalation", "onboarding", "x", "supercalifragilistic")

card = st.tuples(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join),
    st.booleans(),  # face down
    st.sampled_from([0, 0, 2]),  # dots
    st.sampled_from([1, 1, 3]),  # a stack's count
)
group = st.tuples(
    st.sampled_from(["Ideas", "A cluster with a name long enough to wrap in a column"]),
    st.lists(card, min_size=1, max_size=14),
)


def board(spec: list[tuple[str, list[tuple[str, bool, int, int]]]]) -> list[RoomGroup]:
    return [
        RoomGroup(
            title,
            "#9FD3F5",
            tuple(
                RoomCard(f"n{number}-{index}", text, "#FFE08A", down, dots, said)
                for index, (text, down, dots, said) in enumerate(cards)
            ),
            f"c{number}",
        )
        for number, (title, cards) in enumerate(spec)
    ]


# 60 boards: each is also laid out by trying everything, the slowest test of the suite
# at 150 (43 s of the whole run's 11 minutes, under coverage).
@settings(max_examples=60, deadline=None)
@given(
    st.lists(group, min_size=1, max_size=7),
    st.sampled_from([(1240.0, 532.0), (1880.0, 860.0), (700.0, 400.0), (400.0, 90.0)]),
    st.sampled_from([estimated_lines, jagged]),
)
def test_the_search_that_skips_finds_the_very_layout_trying_everything_finds(
    spec: Any, area: tuple[float, float], measure: Measure
) -> None:
    groups = board(spec)
    width, height = area
    measures = (measure, measure)
    assert layout_room(groups, width, height, measure) == plain_layout(
        groups, width, height, measures
    )
    assert layout_spotlight(groups[:1], width, height, measure) == plain_spotlight(
        groups[:1], width, height, measures
    )


def counting(into: list[tuple[str, float, float]]) -> Measure:
    def measure(text: str, width: float, size: float) -> int:
        into.append((text, width, size))
        return estimated_lines(text, width, size)

    return measure


def thirty_cards() -> list[RoomGroup]:
    """Six clusters of five three-word notes: one page at 18 px, 1240×532."""
    return board([(f"Cluster {n}", [("customer " * 3, False, 0, 1)] * 5) for n in range(6)])


def test_a_size_too_large_for_the_cards_at_one_line_each_is_never_measured() -> None:
    # At 32 px a column holds at most 8 one-line cards and 1240 px takes 3 columns: 24 < 30.
    asked: list[tuple[str, float, float]] = []
    layout = layout_room(thirty_cards(), 1240, 532, counting(asked))
    assert (layout.text_pixels, len(layout.pages)) == (18, 1)
    assert asked and max(size for _, _, size in asked) <= 28 * TITLE_RATIO


def test_keeping_more_together_is_not_tried_where_keeping_nothing_overflows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flows: list[tuple[float, int, str, bool]] = []
    real: Callable[..., Any] = room_layout._flow

    def recording(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        size, columns = args[4], args[5]
        paged = kwargs.get("paged", args[6] if len(args) > 6 else False)
        keeping = kwargs.get("keeping", args[7] if len(args) > 7 else KEEP_NAMES)
        if not paged:
            flows.append((size, columns, keeping, found is not None))
        return found

    monkeypatch.setattr(room_layout, "_flow", recording)
    layout_room(thirty_cards(), 1240, 532, estimated_lines)
    loose = {(size, columns): fits for size, columns, kept, fits in flows if kept == KEEP_NOTHING}
    assert False in loose.values()  # the board overflows somewhere, keeping nothing
    kept = [(size, columns) for size, columns, keeping, _ in flows if keeping != KEEP_NOTHING]
    assert kept and all(loose.get(pair) for pair in kept), (kept, loose)


def test_a_board_on_one_page_never_measures_a_continued_name() -> None:
    names: list[tuple[str, float, float]] = []
    layout_room(thirty_cards(), 1240, 532, estimated_lines, measure_title=counting(names))
    assert names and not any(text.endswith(CONTINUED) for text, _, _ in names)


def test_a_flow_that_overflows_stops_measuring_there() -> None:
    asked: list[tuple[str, float, float]] = []
    fifty = board([("Ideas", [("customer", False, 0, 1)] * 50)])
    measure = counting(asked)
    assert room_layout._flow(fifty, 300, 532, (measure, measure), 18, 1) is None
    assert 1 <= len(asked) < 20  # a column of 532 px holds 11 one-line cards at 18 px
