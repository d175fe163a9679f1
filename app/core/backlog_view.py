"""How the backlog's tables are asked for: their order, and what a search box's text means.

Nothing here knows about Qt or SQL: storage turns these into queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BacklogOrder:
    """How a backlog table is sorted: by one of its columns (by title), up or down."""

    column: str
    descending: bool = False


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """What a search box's text asks for, as full-text engines take it.

    Each of ``words`` must start a word of the text (accents and case aside), or
    ``text`` must stand anywhere in it, inside a word too, when it is long enough for
    the engine's substring index (:data:`MIN_SUBSTRING`; a server takes less).
    """

    words: tuple[str, ...]
    text: str

    def substring(self, shortest: int = 3) -> str:
        """The text to find anywhere, or "" when it is shorter than ``shortest``."""
        return self.text if len(self.text) >= shortest else ""


MIN_SUBSTRING = 3
"""SQLite's trigram index finds substrings of three characters or more."""


def search_terms(text: str) -> SearchTerms:
    """The words and the whole text of a search box's text (punctuation splits words)."""
    cleaned = re.sub(r"\s+", " ", text).strip()
    return SearchTerms(tuple(re.findall(r"\w+", cleaned)), cleaned)
