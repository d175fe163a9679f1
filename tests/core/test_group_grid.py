"""1-2-4-All's groups in a grid for the room: the largest type that fits, nothing cut."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.group_grid import WRAP_RATHER_THAN_SHRINK, fit_group_grid
from app.core.room_layout import LINE_SPACING
from app.core.typesetting import estimated_lines, text_width

SIZES = (24, 22, 20, 18)


def measure(text: str, width: float, pixels: float) -> int:
    return estimated_lines(text, width, pixels)


def widest(text: str, pixels: int) -> float:
    return max(text_width(word, pixels) for word in text.split(" "))


def pairs(count: int) -> list[str]:
    return [f"Group {chr(65 + i)}: Ana Ruiz, Ben Okafor" for i in range(count)]


def test_fifteen_pairs_fit_a_720_screens_share_in_columns_of_one_line_each():
    lines = pairs(15)
    grid = fit_group_grid(lines, 1240, 216, SIZES, measure, widest)
    assert grid.fits and grid.height <= 216
    assert grid.columns > 1 and not grid.wraps
    assert grid.pixels >= 18
    cells = {grid.cell(index) for index in range(15)}
    assert len(cells) == 15  # every group has a cell of its own
    assert all(row < grid.rows and column < grid.columns for row, column in cells)


def test_a_few_groups_get_the_largest_type():
    grid = fit_group_grid(pairs(3), 1240, 216, SIZES, measure, widest)
    assert grid.pixels == 24 and grid.fits and not grid.wraps


def test_too_many_for_the_budget_take_the_smallest_type_and_the_room_they_need():
    lines = pairs(15)
    grid = fit_group_grid(lines, 600, 60, SIZES, measure, widest)
    assert not grid.fits and grid.pixels == 18
    assert len({grid.cell(index) for index in range(15)}) == 15  # nobody left out
    assert grid.height > 60


def test_a_column_narrower_than_a_word_is_never_chosen():
    lines = ["Group A: Bartholomew-Featherstonehaugh", "Group B: Ana"]
    word = widest(lines[0], 24)
    grid = fit_group_grid(lines, word * 1.5, 500, SIZES, measure, widest)
    assert grid.columns == 1  # two columns would cut the long name


def test_a_word_wider_than_everything_is_broken_not_left_out():
    lines = ["Group A: " + "W" * 80]
    grid = fit_group_grid(lines, 300, 500, SIZES, measure, widest)
    assert grid.pixels == 18 and grid.columns == 1 and not grid.fits
    assert grid.row_lines[0] == estimated_lines(lines[0], 300, 18)


def test_nothing_to_show_takes_no_room():
    grid = fit_group_grid([], 1240, 216, SIZES, measure, widest)
    assert grid.height == 0 and grid.rows == 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("abcdefg ,", min_size=1, max_size=60), min_size=1, max_size=15),
    st.integers(300, 1400),
    st.integers(40, 300),
)
def test_the_grid_is_as_tall_as_its_rows_and_no_line_wraps_where_a_word_is_cut(
    lines, width, budget
):
    grid = fit_group_grid(lines, width, budget, SIZES, measure, widest)
    column = grid.column_width(width)
    for index, line in enumerate(lines):
        row, _column = grid.cell(index)
        assert grid.row_lines[row] >= measure(line, column, grid.pixels)
        assert widest(line, grid.pixels) <= column or grid.columns == 1
    pitch = grid.pixels * LINE_SPACING
    assert grid.height >= sum(grid.row_lines) * pitch
    if grid.fits:
        assert grid.height <= budget


def test_one_line_per_group_is_worth_a_little_of_the_type_size():
    lines = [f"Group {chr(65 + i)}: Dario Moss, Eli Novak, Hana Sato, Fay Moss" for i in range(7)]
    grid = fit_group_grid(lines, 1240, 216, (24, 22, 20, 18), measure, widest)
    assert not grid.wraps and grid.pixels >= 24 - WRAP_RATHER_THAN_SHRINK
