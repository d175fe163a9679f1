"""The room's view of the board: every note reflowed by cluster, in type the back row reads.

The facilitator's board is a canvas to arrange; the room needs something else: each
cluster's name, then its notes, in columns, in the largest type that lets the whole
board fit the screen. When it cannot fit at :data:`MIN_TEXT_PIXELS` the board is
split into pages. The facilitator can also ask for a size (the room's own zoom), and
then it pages at that size.

All sizes are pixels of the screen the room sees. Text is measured through a
:class:`~app.core.typesetting.Measure`, so the view can use its real font.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.core.types import Cluster, Note
from app.core.typesetting import Measure, estimated_lines

MIN_TEXT_PIXELS = 18
"""No note is shown smaller: at 1280×720 that is readable from the back of a room."""
MAX_TEXT_PIXELS = 44
PAGED_TEXT_PIXELS = 24
"""The size a board that cannot fit one screen is shown at, page by page."""
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
TITLE_INSET = 16.0
"""A cluster's name starts after its colour bar."""
DOTS_ROOM = 2.2
"""A card with dots leaves this many text heights on the right for its badge."""


@dataclass(frozen=True, slots=True)
class RoomCard:
    """One note as the room sees it."""

    note_id: str
    text: str
    color: str
    face_down: bool = False
    dots: int = 0
    said: int = 1
    """How many notes its stack holds (1: a note of its own)."""

    @property
    def badged(self) -> bool:
        """Whether a badge (its dots, its stack's count) takes room beside the text."""
        return bool(self.dots) or self.said > 1


@dataclass(frozen=True, slots=True)
class RoomGroup:
    """A cluster (or the notes in none), in board order."""

    title: str
    color: str
    cards: tuple[RoomCard, ...]
    cluster_id: str | None = None


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
    :data:`MIN_TEXT_PIXELS` at which everything fits one page is used, else the board
    is paged at :data:`PAGED_TEXT_PIXELS`. With it set, that size is used, paged as
    needed. ``measure_title`` measures the (bold) cluster names; by default ``measure``.
    """
    groups = [group for group in groups if group.cards]
    titles = measure_title or measure
    if not groups:
        return RoomLayout((RoomPage(()),), text_pixels or MAX_TEXT_PIXELS, 0, 1)
    if text_pixels is not None:
        return _paged(groups, width, height, (measure, titles), text_pixels)
    for size in sorted((s for s in TEXT_SIZES if s <= MAX_TEXT_PIXELS), reverse=True):
        found = _one_page(groups, width, height, (measure, titles), size)
        if found is not None:
            return found
    return _paged(groups, width, height, (measure, titles), PAGED_TEXT_PIXELS)


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
    for size in sorted(TEXT_SIZES, reverse=True):
        found = _one_page(groups, width, height, (measure, titles), size)
        if found is not None:
            return found
    return layout_room(groups, width, height, measure, measure_title=measure_title)


def _one_page(
    groups: Sequence[RoomGroup],
    width: float,
    height: float,
    measures: tuple[Measure, Measure],
    size: float,
) -> RoomLayout | None:
    """The board on one page at ``size``, if it fits.

    Each cluster's name is kept with its first two notes if that fits, else the notes
    flow as they come.
    """
    for keep_names in (True, False):
        for columns in range(1, _most_columns(width, size) + 1):
            pages = _flow(groups, width, height, measures, size, columns, keep_names=keep_names)
            if pages is not None and len(pages) == 1:
                return RoomLayout(tuple(pages), size, size * TITLE_RATIO, columns)
    return None


def next_text_size(current: float, step: int) -> float:
    """The room's zoom: the next size up (``step`` 1) or down (-1) from ``current``."""
    sizes = list(TEXT_SIZES)
    if step > 0:
        return next((size for size in sizes if size > current), sizes[-1])
    return next((size for size in reversed(sizes) if size < current), sizes[0])


