"""Where notes go when the board changes, so that nothing hides anything else.

The rule the board keeps: no two cards overlap, no two cluster frames overlap, and no
loose card lies on a frame. Grouping puts the new cluster where it has room; a note
dropped into a cluster takes the free slot of its grid nearest to where it was
dropped; when a cluster grows onto its neighbours, they move out of its way to the
nearest free place. Only a card the facilitator drags onto another loose card stays
on top of it: that was on purpose.

Every function returns new positions (``{note id: (x, y)}``) for the notes that move;
the caller makes them one undo step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.core.board import (
    CLUSTER_PADDING,
    NOTE_GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    Point,
    Rect,
    block_positions,
    cluster_frame,
    cluster_title_height,
    note_rect,
)
from app.core.types import Note

STEP_X = (NOTE_WIDTH + NOTE_GAP) / 2
STEP_Y = (NOTE_HEIGHT + NOTE_GAP) / 2
MAX_RINGS = 400
"""How far the search for a free place looks around where it starts (in half cards)."""


@dataclass(frozen=True, slots=True)
class BoardLayout:
    """What covers the board: each card, each cluster's frame, each cluster's members."""

    cards: dict[str, Rect]
    frames: dict[str, Rect]
    members: dict[str, list[str]] = field(default_factory=dict)

    def loose(self) -> list[str]:
        """The notes in no cluster, in board order."""
        grouped = {note_id for ids in self.members.values() for note_id in ids}
        return [note_id for note_id in self.cards if note_id not in grouped]


def board_layout(notes: Iterable[Note], titles: Mapping[str, str]) -> BoardLayout:
    """The cards and frames of a board, frames sized for their (wrapped) titles."""
    cards: dict[str, Rect] = {}
    members: dict[str, list[str]] = {}
    for note in notes:
        cards[note.id] = note_rect((note.x, note.y))
        if note.cluster_id is not None:
            members.setdefault(note.cluster_id, []).append(note.id)
    frames: dict[str, Rect] = {}
    for cluster_id, ids in members.items():
        frame = cluster_frame(((cards[i].x, cards[i].y) for i in ids), titles.get(cluster_id, ""))
        if frame is not None:
            frames[cluster_id] = frame
    return BoardLayout(cards, frames, members)


def overlaps(layout: BoardLayout) -> list[tuple[str, str]]:
    """Every pair of things that cover each other: the rule's broken places (none, ideally)."""
    found: list[tuple[str, str]] = []
    cards = list(layout.cards.items())
    for index, (first, rect) in enumerate(cards):
        for second, other in cards[index + 1 :]:
            if rect.intersects(other):
                found.append((first, second))
    frames = list(layout.frames.items())
    for index, (first, frame) in enumerate(frames):
        for second, other in frames[index + 1 :]:
            if frame.intersects(other):
                found.append((f"cluster {first}", f"cluster {second}"))
    for note_id in layout.loose():
        for cluster_id, frame in layout.frames.items():
            if layout.cards[note_id].intersects(frame):
                found.append((note_id, f"cluster {cluster_id}"))
    return found


def free_place(
    width: float, height: float, near: Point, obstacles: Sequence[Rect], gap: float = NOTE_GAP
) -> Point:
    """The top-left of a ``width`` × ``height`` rectangle that touches no obstacle.

    It is ``near`` if that is free, else the nearest free place on a grid of half
    cards around it, keeping ``gap`` clear all round (never left of or above the
    board's top-left corner by more than the search needs).
    """
    index = _RectIndex(obstacles)

    def free(x: float, y: float) -> bool:
        return index.is_free(Rect(x - gap / 2, y - gap / 2, width + gap, height + gap))

    if free(*near):
        return near
    for ring in range(1, MAX_RINGS):
        candidates = [
            (near[0] + dx * STEP_X, near[1] + dy * STEP_Y)
            for dx in range(-ring, ring + 1)
            for dy in range(-ring, ring + 1)
            if max(abs(dx), abs(dy)) == ring
        ]
        candidates.sort(key=lambda point: math.dist(point, near))
        for candidate in candidates:
            if free(*candidate):
                return candidate
    right = max((rect.right for rect in obstacles), default=near[0])
    return (right + gap, near[1])  # past everything: always free


