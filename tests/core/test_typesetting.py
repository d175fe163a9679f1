"""Text measured without a font: lines never wider than asked, wide scripts counted wide."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.typesetting import estimated_lines, text_height, text_width, wrap


@given(st.text(min_size=1, max_size=300), st.floats(40, 800), st.floats(10, 60))
def test_no_wrapped_line_is_wider_than_the_width_unless_one_character_is(text, width, px):
    for line in wrap(text, width, px):
        assert text_width(line, px) <= width or len(line) == 1


def test_wide_scripts_take_more_room_and_lines_stack():
    assert text_width("快速响应", 20) > text_width("fast", 20)
    assert estimated_lines("Offer a callback instead of hold music", 120, 20) >= 2
    assert estimated_lines("short", 400, 20) == 1
    assert estimated_lines("one\ntwo", 400, 20) == 2
    assert text_height(2, 20) == 52
