"""Markdown and CSV exports."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from app.core.demo import build_demo_session
from app.core.format_helpers import csv_safe
from app.core.minutes import build_minutes
from app.core.session_format import parse_session_file
from app.export.csv_export import build_notes_csv
from app.export.markdown import build_minutes_markdown, escape_cell, escape_text
from tests.conftest import EXAMPLE_FILE
from tests.export.sessions import demo_with_runoff


def test_markdown_has_the_sections_and_escapes_user_text():
    demo = build_demo_session()
    notes = list(demo.notes)
    notes[0] = replace(notes[0], text="<b>x</b> & *y* (draft) Auto-fill v1.2")
    text = build_minutes_markdown(build_minutes(replace(demo, notes=tuple(notes)))).decode()
    headings = [
        "## What was decided",
        "## People",
        "## Agenda",
        "## Final ranking",
        "## Vote results",
        "## All ideas",
        "## Impact and effort",
        "## Action items",
        "## Recognition",
    ]
    positions = [text.index(heading + "\n") for heading in headings]
    assert positions == sorted(positions)
    assert r"\<b>x\</b> & \*y\* (draft) Auto-fill v1.2" in text  # nothing more escaped
    assert "dots each" in text and "1 dots" not in text


COMMONMARK = MarkdownIt("commonmark")
WITH_TABLES = MarkdownIt("commonmark").enable("table")
TRICKY = st.lists(
    st.sampled_from([*"ab 1.)#>+-=~*_`[]<>&;!|\\(){}\n\t", "&amp;", "&#35;", "1. ", "- "]),
    max_size=30,
).map("".join)


def read_back(markdown: MarkdownIt, source: str, container: str) -> str:
    """The text a CommonMark reader shows for ``source``: markup shows as <kind>."""
    tokens = markdown.parse(source)
    kinds = [t.type for t in tokens if t.type != "inline"]
    shown = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "text":
                shown.append(child.content)
            elif child.type == "hardbreak":
                shown.append("\n")
            else:
                shown.append(f"<{child.type}>")
    assert container in kinds, (source, kinds)
    return "".join(shown)


def as_typed(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@settings(max_examples=300, deadline=None)
@given(TRICKY)
def test_user_text_reads_back_as_typed_from_a_commonmark_reader(text: str):
    assume(as_typed(text))
    item = read_back(COMMONMARK, f"- {escape_text(text)}\n", "list_item_open")
    assert item == as_typed(text)
    one_line = " ".join(text.split())
    heading = read_back(COMMONMARK, f"### {escape_text(one_line)}\n", "heading_open")
    assert heading == one_line
    table = f"| Item | Dots |\n| --- | --- |\n| {escape_cell(text)} | 2 |\n"
    assert read_back(WITH_TABLES, table, "td_open") == f"ItemDots{one_line}2"


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
        "stacked on",
        "builds on",
    ]
    assert len(rows) == 1 + len(session.notes)
    by_text = {row[1]: row for row in rows[1:]}
    checklist = by_text["Shared checklist for shift handover"]
    assert checklist[2:6] == ["Maya Chen", "Operations", "Handovers", "Silent ideas"]
    assert checklist[7] == "4"
    assert by_text["FAQ page for the top 10 tickets"][8:] == ["4", "2", "", ""]


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
    with pytest.raises(ExportError, match="is not a regular file"):
        export_file(session, "md", folder_in_the_way)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.md"]


def test_markdown_final_ranking_follows_the_runoff():
    session, runoff_order = demo_with_runoff()
    text = build_minutes_markdown(build_minutes(session)).decode()
    final = text[text.index("## Final ranking") : text.index("## Vote results")]
    assert "| Place | Item | Dots | Runoff |" in final
    assert f"| 2 | {runoff_order[0]} | 3 dots | 3 dots in “Runoff for place 2” |" in final
    assert f"| 3 | {runoff_order[1]} | 3 dots | 1 dot in “Runoff for place 2” |" in final
    assert "more ideas got no dots" in final and " | 0 |" not in final
    decided = text[text.index("## What was decided") : text.index("## People")]
    assert f"- **2.** {runoff_order[0]} — 3 dots" in decided


def test_markdown_lists_a_stack_once_with_the_notes_said_again():
    from tests.export.sessions import demo_with_stack

    session, top, again = demo_with_stack()
    text = build_minutes_markdown(build_minutes(session)).decode()
    (line,) = [line for line in text.splitlines() if again in line]
    assert line.startswith("  - also said: ")
    top_line = text.splitlines()[text.splitlines().index(line) - 1]
    assert escape_text(top) in top_line


def test_markdown_says_what_came_from_phones_in_the_overview_and_nothing_without_them():
    from tests.export.sessions import demo_from_phones

    text = build_minutes_markdown(build_minutes(demo_from_phones())).decode()
    overview = text[: text.index("## What was decided")].splitlines()
    total = next(i for i, line in enumerate(overview) if line.startswith("- Total time: "))
    assert overview[total + 1] == "- From phones: 3 ideas and 2 ballots"
    plain = build_minutes_markdown(build_minutes(build_demo_session())).decode()
    assert "From phones" not in plain


def test_csv_names_the_card_a_stacked_note_joined():
    from tests.export.sessions import demo_with_stack

    session, top, again = demo_with_stack()
    rows = list(csv.reader(io.StringIO(build_notes_csv(session).decode("utf-8-sig"))))
    by_text = {row[1]: row for row in rows[1:]}
    assert by_text[again][-2] == by_text[top][0]
    assert by_text[top][-2] == ""


def test_csv_says_what_each_idea_builds_on_read_back_from_the_file(tmp_path):
    from app.core.build_on import DELETED
    from app.export.exports import export_file

    session = build_demo_session()
    first, second, third, fourth = [n for n in session.notes if n.merged_into is None][:4]
    changed = {
        first.id: replace(first, text="=1+1 a formula-looking idea, in full, not cut short"),
        second.id: replace(second, builds_on=first.id),
        third.id: replace(third, builds_on=None, builds_on_deleted=True),
        fourth.id: replace(fourth, builds_on=second.id),
    }
    session = replace(session, notes=tuple(changed.get(n.id, n) for n in session.notes))
    target = tmp_path / "notes.csv"
    export_file(session, "csv", target)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    assert len(rows) == len(session.notes)
    assert rows[second.id]["builds on"] == "'=1+1 a formula-looking idea, in full, not cut short"
    assert rows[third.id]["builds on"] == DELETED == "a deleted note"
    assert rows[fourth.id]["builds on"] == rows[second.id]["text"]
    assert rows[first.id]["builds on"] == ""
    assert rows[second.id]["stacked on"] == ""  # the column before it keeps its place
