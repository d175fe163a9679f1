"""Times, dates and numbers as the session file writes them."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime


def parse_time(text: str) -> datetime | None:
    """Parse an RFC 3339 time into an aware UTC datetime, or ``None`` if it is not real."""
    normalized = text.upper().replace(" ", "T")
    try:
        moment = datetime.fromisoformat(normalized)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59:59-01:00 is past the last day Python has
        return None


def parse_date(text: str) -> date | None:
    """Parse a ``YYYY-MM-DD`` date, or ``None`` if it is not a real day."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def plain_number(value: float) -> float:
    """A number as the database keeps it (a double), whole numbers as ints.

    Whole numbers stay ints so that a file reads back as it was written; a whole
    number a double cannot hold (beyond 2**53) is the double nearest to it, as it
    will be stored, so that what was read equals what is read back.
    """
    as_double = float(value)
    if as_double.is_integer() and math.isfinite(as_double):
        return int(as_double)
    return as_double


# ---------------------------------------------------------------------------- writing


def format_time(moment: datetime | None) -> str | None:
    """Format a time as RFC 3339 in UTC with a ``Z``; ``None`` stays ``None``."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
