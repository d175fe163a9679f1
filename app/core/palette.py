"""Note colours that stay distinct for colour-blind people.

Light tints of the Okabe-Ito palette (safe for the common forms of colour blindness),
light enough for dark text to read on a projector.
"""

from __future__ import annotations

from itertools import cycle, islice

NOTE_COLORS: tuple[str, ...] = (
    "#FFE08A",  # yellow
    "#9FD3F5",  # sky blue
    "#F7C38A",  # orange
    "#9EE0C8",  # bluish green
    "#E7B5D1",  # reddish purple
    "#A9C7EC",  # blue
    "#F0A98C",  # vermillion
    "#E3E3E3",  # grey
)
DEFAULT_NOTE_COLOR = NOTE_COLORS[0]
ANONYMOUS_NOTE_COLOR = "#FFF5C2"


def department_colors(count: int) -> list[str]:
    """``count`` colours for departments, repeating the palette when there are more."""
    return list(islice(cycle(NOTE_COLORS), count))
