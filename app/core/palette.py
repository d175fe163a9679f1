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


CLUSTER_COLORS: tuple[str, ...] = (
    "#FFD54F",
    "#81D4FA",
    "#A5D6A7",
    "#CE93D8",
    "#FFAB91",
    "#B0BEC5",
)
"""Frame colours for clusters, strong enough to tell apart behind the notes."""

COLOR_NAMES: dict[str, str] = {
    "#FFE08A": "Yellow",
    "#9FD3F5": "Sky blue",
    "#F7C38A": "Orange",
    "#9EE0C8": "Green",
    "#E7B5D1": "Pink",
    "#A9C7EC": "Blue",
    "#F0A98C": "Red",
    "#E3E3E3": "Grey",
    ANONYMOUS_NOTE_COLOR: "Pale yellow",
}
"""Names people can say out loud for the note colours."""
