"""The room's layout: every note once, nothing covered, nothing off screen, type never small."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.room_cards import IDEAS_TITLE, LOOSE_TITLE, RoomCard, RoomGroup, room_groups
from app.core.room_layout import (
    CONTINUED,
    MIN_TEXT_PIXELS,
    RoomLayout,
    layout_room,
    layout_spotlight,
    next_text_size,
)
from app.core.types import Cluster, Note

NOW = datetime(2026, 12, 1, tzinfo=UTC)
WORDS = [
    "offer",
    "a",
    "callback",
    "instead",
    "of",
    "hold",
    "music",
    "for",
    "every",
    "new",
    "customer",
    "in",
    "the",
    "first",
    "week",
]


def text_of(length: int, seed: int) -> str:
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(WORDS[(seed + len(words) * 7) % len(WORDS)])
    return " ".join(words)[:length].strip() or "idea"


def board(sizes: list[int], lengths: list[int]) -> list[RoomGroup]:
    groups = []
    counter = 0
    for number, size in enumerate(sizes):
        cards = []
        for _ in range(size):
            length = lengths[counter % len(lengths)]
            cards.append(RoomCard(f"n{counter}", text_of(length, counter), "#FFE08A"))
            counter += 1
        groups.append(RoomGroup(f"Cluster number {number}", "#9FD3F5", tuple(cards), f"c{number}"))
    return groups


def check(layout: RoomLayout, groups: list[RoomGroup], width: float, height: float) -> None:
    check_names(layout, groups)
    placed = [item for page in layout.pages for item in page.items if item.card is not None]
    assert sorted(item.card.note_id for item in placed if item.card) == sorted(
        card.note_id for group in groups for card in group.cards
    )
    assert layout.text_pixels >= MIN_TEXT_PIXELS
    for page in layout.pages:
        for index, item in enumerate(page.items):
            assert item.x >= 0 and item.x + item.width <= width + 0.01
            assert item.y >= 0 and item.y + item.height <= height + 0.01, item
            for other in page.items[index + 1 :]:
                apart = (
                    item.x + item.width <= other.x
                    or other.x + other.width <= item.x
                    or item.y + item.height <= other.y
                    or other.y + other.height <= item.y
                )
                assert apart, (item, other)


def check_names(layout: RoomLayout, groups: list[RoomGroup]) -> None:
    """Each cluster is named once on each page it is on, above its notes ("(continued)")."""
    group_of = {card.note_id: group.title for group in groups for card in group.cards}
    first_page: dict[str, int] = {}
    for number, page in enumerate(layout.pages):
        seen: set[str] = set()
        for item in page.items:
            if item.card is not None:
                assert group_of[item.card.note_id] in seen, (number, item)  # named above
                continue
            name = item.text.removesuffix(CONTINUED)
            assert name not in seen, (number, item.text)  # once a page
            seen.add(name)
            first_page.setdefault(name, number)
            assert item.text.endswith(CONTINUED) == (first_page[name] < number), item.text


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.integers(1, 12), min_size=1, max_size=12),
    st.lists(st.integers(1, 200), min_size=1, max_size=8),
    st.sampled_from([(1240, 532), (1880, 860), (900, 480)]),
    st.sampled_from([None, 18, 28, 44]),
)
def test_every_note_once_and_nothing_covered_or_off_screen(sizes, lengths, area, fixed):
    groups = board(sizes, lengths)
    width, height = area
    check(layout_room(groups, width, height, text_pixels=fixed), groups, width, height)


def test_a_board_of_thirty_ordinary_notes_fits_one_screen_in_large_type():
    groups = board([6, 6, 6, 6, 6], [24, 38, 52, 30, 46, 60])
    layout = layout_room(groups, 1240, 600)
    assert layout.fits and len(layout.pages) == 1
    assert layout.text_pixels >= MIN_TEXT_PIXELS
    check(layout, groups, 1240, 600)


def test_a_big_board_takes_the_fewest_pages_that_keep_the_text_at_18_px():
    # 121 notes, and 121 in five clusters: 4 or 5 pages at 18 px (6 to 8 at 24 px).
    for sizes in ([121], [20, 30, 25, 21, 25]):
        groups = board(sizes, [24, 38, 52, 30, 46, 60])
        for width, height in ((1240, 532), (984, 535)):
            layout = layout_room(groups, width, height)
            check(layout, groups, width, height)
            fewest = len(layout_room(groups, width, height, text_pixels=MIN_TEXT_PIXELS).pages)
            assert len(layout.pages) == fewest > 1
            larger = next_text_size(layout.text_pixels, 1)
            assert len(layout_room(groups, width, height, text_pixels=larger).pages) > fewest


def test_a_cluster_on_several_pages_is_named_on_each_and_once_in_a_page():
    groups = board([45] * 4, [40, 80, 20])
    layout = layout_room(groups, 1240, 532)
    check(layout, groups, 1240, 532)
    names = [[item.text for item in page.items if item.card is None] for page in layout.pages]
    assert all(page.items[0].card is None for page in layout.pages)  # each page starts named
    assert any(name.endswith(CONTINUED) for page in names for name in page)
    loose = [RoomGroup(IDEAS_TITLE, "#CBD2D9", board([121], [40, 80, 20])[0].cards)]
    paged = layout_room(loose, 1240, 532)
    assert [[i.text for i in p.items if i.card is None] for p in paged.pages] == [
        [IDEAS_TITLE] if number == 0 else [IDEAS_TITLE + CONTINUED]
        for number in range(len(paged.pages))
    ]


def test_twenty_four_notes_fit_one_1024x768_screen():
    # The room's board area at 1024×768 (and at 1280×720): one page, never under 18 px.
    for sizes in ([6, 6, 6, 6], [5, 4, 6, 5, 4]):
        groups = board(sizes, [24, 38, 52, 30, 46, 60])
        for width, height in ((984, 535), (1240, 532)):
            layout = layout_room(groups, width, height)
            check(layout, groups, width, height)
            assert len(layout.pages) == 1 and layout.text_pixels >= MIN_TEXT_PIXELS


def test_a_cluster_that_fits_a_column_is_not_split_between_two():
    groups = board([3, 5, 4, 6, 2], [30, 50, 40])
    for fixed in (None, MIN_TEXT_PIXELS):  # the largest that fits, and a size chosen
        layout = layout_room(groups, 1240, 532, text_pixels=fixed)
        check(layout, groups, 1240, 532)
        (page,) = layout.pages
        for group in groups:
            ids = {card.note_id for card in group.cards}
            columns = {item.x for item in page.items if item.card and item.card.note_id in ids}
            assert len(columns) == 1, (fixed, group.title)


def test_the_spotlight_is_larger_than_the_board():
    groups = board([6, 6, 6], [50])
    whole = layout_room(groups, 1240, 532)
    one = layout_spotlight([groups[0]], 1240, 532)
    assert one.text_pixels > whole.text_pixels
    single = layout_spotlight([RoomGroup("", "#FFF", (groups[0].cards[0],))], 1240, 532)
    assert single.text_pixels >= 52


def test_the_rooms_zoom_steps_through_the_sizes():
    assert next_text_size(24, 1) == 26
    assert next_text_size(24, -1) == 22
    assert next_text_size(18, -1) == 18
    assert next_text_size(72, 1) == 72


def test_the_room_reads_clusters_and_notes_as_the_board_shows_them():
    def note(note_id: str, x: float, y: float, cluster: str | None) -> Note:
        return Note(note_id, note_id, "#FFE08A", x, y, NOW, cluster_id=cluster)

    clusters = [Cluster("right", "Right", "#9FD3F5"), Cluster("left", "Left", "#FFD54F")]
    notes = [
        note("r2", 600, 300, "right"),
        note("r1", 600, 100, "right"),
        note("l1", 40, 100, "left"),
        note("loose", 40, 900, None),
    ]
    groups = room_groups(notes, clusters, {"r1": 3})
    assert [g.title for g in groups] == ["Left", "Right", LOOSE_TITLE]
    assert [c.note_id for c in groups[1].cards] == ["r1", "r2"]
    assert groups[1].cards[0].dots == 3
    only_loose = room_groups([notes[-1]], [], {})
    assert [g.title for g in only_loose] == [IDEAS_TITLE]


def test_a_stack_is_one_card_that_says_how_many_said_it():
    from datetime import UTC, datetime

    from app.core.types import Note

    when = datetime(2026, 12, 1, tzinfo=UTC)
    notes = [Note("top", "Callback, not hold music", "#FFF59D", 0, 0, when)]
    (group,) = room_groups(notes, [], {}, {"top": 3})
    (card,) = group.cards
    assert card.said == 3 and card.badged
    (plain,) = room_groups(notes, [], {})[0].cards
    assert plain.said == 1 and not plain.badged
