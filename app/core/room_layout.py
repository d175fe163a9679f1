"""The room's view of the board: every note reflowed by cluster, in type the back row reads.

The facilitator's board is a canvas to arrange; the room needs something else: each
cluster's name, then its notes, in columns, in the largest type that lets the whole
board fit the screen. When it cannot fit at :data:`MIN_TEXT_PIXELS` the board is
split into the fewest pages it takes at that size, in the largest type that still
needs no more of them. A cluster's name heads it once on each page it is on (with
"(continued)" on the pages after its first); a cluster that fits in one column is
not split between two if it need not be. The facilitator can also ask for a size
(the room's own zoom), and then it pages at that size.

All sizes are pixels of the screen the room sees. Text is measured through a
:class:`~app.core.typesetting.Measure`, so the view can use its real font.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.room_cards import RoomCard, RoomGroup
from app.core.typesetting import Measure, estimated_lines

MIN_TEXT_PIXELS = 18
"""No note is shown smaller: at 1280×720 that is readable from the back of a room."""
MAX_TEXT_PIXELS = 44
TEXT_SIZES = (18, 20, 22, 24, 26, 28, 32, 36, 40, 44, 52, 60, 72)
"""The sizes the room's zoom steps through."""
GAP = 10.0
CARD_PADDING = 8.0
LINE_SPACING = 1.2
"""Line pitch in the room, as a multiple of the text size (tight: it is big type)."""
TITLE_RATIO = 1.1
"""A cluster's name is this much larger than its notes (and bold)."""
MIN_COLUMN_EMS = 10.0
"""A column is at least this many text heights wide, so lines stay long enough."""
CONTINUED = " (continued)"
"""After a cluster's name on the pages after its first."""
KEEP_CLUSTERS = "clusters"
KEEP_NAMES = "names"
KEEP_NOTHING = "nothing"
KEEPING = (KEEP_CLUSTERS, KEEP_NAMES, KEEP_NOTHING)
"""What a layout keeps from being split between columns, most readable first."""
TITLE_INSET = 16.0
"""A cluster's name starts after its colour bar."""
DOTS_ROOM = 2.2
"""A card with dots leaves this many text heights on the right for its badge."""


@dataclass(frozen=True, slots=True)
class Placed:
    """Something drawn on a page: a cluster's name, or a note's card."""

    x: float
    y: float
    width: float
    height: float
    text: str
    color: str
    lines: int
    card: RoomCard | None = None
    """``None`` for a cluster's name."""


@dataclass(frozen=True, slots=True)
class RoomPage:
    """One screenful."""

    items: tuple[Placed, ...]


@dataclass(frozen=True, slots=True)
class RoomLayout:
    """The whole board for the room: its pages and the type sizes used on them."""

    pages: tuple[RoomPage, ...]
    text_pixels: float
    title_pixels: float
    columns: int
    fits: bool = True
    """Whether the whole board is on one page."""
    clipped: tuple[str, ...] = field(default=())
    """Ids of notes too long for a whole page, shown cut with an ellipsis."""


def layout_room(
    groups: Sequence[RoomGroup],
    width: float,
    height: float,
    measure: Measure = estimated_lines,
    text_pixels: float | None = None,
    measure_title: Measure | None = None,
) -> RoomLayout:
    """Lay the board out for a ``width`` × ``height`` area.

    With ``text_pixels`` unset, the largest size from :data:`MAX_TEXT_PIXELS` down to
    :data:`MIN_TEXT_PIXELS` at which everything fits one page is used; else the board
    takes as few pages as it does at :data:`MIN_TEXT_PIXELS`, in the largest size that
    needs no more. With it set, that size is used, paged as needed. ``measure_title``
    measures the (bold) cluster names; by default ``measure``.
    """
    groups = [group for group in groups if group.cards]
    titles = measure_title or measure
    if not groups:
        return RoomLayout((RoomPage(()),), text_pixels or MAX_TEXT_PIXELS, 0, 1)
    if text_pixels is not None:
        return _paged(groups, width, height, (measure, titles), text_pixels)
    sizes = sorted(s for s in TEXT_SIZES if MIN_TEXT_PIXELS <= s <= MAX_TEXT_PIXELS)
    measures = (measure, titles)
    loose: Loose = {}
    # Clusters whole in their columns at any size beat clusters split at a larger one:
    # the room reads a cluster down its column, under its name.
    for keeping in KEEPING:
        for size in reversed(sizes):
            found = _one_page(groups, width, height, measures, size, keeping, loose)
            if found is not None:
                return found
    columns = _most_columns(width, sizes[0])
    counts = {
        keeping: len(
            _flow(groups, width, height, measures, sizes[0], columns, True, keeping) or ()
        )
        for keeping in KEEPING
    }
    fewest = min(counts.values())
    keeping = next(keeping for keeping in KEEPING if counts[keeping] == fewest)
    chosen = sizes[0]
    for size in sizes[1:]:  # larger type, as long as it takes no more pages
        columns = _most_columns(width, size)
        pages = _flow(groups, width, height, measures, size, columns, True, keeping) or ()
        if len(pages) > fewest:
            break
        chosen = size
    return _paged(groups, width, height, measures, chosen, (keeping,))


