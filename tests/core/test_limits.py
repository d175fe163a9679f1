"""Text rules of the format: lengths in code points, no control characters or surrogates."""

from __future__ import annotations

import pytest

from app.core import limits
from app.core.limits import TextError, check_text, text_problem


@pytest.mark.parametrize(
    "text", ["", "plain", "tab\tand\nnewline", "🚀 emoji", "中文", "مرحبا", "<b>x</b> & y"]
)
def test_ordinary_text_is_fine(text: str):
    assert text_problem(text, max_length=100) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a\x00b", "control character (U+0000) at position 2"),
        ("\x1b[31m", "control character (U+001B)"),
        ("x\x85", "control character (U+0085)"),
        ("\ud83d", "lone surrogate (U+D83D)"),
    ],
)
def test_control_characters_and_surrogates_are_named(text: str, problem: str):
    found = text_problem(text, max_length=100)
    assert found is not None and problem in found


def test_length_counts_code_points_not_bytes():
    assert text_problem("🚀" * 10, max_length=10) is None
    assert text_problem("🚀" * 11, max_length=10) == "is 11 characters long; the limit is 10"


def test_check_text_names_the_field():
    with pytest.raises(TextError, match=r"^The title must not be empty$"):
        check_text("The title", "", max_length=10, min_length=1)


def test_the_forbidden_characters_are_exactly_unicodes_controls_and_surrogates():
    """One regular expression stands in for a category lookup per character."""
    import unicodedata

    from app.core.limits import _FORBIDDEN_CHARACTER

    for code in range(0x110000):
        char = chr(code)
        forbidden = unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n"
        assert bool(_FORBIDDEN_CHARACTER.fullmatch(char)) is forbidden, hex(code)


@pytest.mark.parametrize(
    ("kind", "limit"),
    [
        ("notes", limits.MAX_NOTES),
        ("clusters", limits.MAX_CLUSTERS),
        ("vote rounds", limits.MAX_VOTE_ROUNDS),
        ("actions", limits.MAX_ACTION_ITEMS),
    ],
)
def test_a_session_grows_up_to_its_formats_limit_and_not_past_it(kind: str, limit: int):
    limits.check_room(kind, limit - 2, 2)
    with pytest.raises(limits.LimitReached) as refused:
        limits.check_room(kind, limit - 1, 2)
    assert str(refused.value) == (
        f"A session holds at most {limit:,} {kind}, and this one has {limit - 1:,}."
    )
