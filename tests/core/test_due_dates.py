"""Due dates typed as people say them."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.due_dates import DueDateError, format_due_date, parse_due_date

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("No date", None),
        ("today", MONDAY),
        ("Tomorrow", date(2026, 11, 24)),
        ("+7", date(2026, 11, 30)),
        ("7", date(2026, 11, 30)),
        ("10d", date(2026, 12, 3)),
        ("2w", date(2026, 12, 7)),
        ("+ 3 weeks", date(2026, 12, 14)),
        ("fri", date(2026, 11, 27)),
        ("Monday", date(2026, 11, 30)),  # the next one, never today
        ("2026-12-04", date(2026, 12, 4)),
        ("2027-1-5", date(2027, 1, 5)),
        ("4 Dec", date(2026, 12, 4)),
        ("4 december 2027", date(2027, 12, 4)),
        ("Dec 4", date(2026, 12, 4)),
        ("Jan 4, 2027", date(2027, 1, 4)),
        ("4 Jan", date(2027, 1, 4)),  # already past this year: the coming one
        ("23 nov", MONDAY),
        ("Fri 27 Nov 2026", date(2026, 11, 27)),
    ],
)
def test_dates_typed_as_people_say_them(text: str, expected: date | None):
    assert parse_due_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Nov", date(2026, 11, 1)),
        ("4 Dec", date(2025, 12, 4)),
        ("23 Nov", MONDAY),
        ("fri", date(2026, 11, 20)),
        ("mon", date(2026, 11, 16)),
        ("2026-12-04", date(2026, 12, 4)),
    ],
)
def test_a_filter_reads_a_day_without_a_year_as_the_last_one(text: str, expected: date):
    assert parse_due_date(text, MONDAY, past=True) == expected


def test_what_the_form_shows_reads_back_as_the_same_date():
    for offset in range(0, 400, 13):
        day = date.fromordinal(MONDAY.toordinal() + offset)
        assert parse_due_date(format_due_date(day), MONDAY) == day


@pytest.mark.parametrize("text", ["soon", "31 Feb", "2026-13-01", "4 Smarch", "+9999", "1/2"])
def test_anything_else_is_refused_with_what_would_do(text: str):
    with pytest.raises(DueDateError, match="is not a date; type a date like 2026-12-04"):
        parse_due_date(text, MONDAY)


def test_the_form_shows_a_date_with_its_weekday():
    assert format_due_date(date(2026, 12, 4)) == "Fri 4 Dec 2026"
    assert format_due_date(None) == ""
