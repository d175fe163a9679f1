"""How much room text needs, estimated without a font engine.

The board's cluster frames and the room's layout are decided in the core, so they need
to know how many lines a text wraps to. Qt knows exactly; the core estimates from the
characters' widths in ems, erring on the wide side, so that text always fits the room
it is given (a little air is better than a cut title). The views may pass a
:class:`Measure` that asks the real font instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

LINE_SPACING = 1.3
"""Line height as a multiple of the font's pixel size."""

Measure = Callable[[str, float, float], int]
"""``(text, width, pixel size) -> lines``: how many lines ``text`` wraps to."""


def char_width(char: str) -> float:
    """The advance of one character, in ems (wide for East Asian scripts and emoji)."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if char == " ":
        return 0.3
    if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) > 0xFFFF:
        return 1.05
    if char.isupper() or char in "mwMW@%&":
        return 0.78
    if char in "iljtfrI.,:;'!|()[]{}":
        return 0.36
    return 0.6


def text_width(text: str, pixel_size: float) -> float:
    """The estimated width of ``text`` on one line, in pixels."""
    return sum(char_width(char) for char in text) * pixel_size


def wrap(text: str, width: float, pixel_size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``: at spaces, else anywhere."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, pixel_size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:  # a word wider than the line is broken where it must be
                if line and text_width(line + char, pixel_size) > width:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


def estimated_lines(text: str, width: float, pixel_size: float) -> int:
    """How many lines ``text`` wraps to (a :class:`Measure` that needs no font)."""
    return len(wrap(text, width, pixel_size))


def text_height(lines: int, pixel_size: float) -> float:
    """The height of ``lines`` lines of text at ``pixel_size``."""
    return lines * pixel_size * LINE_SPACING