def group_positions(
    notes: Mapping[str, Note], titles: Mapping[str, str], selected: Sequence[str], title: str
) -> dict[str, Point]:
    """The selected notes packed in a block for a new cluster, where the frame has room.

    The block starts where the selection's top-left was if nothing is in the way
    there, else at the nearest free place.
    """
    chosen = [notes[note_id] for note_id in selected]
    columns = max(1, math.ceil(math.sqrt(len(chosen))))
    rows = math.ceil(len(chosen) / columns)
    width = columns * NOTE_WIDTH + (columns - 1) * NOTE_GAP + 2 * CLUSTER_PADDING
    title_room = cluster_title_height(title, width)
    height = rows * NOTE_HEIGHT + (rows - 1) * NOTE_GAP + 2 * CLUSTER_PADDING + title_room
    leaving = set(selected)
    rest = board_layout((n for n in notes.values() if n.id not in leaving), titles)
    near = (
        min(note.x for note in chosen) - CLUSTER_PADDING,
        min(note.y for note in chosen) - CLUSTER_PADDING - title_room,
    )
    corner = free_place(width, height, near, _obstacles(rest))
    origin = (corner[0] + CLUSTER_PADDING, corner[1] + title_room + CLUSTER_PADDING)
    return dict(zip(selected, block_positions(len(chosen), origin, columns), strict=True))


def settle_drop(
    notes: Mapping[str, Note],
    titles: Mapping[str, str],
    dropped: Mapping[str, Point],
    membership: Mapping[str, str | None],
) -> dict[str, Point]:
    """Where dropped notes end up, and whom they push out of the way.

    ``dropped`` are the notes' positions where the drag let go of them, ``membership``
    the cluster each one belongs to now. A note in a cluster takes the free slot of that
    cluster's grid nearest to where it was let go; a loose note stays where it was let
    go, off any frame. Clusters that grew onto others make them move.
    """
    after = {
        note_id: replace(
            note,
            x=dropped[note_id][0] if note_id in dropped else note.x,
            y=dropped[note_id][1] if note_id in dropped else note.y,
            cluster_id=membership.get(note_id, note.cluster_id),
        )
        for note_id, note in notes.items()
    }
    moved: dict[str, Point] = {}
    by_cluster: dict[str, list[str]] = {}
    for note_id in dropped:
        cluster_id = after[note_id].cluster_id
        if cluster_id is not None:
            by_cluster.setdefault(cluster_id, []).append(note_id)
    grown: set[str] = set()
    carried: set[str] = set()  # clusters dragged whole: they keep their shape
    for cluster_id, arriving in by_cluster.items():
        stay = [n for n in after.values() if n.cluster_id == cluster_id and n.id not in arriving]
        if not stay:
            carried.add(cluster_id)
            moved.update((note_id, dropped[note_id]) for note_id in arriving)
            continue
        grown.add(cluster_id)
        for note_id, place in _slots_for(stay, [after[i] for i in arriving], titles, cluster_id):
            after[note_id] = replace(after[note_id], x=place[0], y=place[1])
            moved[note_id] = place
    loose_dropped = [i for i in dropped if after[i].cluster_id is None]
    moved.update((note_id, (after[note_id].x, after[note_id].y)) for note_id in loose_dropped)
    # A cluster that lost a note may be narrower, so its title wraps taller: it grew too.
    # The clusters notes went to come first: the others give way to them.
    targets = [c for c in by_cluster if c in grown]
    others = grown_frames(notes.values(), after.values(), titles)
    priority = [*targets, *(c for c in sorted(others) if c not in carried and c not in targets)]
    for note_id, place in make_room(after, titles, priority, loose_dropped).items():
        after[note_id] = replace(after[note_id], x=place[0], y=place[1])
        moved[note_id] = place
    for note_id, place in _clear_of_the_rest(after, titles, carried).items():
        moved[note_id] = place
    return moved


