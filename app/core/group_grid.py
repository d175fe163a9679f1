"""Lines in a grid for the room: 1-2-4-All's groups and their people, read from the back row.

Up to fifteen pairs ("Group A: Ana Ruiz, Ben Okafor") must fit under the question on a
1280×720 or 1024×768 screen and leave the board most of the screen. The grid takes the
largest text size whose lines fit a height budget, in the columns that need the least
height; but a size up to :data:`WRAP_RATHER_THAN_SHRINK` pixels smaller is taken if it
keeps every line on one line (a line wraps in its column at a space, a word is never
broken). When nothing fits the budget even at the
smallest size, the smallest is taken anyway and the grid is as tall as it needs: a name
is never left out or cut, the board gets less room (and a word wider than the whole
width is broken, not cut).

Text is measured through callbacks, so the view can use its real font.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.room_layout import LINE_SPACING
from app.core.typesetting import Measure

WordWidth = Callable[[str, int], float]
"""``(text, pixel size) -> width`` of the widest word of ``text``, in pixels."""

MAX_COLUMNS = 4
"""More columns make lines too short to read across a room."""


WRAP_RATHER_THAN_SHRINK = 4
"""Pixels of text size given up to keep every group on one line; any more, and lines wrap."""


@dataclass(frozen=True, slots=True)
class GroupGrid:
    """Where each line goes: its cell, at one text size; lines run down the columns."""

    pixels: int
    columns: int
    rows: int
    row_lines: tuple[int, ...]
    """How many lines of text each row holds (its tallest cell)."""
    fits: bool
    """Whether it fits the height budget (if not, it is as small as it gets)."""
    gap: float = 24.0
    """Between two columns; a quarter of it between two rows."""

    @property
    def height(self) -> float:
        """The whole grid's height in pixels, gaps included."""
        pitch = self.pixels * LINE_SPACING
        return sum(self.row_lines) * pitch + self.gap / 4 * max(0, self.rows - 1)

    @property
    def wraps(self) -> bool:
        """Whether a row holds a line that wraps (the cell of a long group)."""
        return any(lines > 1 for lines in self.row_lines)

    def column_width(self, width: float) -> float:
        """How wide each column is in ``width``."""
        return (width - self.gap * (self.columns - 1)) / self.columns

    def cell(self, index: int) -> tuple[int, int]:
        """The (row, column) of the ``index``-th line."""
        return index % self.rows, index // self.rows


def _arrange(
    lines: Sequence[str],
    width: float,
    pixels: int,
    columns: int,
    gap: float,
    measure: Measure,
    word_width: WordWidth | None,
) -> GroupGrid | None:
    """The grid in ``columns`` columns; ``None`` when a word is wider than a column."""
    rows = math.ceil(len(lines) / columns)
    grid = GroupGrid(pixels, columns, rows, (), True, gap)
    column_width = grid.column_width(width)
    if column_width <= 0:
        return None
    row_lines = [0] * rows
    for index, line in enumerate(lines):
        if word_width is not None and word_width(line, pixels) > column_width:
            return None
        row = index % rows
        row_lines[row] = max(row_lines[row], measure(line, column_width, pixels))
    return GroupGrid(pixels, columns, rows, tuple(row_lines), True, gap)


def fit_group_grid(
    lines: Sequence[str],
    width: float,
    budget: float,
    sizes: Sequence[int],
    measure: Measure,
    word_width: WordWidth,
    gap: float = 24.0,
) -> GroupGrid:
    """The grid for ``lines`` in ``width``, at the first of ``sizes`` that fits ``budget``.

    ``sizes`` go largest first; at each, the columns that take the least height.
    """
    if not lines or not sizes:
        return GroupGrid(sizes[0] if sizes else 0, 1, 0, (), True, gap)
    if width <= 0:  # not laid out yet: a line a row
        return GroupGrid(sizes[-1], 1, len(lines), (1,) * len(lines), False, gap)
    smallest: GroupGrid | None = None
    wrapped: GroupGrid | None = None
    """The largest grid that fits with a line wrapped, while one on single lines is sought."""
    for pixels in sizes:
        made = (
            _arrange(lines, width, pixels, columns, gap, measure, word_width)
            for columns in range(1, min(MAX_COLUMNS, len(lines)) + 1)
        )
        grids = [grid for grid in made if grid is not None]
        fitting = sorted(
            (grid for grid in grids if grid.height <= budget),
            key=lambda grid: (grid.height, grid.columns),
        )
        single = [grid for grid in fitting if not grid.wraps]
        if single:  # a group on one line reads best, if that costs little of its size
            keep = wrapped is None or pixels >= wrapped.pixels - WRAP_RATHER_THAN_SHRINK
            return single[0] if keep or wrapped is None else wrapped
        if fitting and wrapped is None:
            wrapped = fitting[0]
        if grids:
            smallest = min(grids, key=lambda grid: grid.height)
    if wrapped is not None:
        return wrapped
    if smallest is None:  # a word wider than the whole width: one column, broken
        smallest = _arrange(lines, width, sizes[-1], 1, gap, measure, None)
        assert smallest is not None
    return GroupGrid(
        smallest.pixels, smallest.columns, smallest.rows, smallest.row_lines, False, gap
    )