def _most_columns(width: float, size: float) -> int:
    return max(1, int((width + GAP) // (MIN_COLUMN_EMS * size + GAP)))


def _paged(
    groups: Sequence[RoomGroup],
    width: float,
    height: float,
    measure: tuple[Measure, Measure],
    size: float,
) -> RoomLayout:
    columns = _most_columns(width, size)
    pages = _flow(groups, width, height, measure, size, columns, paged=True)
    assert pages is not None
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
    keep_names: bool = True,
) -> list[RoomPage] | None:
    """Columns top to bottom, left to right; ``None`` if one page is asked and it overflows."""
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

    for group in groups:
        titled_here = False
        for index, card in enumerate(group.cards):
            text = card.text if not card.face_down else "Face down until Reveal"
            room_for_text = text_width - (DOTS_ROOM * size if card.badged else 0)
            lines = max(1, measure(text, room_for_text, size))
            card_height = lines * line + 2 * CARD_PADDING
            title = group.title if index == 0 else group.title + CONTINUED
            title_lines = max(1, measure_title(title, column_width - TITLE_INSET, title_size))
            title_height = title_lines * title_line + GAP / 2
            needs = card_height + (0 if titled_here else title_height)
            if keep_names and index == 0 and len(group.cards) > 1:
                # A cluster's name is not left at the foot of a column with one note.
                follower = group.cards[1]
                second = follower.text if not follower.face_down else "Face down until Reveal"
                room = text_width - (DOTS_ROOM * size if follower.badged else 0)
                second_height = max(1, measure(second, room, size)) * line + 2 * CARD_PADDING
                keep = needs + GAP + second_height
                if y > 0 and y + needs <= height < y + keep and keep <= height:
                    needs = keep
            if y > 0 and y + needs > height:
                if not next_column():
                    return None
                titled_here = False
                needs = card_height + title_height
            if needs > height:  # taller than a whole column: cut to what fits, with "…"
                room = height - (0 if titled_here else title_height) - 2 * CARD_PADDING
                lines = max(1, int(room // line))
                text = _cut(text, room_for_text, size, lines, measure)
                card_height = lines * line + 2 * CARD_PADDING
            if not titled_here:
                pages[-1].append(
                    Placed(left(), y, column_width, title_height, title, group.color, title_lines)
                )
                y += title_height
                titled_here = True
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


LOOSE_TITLE = "Not in a cluster yet"
IDEAS_TITLE = "Ideas so far"
LOOSE_COLOR = "#CBD2D9"


def room_groups(
    notes: Sequence[Note],
    clusters: Sequence[Cluster],
    dots: Mapping[str, int],
    stacks: Mapping[str, int] | None = None,
) -> list[RoomGroup]:
    """The board as the room reads it: clusters top to bottom, left to right, then the rest.

    Within a cluster, notes are in reading order too (row by row), as they stand on the
    facilitator's board. ``stacks`` gives the size of each stack (a card and the notes
    merged into it), which the room sees as "×3".
    """
    sizes = stacks or {}

    def reading(note: Note) -> tuple[float, float]:
        return (round(note.y / 40), note.x)

    members: dict[str | None, list[Note]] = {}
    for note in notes:
        members.setdefault(note.cluster_id, []).append(note)

    def card(note: Note) -> RoomCard:
        return RoomCard(
            note.id,
            note.text,
            note.color,
            note.hidden,
            dots.get(note.id, 0),
            sizes.get(note.id, 1),
        )

    ordered = sorted(
        (c for c in clusters if members.get(c.id)),
        key=lambda c: min(reading(n) for n in members[c.id]),
    )
    groups = [
        RoomGroup(
            c.title or "Untitled cluster",
            c.color,
            tuple(card(n) for n in sorted(members[c.id], key=reading)),
            c.id,
        )
        for c in ordered
    ]
    loose = sorted(members.get(None, []), key=reading)
    if loose:
        title = LOOSE_TITLE if groups else IDEAS_TITLE
        groups.append(RoomGroup(title, LOOSE_COLOR, tuple(card(n) for n in loose)))
    return groups
