"""The minutes PDF, read back with pdftotext and pdffonts."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.demo import build_demo_session
from app.core.minutes import build_minutes
from app.core.types import Session
from app.export.exports import export_file
from app.export.pdf import build_minutes_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (scripts/setup.sh installs it)"
)

EVERY_SCRIPT = [
    "Latin: Ärger mit der Straße",
    "Ελληνικά: μια μικρή ιδέα",
    "Кириллица: маленькая идея",
    "中文：小小的改进",
    "日本語：小さな改善",
    "한국어: 작은 개선",
    "مرحبا بالعالم",
    "שלום עולם",
    "🚀 launch it ✨",
    "<b>x</b> & y <img src=/etc/passwd>",
]


def session_with(texts: list[str]) -> Session:
    demo = build_demo_session()
    notes = list(demo.notes)
    for index, text in enumerate(texts):
        notes[index] = replace(notes[index], text=text)
    return replace(demo, notes=tuple(notes))


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return unicodedata.normalize("NFKC", result.stdout)


def test_every_script_comes_back_from_the_pdf(tmp_path: Path):
    target = tmp_path / "minutes.pdf"
    export_file(session_with(EVERY_SCRIPT), "pdf", target)
    text = pdf_text(target)
    for expected in EVERY_SCRIPT:
        assert unicodedata.normalize("NFKC", expected) in text, expected
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True)
    listed = fonts.stdout.splitlines()[2:]
    assert listed
    for line in listed:  # ReportLab's Helvetica, not embedded, was listed here once
        assert " yes yes yes " in line, line  # embedded, subset, with a ToUnicode map


def test_every_character_people_type_prints_in_a_font_that_has_it():
    """pdftotext reads a character back even when its box is drawn: check the glyphs."""
    from app.export.pdf_text import register_fonts

    fonts = register_fonts().values()
    for text in EVERY_SCRIPT:
        for char in text.replace(" ", ""):
            assert any(font.face.charToGlyph.get(ord(char)) for font in fonts), (text, char)


def test_sections_come_in_order_with_page_numbers(tmp_path: Path):
    target = tmp_path / "minutes.pdf"
    export_file(build_demo_session(), "pdf", target, page_size="letter")
    text = pdf_text(target)
    order = [
        "What was decided",
        "People",
        "Agenda",
        "Final ranking",
        "Vote results",
        "All ideas",
        "Impact and effort",
        "Action items",
        "Recognition",
    ]
    lines = [line.strip() for line in text.splitlines()]
    positions = [lines.index(heading) for heading in order]  # headings: lines of their own
    assert positions == sorted(positions)
    assert "Page 1 of" in text
    assert "How might we cut a day from order to first delivery?" in text
    assert "Which small change first?" in text
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert "612 x 792 pts (letter)" in info.stdout


def test_long_words_and_long_notes_lay_out(tmp_path: Path):
    long_word = "w" * 300
    long_note = ("a long note that keeps going " * 70)[:2000]
    data = build_minutes_pdf(build_minutes(session_with([long_word, long_note])))
    target = tmp_path / "long.pdf"
    target.write_bytes(data)
    text = pdf_text(target).replace("\n", "")
    assert long_word in text


def test_anonymous_ideas_name_nobody(tmp_path: Path):
    target = tmp_path / "anonymous.pdf"
    export_file(replace(build_demo_session(), anonymous_ideas=True), "pdf", target)
    text = pdf_text(target)
    assert "Ideas were anonymous" in text
    assert "Most ideas:" not in text


def test_recognition_names_the_ideas_adopted_since(tmp_path: Path):
    demo = build_demo_session()
    note = demo.notes[0]
    author = next(p for p in demo.participants if p.id == note.author_id)
    target = tmp_path / "adopted.pdf"
    export_file(replace(demo, idea_statuses=((note.id, "adopted"),)), "pdf", target)
    text = pdf_text(target)
    assert "Adopted" in text
    assert f"Ideas adopted since: {author.name} (1)" in text


def test_a_failed_export_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import os

    from app.export.atomic import ExportError

    target = tmp_path / "minutes.pdf"
    target.write_bytes(b"the minutes of last week")
    written: list[int] = []

    def full_disk(descriptor: int) -> None:
        written.append(os.fstat(descriptor).st_size)  # the whole PDF is in the temporary
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ExportError, match="No space left on device"):
        export_file(build_demo_session(), "pdf", target)
    assert written and written[0] > 10_000  # it failed after the bytes, not before
    assert [p.name for p in tmp_path.iterdir()] == ["minutes.pdf"]  # no .partial left
    assert target.read_bytes() == b"the minutes of last week"  # the old file, whole


def test_a_stack_is_one_idea_with_every_note_said_again_and_its_author(tmp_path: Path):
    from tests.export.sessions import demo_with_stack

    session, top, again = demo_with_stack()
    target = tmp_path / "minutes.pdf"
    export_file(session, "pdf", target)
    text = " ".join(pdf_text(target).split())
    author = next(
        p
        for p in session.participants
        if p.id == next(n for n in session.notes if n.text == again).author_id
    )
    assert f"Also said: “{again}” — {author.name}, {author.department}" in text
    assert text.count(again) == 1  # under its stack's card, never as a line of its own
    assert top in text


def test_the_overview_says_what_came_from_phones_and_nothing_without_them(tmp_path: Path):
    from tests.export.sessions import demo_from_phones

    target = tmp_path / "minutes.pdf"
    export_file(demo_from_phones(), "pdf", target)
    laid_out = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    rows = [" ".join(line.split()) for line in laid_out.splitlines()]
    overview = rows[: rows.index("What was decided")]
    # A row of its own, label and words side by side, right after the total time.
    total = next(i for i, row in enumerate(overview) if row.startswith("Total time "))
    assert overview[total + 1] == "From phones 3 ideas and 2 ballots"
    export_file(build_demo_session(), "pdf", target)
    assert "From phones" not in pdf_text(target)
