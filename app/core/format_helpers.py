"""Small text rules shared by the exports."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Text a spreadsheet shows as typed, never runs as a formula (``=SUM(...)``).

    A leading apostrophe is the convention spreadsheets understand for "this is text".
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text
