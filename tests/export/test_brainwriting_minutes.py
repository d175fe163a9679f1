"""The minutes of a 6-3-5 phase: its sheets, rounds and ideas, and each sheet's chain.

Computed from a session whose notes were written through the rotation's own rules,
then read back from the Markdown and from a real PDF (pdftotext).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from app.core.minutes import build_minutes
from app.core.techniques.brainwriting import SheetIdea, new_idea
from app.core.techniques.brainwriting_notes import recorded
from app.core.techniques.brainwriting_phase import phase_settings, with_settings
from app.core.types import Note, Session, utc_now
from app.export.exports import export_file
from app.export.markdown import build_minutes_markdown
from tests.ui.brainwriting_sessions import ROUND, brainwriting_session

SHOTS = os.environ.get("DOTSTORM_SHOTS")
"""A folder to save a picture of the PDF's page in (for looking at it); unset in ordinary runs."""

WRITTEN = {  # round → (writer, idea) in the order written
    1: [("Ana", "Buddy system"), ("Bo", "Welcome video"), ("Cy", "Desk ready on day one")],
    2: [("Bo", "Buddy takes them to lunch"), ("Cy", "Video by the team itself")],
    3: [("Cy", "Lunch with the team lead")],
}


def written(anonymous: bool = False, hands: bool = False) -> Session:
    """A 6-3-5 phase on phones whose ideas were written round by round, as phones do."""
    made = replace(brainwriting_session(on_paper=False), anonymous_ideas=anonymous)
    names = {p.name: p.id for p in made.participants}
    phase = made.phases[0]
    settings = phase_settings(phase)
    assert settings is not None
    holders = tuple(f"hand-{name}" if hands else names[name] for name in ("Ana", "Bo", "Cy"))
    settings = replace(settings.with_people(holders), hands=hands)
    ideas: list[SheetIdea] = []
    notes: list[Note] = []
    start = utc_now()
    for round_number, lines in WRITTEN.items():
        for writer, text in lines:
            holder = f"hand-{writer}" if hands else names[writer]
            note_id = f"00000000-0000-4000-8000-{len(notes):012d}"
            elapsed = (round_number - 1) * ROUND + 1
            idea = new_idea(settings, ideas, holder, note_id, elapsed)
            settings = recorded(settings, idea)
            ideas.append(idea)
            notes.append(
                Note(
                    note_id,
                    text,
                    "#FFF9C4",
                    40.0 * len(notes),
                    0,
                    start + timedelta(seconds=len(notes)),
                    author_id=None if hands else names[writer],
                    phase_id=phase.id,
                    builds_on=idea.builds_on,
                )
            )
    return replace(
        made, phases=(with_settings(phase, settings), *made.phases[1:]), notes=tuple(notes)
    )


CHAINS = [
    "Sheet 1 (started by Ana): Round 1: Buddy system → Round 2: Buddy takes them to lunch "
    "→ Round 3: Lunch with the team lead",
    "Sheet 2 (started by Bo): Round 1: Welcome video → Round 2: Video by the team itself",
    "Sheet 3 (started by Cy): Round 1: Desk ready on day one",
]


def test_the_minutes_say_the_rounds_and_sheets_and_each_sheets_chain():
    (section,) = build_minutes(written()).brainwriting
    assert section.phase_title == "6-3-5 brainwriting"
    assert section.summary == "6-3-5 brainwriting: 3 sheets, 3 rounds of 1 minute, 6 ideas"
    assert [f"{sheet.name}: {sheet.chain}" for sheet in section.sheets] == CHAINS
    markdown = build_minutes_markdown(build_minutes(written())).decode()
    summary = "6-3-5 brainwriting: 3 sheets, 3 rounds of 1 minute, 6 ideas"
    assert f"## 6-3-5 brainwriting\n\n{summary}" in markdown
    for chain in CHAINS:
        name, ideas = chain.split(": ", 1)
        assert f"- **{name}**: {ideas}" in markdown


@pytest.mark.parametrize("hands", [False, True])
def test_a_session_that_hides_authors_names_nobody_in_the_chains(hands: bool):
    minutes = build_minutes(written(anonymous=True, hands=hands))
    (section,) = minutes.brainwriting
    assert [sheet.name for sheet in section.sheets] == ["Sheet 1", "Sheet 2", "Sheet 3"]
    assert section.sheets[0].chain == CHAINS[0].split(": ", 1)[1]
    markdown = build_minutes_markdown(minutes).decode()
    assert "started by" not in markdown


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_the_pdf_says_it_too(tmp_path: Path):
    target = tmp_path / "minutes.pdf"
    export_file(written(), "pdf", target)
    read = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True)
    text = " ".join(read.stdout.split())
    assert "6-3-5 brainwriting: 3 sheets, 3 rounds of 1 minute, 6 ideas" in text
    assert "Sheet 1 (started by Ana)" in text
    assert (
        "Round 1: Buddy system → Round 2: Buddy takes them to lunch → Round 3: Lunch with" in text
    )
    if SHOTS:
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", str(target), str(Path(SHOTS) / "minutes")],
            check=True,
        )
