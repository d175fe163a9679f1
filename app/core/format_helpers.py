"""Small text rules shared by the window, the command line and the exports."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``"1 dot"``, ``"3 dots"``, ``"0 dots"``: a number with its noun, plural right."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def dots_text(count: int) -> str:
    """How an item's dots read in a result: ``"no dots"``, ``"1 dot"``, ``"4 dots"``."""
    return "no dots" if count == 0 else counted(count, "dot")


def csv_safe(text: str) -> str:
    """Text a spreadsheet shows as typed, never runs as a formula (``=SUM(...)``).

    A leading apostrophe is the convention spreadsheets understand for "this is text".
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text
