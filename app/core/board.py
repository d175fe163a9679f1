"""Board geometry and note rules: free spots, tidy layouts, cluster frames, filters.

Coordinates are board units (1 unit = 1 pixel at 100 % zoom); a note's ``x, y`` is its
top-left corner. Everything here is plain arithmetic so it can be tested without Qt.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.core import limits
from app.core.types import Note, Participant
from app.core.typesetting import estimated_lines, text_height

NOTE_WIDTH = 240.0
NOTE_HEIGHT = 160.0
NOTE_GAP = 24.0
BOARD_LEFT = 40.0
BOARD_TOP = 40.0
FREE_SPOT_COLUMNS = 6
CLUSTER_PADDING = 16.0
CLUSTER_TITLE_HEIGHT = 44.0
"""The title bar of a cluster whose title fits one line; a longer title wraps, taller."""
CLUSTER_TITLE_PIXELS = 22.0
CLUSTER_TITLE_INSET = 14.0
BOLD_WIDTH = 1.15
"""Left and right margin of a cluster's title inside its frame."""
CLUSTERS_PER_ROW = 6

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle in board units."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """The x of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """The y of the bottom edge."""
        return self.y + self.height

    def intersects(self, other: Rect) -> bool:
        """Whether the two rectangles overlap (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def contains(self, point: Point) -> bool:
        """Whether ``point`` lies inside."""
        return self.x <= point[0] <= self.right and self.y <= point[1] <= self.bottom


def note_rect(position: Point) -> Rect:
    """The rectangle a note at ``position`` covers."""
    return Rect(position[0], position[1], NOTE_WIDTH, NOTE_HEIGHT)


def note_center(position: Point) -> Point:
    """The centre of a note at ``position``."""
    return (position[0] + NOTE_WIDTH / 2, position[1] + NOTE_HEIGHT / 2)


class _SpatialIndex:
    """Buckets note rectangles by grid cell so that overlap checks stay local."""

    CELL_WIDTH = NOTE_WIDTH + NOTE_GAP
    CELL_HEIGHT = NOTE_HEIGHT + NOTE_GAP

    def __init__(self, positions: Iterable[Point]) -> None:
        self._cells: dict[tuple[int, int], list[Rect]] = defaultdict(list)
        for position in positions:
            self.add(note_rect(position))

    def _cells_of(self, rect: Rect) -> Iterable[tuple[int, int]]:
        for column in range(
            math.floor(rect.x / self.CELL_WIDTH), math.floor(rect.right / self.CELL_WIDTH) + 1
        ):
            for row in range(
                math.floor(rect.y / self.CELL_HEIGHT),
                math.floor(rect.bottom / self.CELL_HEIGHT) + 1,
            ):
                yield column, row

    def add(self, rect: Rect) -> None:
        for cell in self._cells_of(rect):
            self._cells[cell].append(rect)

    def is_free(self, rect: Rect) -> bool:
        return not any(
            rect.intersects(other) for cell in self._cells_of(rect) for other in self._cells[cell]
        )


def free_spots(
    occupied: Iterable[Point],
    count: int,
    columns: int = FREE_SPOT_COLUMNS,
    blocked: Iterable[Rect] = (),
) -> list[Point]:
    """The next ``count`` grid slots, in reading order, where a note overlaps nothing.

    Slots are note-sized cells with a gap between them, starting at the board's top
    left; notes placed anywhere by hand are respected, with the gap kept around them,
    and so is every ``blocked`` area (the clusters' frames).
    """
    index = _SpatialIndex(occupied)
    for rect in blocked:
        index.add(rect)
    found: list[Point] = []
    slot = 0
    while len(found) < count:
        row, column = divmod(slot, columns)
        position = (
            BOARD_LEFT + column * (NOTE_WIDTH + NOTE_GAP),
            BOARD_TOP + row * (NOTE_HEIGHT + NOTE_GAP),
        )
        padded = Rect(
            position[0] - NOTE_GAP / 2,
            position[1] - NOTE_GAP / 2,
            NOTE_WIDTH + NOTE_GAP,
            NOTE_HEIGHT + NOTE_GAP,
        )
        if index.is_free(padded):
            found.append(position)
            index.add(note_rect(position))
        slot += 1
    return found


def block_positions(count: int, origin: Point, columns: int | None = None) -> list[Point]:
    """Positions for ``count`` notes in a neat block whose top-left note is at ``origin``."""
    per_row = columns or max(1, math.ceil(math.sqrt(count)))
    return [
        (
            origin[0] + (index % per_row) * (NOTE_WIDTH + NOTE_GAP),
            origin[1] + (index // per_row) * (NOTE_HEIGHT + NOTE_GAP),
        )
        for index in range(count)
    ]


def tidy_grid(note_ids: Sequence[str], columns: int = FREE_SPOT_COLUMNS) -> dict[str, Point]:
    """Every note in one grid, in the given order."""
    positions = block_positions(len(note_ids), (BOARD_LEFT, BOARD_TOP), columns)
    return dict(zip(note_ids, positions, strict=True))


def tidy_by_cluster(
    notes: Sequence[Note],
    cluster_order: Sequence[str],
    titles: Mapping[str, str] | None = None,
) -> dict[str, Point]:
    """Each cluster's notes in a neat column block, side by side; loose notes last.

    Blocks are one note wide (two for clusters of more than six notes) so a board reads
    left to right on a wide projector; after every few blocks a new row starts. A row
    leaves room above its notes for the tallest (wrapped) title in it, so no two frames
    overlap.
    """
    titles = titles or {}
    members: dict[str | None, list[str]] = {cluster_id: [] for cluster_id in cluster_order}
    members[None] = []
    for note in notes:
        members[note.cluster_id if note.cluster_id in members else None].append(note.id)
    blocks = [key for key in [*cluster_order, None] if members[key]]
    positions: dict[str, Point] = {}
    notes_top = BOARD_TOP
    for start in range(0, len(blocks), CLUSTERS_PER_ROW):
        row = blocks[start : start + CLUSTERS_PER_ROW]
        widths = [1 if len(members[key]) <= 6 else 2 for key in row]
        title_room = max(
            cluster_title_height(titles.get(key, "") if key else "", _block_frame_width(cols))
            for key, cols in zip(row, widths, strict=True)
        )
        notes_top += title_room  # the row's tallest name goes above its notes
        x = BOARD_LEFT + CLUSTER_PADDING
        row_height = 0.0
        for key, block_columns in zip(row, widths, strict=True):
            ids = members[key]
            block = block_positions(len(ids), (x, notes_top), block_columns)
            positions.update(zip(ids, block, strict=True))
            rows = math.ceil(len(ids) / block_columns)
            row_height = max(row_height, rows * (NOTE_HEIGHT + NOTE_GAP))
            x += block_columns * (NOTE_WIDTH + NOTE_GAP) + 2 * CLUSTER_PADDING + NOTE_GAP
        notes_top += row_height + 2 * CLUSTER_PADDING + NOTE_GAP
    return positions


def _block_frame_width(columns: int) -> float:
    return columns * NOTE_WIDTH + (columns - 1) * NOTE_GAP + 2 * CLUSTER_PADDING


def cluster_title_height(title: str, frame_width: float) -> float:
    """The height of a cluster's title bar: one line, or as many as its title wraps to."""
    # Bold type runs wider than the estimate's average: count it as larger type.
    lines = estimated_lines(
        title or "Untitled cluster",
        frame_width - 2 * CLUSTER_TITLE_INSET,
        CLUSTER_TITLE_PIXELS * BOLD_WIDTH,
    )
    return max(CLUSTER_TITLE_HEIGHT, text_height(lines, CLUSTER_TITLE_PIXELS) + 14)


def cluster_frame(member_positions: Iterable[Point], title: str = "") -> Rect | None:
    """The frame drawn around a cluster's notes, with room for its whole title on top."""
    points = list(member_positions)
    if not points:
        return None
    left = min(x for x, _ in points) - CLUSTER_PADDING
    right = max(x for x, _ in points) + NOTE_WIDTH + CLUSTER_PADDING
    top = min(y for _, y in points) - CLUSTER_PADDING - cluster_title_height(title, right - left)
    bottom = max(y for _, y in points) + NOTE_HEIGHT + CLUSTER_PADDING
    return Rect(left, top, right - left, bottom - top)


def clusters_after_move(
    moved: Mapping[str, Point],
    notes: Mapping[str, Note],
    titles: Mapping[str, str] | None = None,
) -> dict[str, str | None]:
    """Which cluster each moved note belongs to once it is dropped where it is now.

    A note dropped inside another cluster's frame (drawn around that cluster's notes
    that did not move) joins it. A note dropped outside its own cluster's frame (drawn
    where the cluster was before the drag) leaves it, unless that would leave the
    cluster empty: dragging every note of a cluster moves the cluster.
    """
    before: dict[str, list[Point]] = defaultdict(list)
    staying: dict[str, list[Point]] = defaultdict(list)
    for note in notes.values():
        if note.cluster_id is not None:
            before[note.cluster_id].append((note.x, note.y))
            if note.id not in moved:
                staying[note.cluster_id].append((note.x, note.y))
    titles = titles or {}
    result: dict[str, str | None] = {}
    for note_id, position in moved.items():
        own = notes[note_id].cluster_id
        center = note_center(position)
        joined = next(
            (
                cluster_id
                for cluster_id, points in staying.items()
                if cluster_id != own
                and _frame_contains(points, center, titles.get(cluster_id, ""))
            ),
            None,
        )
        if joined is not None:
            result[note_id] = joined
        elif (
            own is not None
            and staying[own]
            and not _frame_contains(before[own], center, titles.get(own, ""))
        ):
            result[note_id] = None
        else:
            result[note_id] = own
    return result


def clusters_emptied(
    notes: Mapping[str, Note], changed: Iterable[Note], deleted: Iterable[str] = ()
) -> list[str]:
    """Clusters that have notes now and would have none after this change.

    ``changed`` are notes in their new state (a move, a regroup); ``deleted`` goes.
    """
    changed = list(changed)
    gone = {note.id for note in changed} | set(deleted)
    before = Counter(note.cluster_id for note in notes.values() if note.cluster_id)
    after = Counter(note.cluster_id for note in notes.values() if note.id not in gone)
    after.update(note.cluster_id for note in changed)
    return [cluster_id for cluster_id in before if not after[cluster_id]]


def _frame_contains(points: list[Point], center: Point, title: str = "") -> bool:
    frame = cluster_frame(points, title)
    return frame is not None and frame.contains(center)


def clean_note_text(text: str) -> str | None:
    """The text of a new or edited note, or ``None`` when there is nothing to add.

    Line endings are normalised and surrounding blanks removed. Text over the limit, or
    with control characters, raises :class:`~app.core.limits.TextError`; it is never
    cut silently.
    """
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        return None
    limits.check_text("The note", cleaned, max_length=limits.MAX_NOTE_TEXT)
    return cleaned


def split_pasted_lines(text: str) -> list[str]:
    """One note per non-blank line of pasted text."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def initials(name: str) -> str:
    """``"Maya Chen"`` → ``"MC"``; ``"Cher"`` → ``"C"``."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


@dataclass(frozen=True, slots=True)
class NoteFilter:
    """What the find bar asks for: words, and a person, department, colour or cluster."""

    query: str = ""
    person_id: str | None = None
    department: str | None = None
    color: str | None = None
    cluster_id: str | None = None

    @property
    def is_active(self) -> bool:
        """Whether it narrows anything down."""
        return bool(
            self.query.strip()
            or self.person_id
            or self.department is not None
            or self.color
            or self.cluster_id
        )

    def matches(self, note: Note, people: Mapping[str, Participant]) -> bool:
        """Whether ``note`` is one the facilitator is looking for.

        Face-down notes never match words: their text is not shown yet.
        """
        words = self.query.casefold().split()
        if words and (note.hidden or not all(word in note.text.casefold() for word in words)):
            return False
        if self.person_id is not None and note.author_id != self.person_id:
            return False
        if self.department is not None:
            author = people.get(note.author_id or "")
            if author is None or author.department != self.department:
                return False
        if self.color is not None and note.color.upper() != self.color.upper():
            return False
        return self.cluster_id is None or note.cluster_id == self.cluster_id