def _clear_of_the_rest(
    notes: Mapping[str, Note], titles: Mapping[str, str], clusters: set[str]
) -> dict[str, Point]:
    """Clusters the facilitator carried onto something move to the nearest free place."""
    if not clusters:
        return {}
    layout = board_layout(notes.values(), titles)
    others = [
        frame for cluster_id, frame in layout.frames.items() if cluster_id not in clusters
    ] + [layout.cards[i] for i in layout.loose()]
    moves: dict[str, Point] = {}
    for cluster_id in clusters:
        frame = layout.frames.get(cluster_id)
        if frame is None:
            continue
        corner = free_place(frame.width, frame.height, (frame.x, frame.y), others)
        dx, dy = corner[0] - frame.x, corner[1] - frame.y
        if dx or dy:
            for note_id in layout.members[cluster_id]:
                card = layout.cards[note_id]
                moves[note_id] = (card.x + dx, card.y + dy)
        others.append(Rect(corner[0], corner[1], frame.width, frame.height))
    return moves


def grown_frames(
    before: Iterable[Note],
    after: Iterable[Note],
    titles: Mapping[str, str],
    titles_after: Mapping[str, str] | None = None,
) -> set[str]:
    """Clusters whose frame now covers ground it did not cover before (or that are new)."""
    old = board_layout(before, titles).frames
    new = board_layout(after, titles if titles_after is None else titles_after).frames
    return {
        cluster_id
        for cluster_id, frame in new.items()
        if cluster_id not in old or not _inside(frame, old[cluster_id])
    }


def settle(
    before: Mapping[str, Note],
    after: Mapping[str, Note],
    titles: Mapping[str, str],
    titles_after: Mapping[str, str] | None = None,
) -> dict[str, Point]:
    """After any change: whatever a grown or new frame now lies on moves out of its way."""
    titles_after = titles if titles_after is None else titles_after
    grown = grown_frames(before.values(), after.values(), titles, titles_after)
    return make_room(after, titles_after, grown) if grown else {}