def layout_spotlight(
    groups: Sequence[RoomGroup],
    width: float,
    height: float,
    measure: Measure = estimated_lines,
    measure_title: Measure | None = None,
) -> RoomLayout:
    """One note or one cluster, as large as the area allows (up to 72 px)."""
    groups = [group for group in groups if group.cards]
    titles = measure_title or measure
    loose: Loose = {}
    for size in sorted(TEXT_SIZES, reverse=True):
        for keeping in (KEEP_NAMES, KEEP_NOTHING):
            found = _one_page(groups, width, height, (measure, titles), size, keeping, loose)
            if found is not None:
                return found
    return layout_room(groups, width, height, measure, measure_title=measure_title)


Cards = tuple[RoomCard, ...]
Loose = dict[tuple[float, int], "list[RoomPage] | None"]
"""One layout's flows keeping nothing together, by size and columns (``None``: overflows)."""


def _one_page(
    groups: Sequence[RoomGroup],
    width: float,
    height: float,
    measures: tuple[Measure, Measure],
    size: float,
    keeping: str = KEEP_NOTHING,
    loose: Loose | None = None,
) -> RoomLayout | None:
    """The board on one page at ``size`` in as few columns as it takes, if it fits.

    ``keeping`` is what is not split between columns (see :func:`_flow`); keeping
    clusters whole, the page must have every cluster in one column.

    Two columns counts are skipped without a flow, as no flow there could fit: one with
    more cards than it holds at one line each (:func:`_most_cards`, nothing measured),
    and one where the board overflows keeping nothing together (then keeping more
    overflows too: keeping only ever moves a card on to a later column, never back, so
    every card stands no earlier than it does keeping nothing). ``loose`` remembers the
    flows keeping nothing together across calls of one layout.
    """
    cards = sum(len(group.cards) for group in groups)
    loose = {} if loose is None else loose
    for columns in range(1, _most_columns(width, size) + 1):
        if cards > columns * _most_cards(height, size):
            continue  # more cards than the columns could hold at one line each
        if (size, columns) not in loose:
            loose[size, columns] = _flow(
                groups, width, height, measures, size, columns, keeping=KEEP_NOTHING
            )
        pages = loose[size, columns]
        if pages is not None and keeping != KEEP_NOTHING:
            pages = _flow(groups, width, height, measures, size, columns, keeping=keeping)
        if pages is None or len(pages) != 1:
            continue
        if keeping == KEEP_CLUSTERS and not _whole(pages[0]):
            continue  # a smaller size may keep every cluster in its column
        return RoomLayout(tuple(pages), size, size * TITLE_RATIO, columns)
    return None


def _whole(page: RoomPage) -> bool:
    """Whether every cluster on the page is in one column."""
    columns: dict[int, set[float]] = {}
    cluster = -1
    for item in page.items:  # in the order they flowed: a name, then its notes
        if item.card is None:
            cluster += 1
        else:
            columns.setdefault(cluster, set()).add(item.x)
    return all(len(found) == 1 for found in columns.values())


def next_text_size(current: float, step: int) -> float:
    """The room's zoom: the next size up (``step`` 1) or down (-1) from ``current``."""
    sizes = list(TEXT_SIZES)
    if step > 0:
        return next((size for size in sizes if size > current), sizes[-1])
    return next((size for size in reversed(sizes) if size < current), sizes[0])


