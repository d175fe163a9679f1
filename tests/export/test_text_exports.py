"""Markdown and CSV exports."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from app.core.demo import build_demo_session
from app.core.format_helpers import csv_safe
from app.core.minutes import build_minutes
from app.core.session_format import parse_session_file
from app.export.csv_export import build_notes_csv
from app.export.markdown import build_minutes_markdown
from tests.conftest import EXAMPLE_FILE


def test_markdown_has_the_sections_and_escapes_user_text():
    demo = build_demo_session()
    notes = list(demo.notes)
    notes[0] = replace(notes[0], text="<b>x</b> & *y*")
    text = build_minutes_markdown(build_minutes(replace(demo, notes=tuple(notes)))).decode()
    for heading in (
        "## People",
        "## Agenda",
        "## Vote results",
        "## All ideas",
        "## Impact and effort",
        "## Action items",
        "## Recognition",
    ):
        assert heading in text
    assert r"\<b\>x\</b\> \& \*y\*" in text
    assert "| 1 |" in text or "| 1 (tie) |" in text


def test_csv_has_a_row_per_note_with_dots_per_round():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    data = build_notes_csv(session)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "id",
        "text",
        "author",
        "department",
        "cluster",
        "phase",
        "created",
        "dots: Which small change first?",
        "impact",
        "effort",
    ]
    assert len(rows) == 1 + len(session.notes)
    by_text = {row[1]: row for row in rows[1:]}
    checklist = by_text["Shared checklist for shift handover"]
    assert checklist[2:6] == ["Maya Chen", "Operations", "Handovers", "Silent ideas"]
    assert checklist[7] == "4"
    assert by_text["FAQ page for the top 10 tickets"][8:] == ["4", "2"]


def test_csv_never_turns_text_into_a_formula():
    assert csv_safe("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert csv_safe("-1 day") == "'-1 day"
    assert csv_safe("plain") == "plain"


def test_csv_hides_authors_of_anonymous_ideas():
    session = replace(parse_session_file(EXAMPLE_FILE.read_bytes()), anonymous_ideas=True)
    rows = list(csv.reader(io.StringIO(build_notes_csv(session).decode("utf-8-sig"))))
    assert all(row[2] == "" for row in rows[1:])


def test_bad_targets_say_why_and_leave_nothing(tmp_path):
    import pytest

    from app.export.atomic import ExportError
    from app.export.exports import export_file

    session = build_demo_session()
    with pytest.raises(ExportError, match="does not exist"):
        export_file(session, "md", tmp_path / "vanished" / "minutes.md")
    with pytest.raises(ExportError, match="Cannot write"):
        export_file(session, "md", tmp_path / ("x" * 300 + ".md"))  # name too long
    folder_in_the_way = tmp_path / "minutes.md"
    folder_in_the_way.mkdir()
    with pytest.raises(ExportError, match="Cannot write"):
        export_file(session, "md", folder_in_the_way)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.md"]
