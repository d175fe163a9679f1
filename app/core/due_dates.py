"""Due dates typed the way people say them: "+7", "2w", "fri", "4 Dec", "2026-12-04"."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
HINT = "a date like 2026-12-04, 4 Dec, fri, +7 (days) or 2w (weeks)"


class DueDateError(ValueError):
    """The text is not a date; the message says what would be."""


def parse_due_date(text: str, today: date, *, past: bool = False) -> date | None:
    """The date ``text`` means, counted from ``today``; ``None`` for an empty field.

    A day without a year ("4 Jan", "fri") is the next one, or with ``past`` (for
    "held since" filters) the last one. Raises :class:`DueDateError` with a sentence
    naming what is accepted.
    """
    words = text.strip().casefold().rstrip(".")
    if not words or words in ("-", "none", "no date"):
        return None
    try:
        found = _parse(words, today, past)
    except ValueError:
        found = None  # e.g. 31 Feb: a date-shaped text that is no date
    if found is None:
        raise DueDateError(f"“{text.strip()}” is not a date; type {HINT}")
    return found


def _parse(words: str, today: date, past: bool) -> date | None:
    if words == "today":
        return today
    if words == "tomorrow":
        return today + timedelta(days=1)
    if match := re.fullmatch(r"\+?\s*(\d{1,3})\s*(d|days?|w|weeks?)?", words):
        count = int(match.group(1))
        unit = match.group(2) or "d"
        return today + timedelta(days=count * (7 if unit.startswith("w") else 1))
    leading = re.fullmatch(r"([a-z]+),?\s+(.+)", words)
    if leading and leading.group(1) in WEEKDAYS:
        return _parse(leading.group(2), today, past)  # "Fri 4 Dec 2026", as the form shows it
    if words in WEEKDAYS:
        if past:
            return today - timedelta(days=(today.weekday() - WEEKDAYS[words]) % 7 or 7)
        ahead = (WEEKDAYS[words] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", words):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := re.fullmatch(r"(\d{1,2})\s+([a-z]+)(?:\s+(\d{4}))?", words):
        return _day_month(int(match.group(1)), match.group(2), match.group(3), today, past)
    if match := re.fullmatch(r"([a-z]+)\s+(\d{1,2})(?:,?\s+(\d{4}))?", words):
        return _day_month(int(match.group(2)), match.group(1), match.group(3), today, past)
    return None


def _day_month(
    day: int, month_name: str, year: str | None, today: date, past: bool
) -> date | None:
    month = MONTHS.get(month_name)
    if month is None:
        return None
    if year is not None:
        return date(int(year), month, day)
    candidate = date(today.year, month, day)
    if past:
        return candidate if candidate <= today else date(today.year - 1, month, day)
    # "4 Jan" typed in December means the coming January.
    return candidate if candidate >= today else date(today.year + 1, month, day)


def format_due_date(due: date | None) -> str:
    """How the form shows a due date: "Fri 4 Dec 2026", or empty."""
    return f"{due:%a} {due.day} {due:%b %Y}" if due else ""
