"""The minutes say what each idea grew from and into, and the prompt it answered.

Read back from the Markdown and from a real PDF (pdftotext).
"""

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
from app.export.markdown import build_minutes_markdown


def linked() -> tuple[Session, list[str]]:
    """The demo with its second and third cards building on its first, a prompt on one."""
    session = build_demo_session()
    cards = [n for n in session.notes if n.merged_into is None and not n.hidden]
    first, second, third = cards[:3]
    changed = {
        second.id: replace(second, builds_on=first.id, prompt="Combine: with what?"),
        third.id: replace(third, builds_on=first.id),
    }
    notes = tuple(changed.get(n.id, n) for n in session.notes)
    return replace(session, notes=notes), [first.text, second.text, third.text]


def words(text: str) -> str:
    from app.core.build_on import first_words

    return first_words(text)


def test_each_idea_says_what_it_grew_from_and_into():
    session, (first, second, third) = linked()
    lines = {line.text: line for _, group in build_minutes(session).ideas for line in group}
    assert lines[first].grew_into == (f"“{words(second)}”", f"“{words(third)}”")
    assert lines[second].grew_from == f"“{words(first)}”"
    assert lines[second].prompt == "Combine: with what?"
    markdown = build_minutes_markdown(build_minutes(session)).decode()
    assert f"  - Grew into: “{words(second)}”; “{words(third)}”" in markdown
    assert f"  - Grew from: “{words(first)}”" in markdown
    assert "  - Answered: Combine: with what?" in markdown


def test_an_idea_whose_origin_was_deleted_says_so():
    session, (_, second, _) = linked()
    notes = tuple(
        replace(n, builds_on=None, builds_on_deleted=True) if n.text == second else n
        for n in session.notes
    )
    lines = {
        line.text: line
        for _, group in build_minutes(replace(session, notes=notes)).ideas
        for line in group
    }
    assert lines[second].grew_from == "a deleted note"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_the_pdf_says_it_too(tmp_path: Path):
    session, (first, second, third) = linked()
    target = tmp_path / "minutes.pdf"
    export_file(session, "pdf", target)
    read = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True)
    text = " ".join(unicodedata.normalize("NFKC", read.stdout).split())
    grew_into = f"Grew into: “{words(second)}”; “{words(third)}”"
    assert unicodedata.normalize("NFKC", grew_into) in text  # "…" reads back as "..."
    assert f"Grew from: “{words(first)}”" in text
    assert "Answered: Combine: with what?" in text