def _inside(inner: Rect, outer: Rect) -> bool:
    return (
        outer.x <= inner.x
        and outer.y <= inner.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


def make_room(
    notes: Mapping[str, Note],
    titles: Mapping[str, str],
    keep_clusters: Iterable[str],
    keep_notes: Iterable[str] = (),
) -> dict[str, Point]:
    """Move whatever lies on the kept clusters to the nearest free place.

    The kept things stay where they are, except a kept loose note lying on a frame: it
    moves off, since a card half on a cluster belongs to neither. Loose cards on top of
    each other stay: that was a drop on purpose.
    """
    layout = board_layout(notes.values(), titles)
    # Kept clusters come in order of priority: one that lies on a cluster kept before
    # it (a cluster that lost a note and wrapped taller, on the one it went to) moves.
    fixed: list[Rect] = []
    kept: set[str] = set()
    for cluster_id in dict.fromkeys(keep_clusters):
        frame = layout.frames.get(cluster_id)
        if frame is not None and not any(frame.intersects(other) for other in fixed):
            fixed.append(frame)
            kept.add(cluster_id)
    keep_clusters, keep_notes = kept, set(keep_notes)
    moves: dict[str, Point] = {}
    # Things as they are: a cluster moves whole, a loose note alone.
    things: list[tuple[str, str, Rect]] = [
        ("cluster", cluster_id, frame)
        for cluster_id, frame in layout.frames.items()
        if cluster_id not in keep_clusters
    ]
    things += [("note", note_id, layout.cards[note_id]) for note_id in layout.loose()]
    settled: list[Rect] = list(fixed)
    in_the_way: list[tuple[str, str, Rect]] = []
    for kind, key, rect in things:
        on_fixed = any(rect.intersects(frame) for frame in fixed)
        if kind == "note" and key in keep_notes:
            on_fixed = any(rect.intersects(frame) for frame in layout.frames.values())
        if on_fixed:
            in_the_way.append((kind, key, rect))
        else:
            settled.append(rect)
    for kind, key, rect in in_the_way:
        corner = free_place(rect.width, rect.height, (rect.x, rect.y), settled)
        dx, dy = corner[0] - rect.x, corner[1] - rect.y
        ids = layout.members[key] if kind == "cluster" else [key]
        for note_id in ids:
            card = layout.cards[note_id]
            moves[note_id] = (card.x + dx, card.y + dy)
        settled.append(Rect(corner[0], corner[1], rect.width, rect.height))
    return moves


def new_note_obstacles(notes: Iterable[Note], titles: Mapping[str, str]) -> list[Rect]:
    """What a new note must keep clear of: every card and every cluster's frame."""
    layout = board_layout(notes, titles)
    return [*layout.cards.values(), *layout.frames.values()]


def _obstacles(layout: BoardLayout) -> list[Rect]:
    return [*layout.frames.values(), *(layout.cards[i] for i in layout.loose())]


def _slots_for(
    staying: Sequence[Note],
    arriving: Sequence[Note],
    titles: Mapping[str, str],
    cluster_id: str,
) -> list[tuple[str, Point]]:
    """The grid slots of a cluster for arriving notes, each nearest to where it was let go."""
    title = titles.get(cluster_id, "")
    if staying:
        frame = cluster_frame(((n.x, n.y) for n in staying), title)
        assert frame is not None
        columns = max(
            1, round((frame.width - 2 * CLUSTER_PADDING + NOTE_GAP) / (NOTE_WIDTH + NOTE_GAP))
        )
        origin = (frame.x + CLUSTER_PADDING, min(n.y for n in staying))
    else:  # the whole cluster moved together: it keeps its shape where it was let go
        return [(note.id, (note.x, note.y)) for note in arriving]
    taken = [note_rect((n.x, n.y)) for n in staying]
    rows_needed = math.ceil((len(staying) + len(arriving)) / columns) + 1
    slots = [
        (
            origin[0] + column * (NOTE_WIDTH + NOTE_GAP),
            origin[1] + row * (NOTE_HEIGHT + NOTE_GAP),
        )
        for row in range(rows_needed + len(staying))
        for column in range(columns)
    ]
    free = [slot for slot in slots if not any(note_rect(slot).intersects(t) for t in taken)]
    placed: list[tuple[str, Point]] = []
    for note in arriving:
        best = min(free, key=lambda slot: (math.dist(slot, (note.x, note.y)), slot[1], slot[0]))
        free.remove(best)
        placed.append((note.id, best))
    return placed


class _RectIndex:
    """Buckets rectangles by grid cell so that a free-place search stays local."""

    CELL = NOTE_WIDTH + NOTE_GAP

    def __init__(self, rects: Iterable[Rect]) -> None:
        self._cells: dict[tuple[int, int], list[Rect]] = {}
        for rect in rects:
            for cell in self._cells_of(rect):
                self._cells.setdefault(cell, []).append(rect)

    def _cells_of(self, rect: Rect) -> Iterable[tuple[int, int]]:
        for column in range(
            math.floor(rect.x / self.CELL), math.floor(rect.right / self.CELL) + 1
        ):
            for row in range(
                math.floor(rect.y / self.CELL), math.floor(rect.bottom / self.CELL) + 1
            ):
                yield column, row

    def is_free(self, rect: Rect) -> bool:
        return not any(
            rect.intersects(other)
            for cell in self._cells_of(rect)
            for other in self._cells.get(cell, ())
        )
