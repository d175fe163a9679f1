"""Small text rules shared by the window, the command line and the exports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window's first paint uses this module: types cost 15 ms to import
    from app.core.types import Participant

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``"1 dot"``, ``"3 dots"``, ``"0 dots"``: a number with its noun, plural right."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def dots_text(count: int) -> str:
    """How an item's dots read in a result: ``"no dots"``, ``"1 dot"``, ``"4 dots"``."""
    return "no dots" if count == 0 else counted(count, "dot")


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def printable(value: object) -> str:
    """``value`` as a terminal may show it: control characters escaped, never sent."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))


def file_stem(title: str, fallback: str) -> str:
    """A clean file name stem: ``"Fewer repeat tickets!"`` becomes ``fewer-repeat-tickets``."""
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in title)
    return "-".join(part for part in cleaned.split("-") if part)[:60] or fallback


def left_out_summary(left_out: list[str]) -> str:
    """``"left out: <the first row's line> (and 2 more)"``; empty when nothing was."""
    if not left_out:
        return ""
    more = f" (and {len(left_out) - 1} more)" if len(left_out) > 1 else ""
    return f"left out: {left_out[0]}{more}"


def csv_safe(text: str) -> str:
    """Text a spreadsheet shows as typed, never runs as a formula (``=SUM(...)``).

    A leading apostrophe is the convention spreadsheets understand for "this is text".
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def people_choices(people: Sequence[Participant]) -> dict[str, str]:
    """A label a person for a list to choose from, each label once → the person's id.

    The name alone when nobody else has it; "Name (Department)" when two share a
    name; a number after that when they share the department too. Choosing a label
    can never pick the wrong one of two people called alike.
    """
    names = Counter(person.name for person in people)
    choices: dict[str, str] = {}
    for person in people:
        label = person.name
        if names[person.name] > 1 and person.department:
            label = f"{person.name} ({person.department})"
        unique, number = label, 2
        while unique in choices:
            unique, number = f"{label} {number}", number + 1
        choices[unique] = person.id
    return choices