def _most_columns(width: float, size: float) -> int:
    return max(1, int((width + GAP) // (MIN_COLUMN_EMS * size + GAP)))


def _most_cards(height: float, size: float) -> int:
    """The most cards one column can hold at ``size``, measuring nothing.

    Each card is at least one line high with its padding, a gap between two (a column's
    first card may overrun it, cut to one line: so at least one). A board with more
    cards than its columns hold this way cannot fit one page, whatever its text measures.
    """
    smallest = size * LINE_SPACING + 2 * CARD_PADDING
    return max(1, int((height + GAP) / (smallest + GAP) + 1e-9))


def _paged(
    groups: Sequence[RoomGroup],
    width: float,
    height: float,
    measure: tuple[Measure, Measure],
    size: float,
    keepings: Sequence[str] = KEEPING,
) -> RoomLayout:
    """The board page by page at ``size``.

    The fewest pages; clusters kept whole (or with their names) if that takes no more.
    """
    columns = _most_columns(width, size)
    pages: list[RoomPage] = []
    for keeping in keepings:
        found = _flow(groups, width, height, measure, size, columns, paged=True, keeping=keeping)
        assert found is not None
        if not pages or len(found) < len(pages):
            pages = found
    clipped = tuple(
        item.card.note_id
        for page in pages
        for item in page.items
        if item.card is not None and item.text.endswith("…") and not item.card.text.endswith("…")
    )
    return RoomLayout(
        tuple(pages), size, size * TITLE_RATIO, columns, fits=len(pages) == 1, clipped=clipped
    )


def _flow(
    groups: Sequence[RoomGroup],
    width: float,
    height: float,
    measures: tuple[Measure, Measure],
    size: float,
    columns: int,
    paged: bool = False,
    keeping: str = KEEP_NAMES,
) -> list[RoomPage] | None:
    """Columns top to bottom, left to right; ``None`` if one page is asked and it overflows.

    ``keeping`` says what moves on to the next column rather than be split: a whole
    cluster (:data:`KEEP_CLUSTERS`, when it fits a column), a cluster's name with its
    first two notes (:data:`KEEP_NAMES`), or nothing (:data:`KEEP_NOTHING`).
    """
    measure, measure_title = measures
    column_width = (width - (columns - 1) * GAP) / columns
    title_size = size * TITLE_RATIO
    text_width = column_width - 2 * CARD_PADDING
    line = size * LINE_SPACING
    title_line = title_size * LINE_SPACING
    pages: list[list[Placed]] = [[]]
    column = 0
    y = 0.0

    def next_column() -> bool:
        nonlocal column, y
        column += 1
        y = 0.0
        if column < columns:
            return True
        if not paged:
            return False
        pages.append([])
        column = 0
        return True

    def left() -> float:
        return column * (column_width + GAP)

    def shown(card: RoomCard) -> str:
        return card.text if not card.face_down else "Face down until Reveal"

    def lines_of(card: RoomCard) -> int:
        room = text_width - (DOTS_ROOM * size if card.badged else 0)
        return max(1, measure(shown(card), room, size))

    def titled(title: str) -> tuple[int, float]:
        lines = max(1, measure_title(title, column_width - TITLE_INSET, title_size))
        return lines, lines * title_line + GAP / 2

    for group in groups:
        cards = group.cards
        # Each card's lines, measured when first needed: a flow that overflows stops
        # measuring there.
        counted: list[int] = []

        def lines_at(index: int, cards: Cards = cards, counted: list[int] = counted) -> int:
            while len(counted) <= index:
                counted.append(lines_of(cards[len(counted)]))
            return counted[index]

        named_on = -1  # the page the cluster's name heads (once a page)
        for index, card in enumerate(cards):
            text = shown(card)
            room_for_text = text_width - (DOTS_ROOM * size if card.badged else 0)
            lines = lines_at(index)
            card_height = lines * line + 2 * CARD_PADDING
            title = group.title if index == 0 else group.title + CONTINUED
            # The name is measured only where it heads the card: first, or on a new page.
            title_lines, title_height = (
                titled(title) if index == 0 or named_on != len(pages) - 1 else (0, 0.0)
            )
            needs = card_height + (0 if named_on == len(pages) - 1 else title_height)
            if index == 0 and y > 0 and keeping != KEEP_NOTHING:
                # Not left at the foot of a column: the whole cluster, or its name
                # with its first two notes, goes on to the next column if it fits there.
                stops = (len(cards), 2) if keeping == KEEP_CLUSTERS else (2,)
                for stop in (min(stop, len(cards)) for stop in stops):
                    kept = [lines_at(i) * line + 2 * CARD_PADDING for i in range(stop)]
                    keep = title_height + sum(kept) + GAP * (len(kept) - 1)
                    if keep <= height:
                        if y + needs <= height < y + keep:
                            needs = keep
                        break
            if y > 0 and y + needs > height:
                if not next_column():
                    return None
                if not title_height and named_on != len(pages) - 1:  # a new page: named again
                    title_lines, title_height = titled(title)
                needs = card_height + (0 if named_on == len(pages) - 1 else title_height)
            if needs > height:  # taller than a whole column: cut to what fits, with "…"
                named = named_on == len(pages) - 1
                room = height - (0 if named else title_height) - 2 * CARD_PADDING
                lines = max(1, int(room // line))
                text = _cut(text, room_for_text, size, lines, measure)
                card_height = lines * line + 2 * CARD_PADDING
            if named_on != len(pages) - 1:
                pages[-1].append(
                    Placed(left(), y, column_width, title_height, title, group.color, title_lines)
                )
                y += title_height
                named_on = len(pages) - 1
            pages[-1].append(
                Placed(left(), y, column_width, card_height, text, card.color, lines, card)
            )
            y += card_height + GAP
        y += GAP  # a little more air between clusters
    return [RoomPage(tuple(items)) for items in pages if items]


def _cut(text: str, width: float, size: float, lines: int, measure: Measure) -> str:
    """As much of ``text`` as fits ``lines`` lines, ending with an ellipsis."""
    words = text.split()
    while len(words) > 1 and measure(" ".join(words) + "…", width, size) > lines:
        words = words[: max(1, len(words) * 3 // 4)]
    return " ".join(words) + "…"
