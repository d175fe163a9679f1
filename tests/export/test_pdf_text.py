"""User text as paragraph markup: a line the base font draws whole skips the font per character."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.export import pdf_text
from app.export.pdf_text import markup

MIXED = "aZ09 <>&\"'\t·é€™—“”\u00a0\u200b\u200f\u0301\x01ÄßμкЯ中文日本語한국어مرحباשלום🚀✨"


def test_a_line_the_base_font_draws_asks_no_characters_font(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    real = pdf_text._font_for

    def counted(char: str, base: str, fonts: dict[str, object]) -> str:
        asked.append(char)
        return real(char, base, fonts)

    monkeypatch.setattr(pdf_text, "_font_for", counted)
    assert markup("Ärger & <b>tags</b>: 100 % sûr — “ja”") == (
        "Ärger &amp; &lt;b&gt;tags&lt;/b&gt;: 100 % sûr — “ja”"
    )
    assert markup("Plain\tline", bold=True) == "Plain\tline"
    assert asked == []
    markup("Plain 中文")
    assert asked  # a line with another script still goes character by character


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MIXED, max_size=30), st.booleans())
def test_the_shortcut_gives_the_markup_going_character_by_character_gives(
    text: str, bold: bool
) -> None:
    quick = markup(text, bold)
    with mock.patch.object(pdf_text, "_base_chars", lambda base: frozenset()):
        assert quick == markup(text, bold)
