"""A blind round still open, exported by ``dotstorm export``: no count in any format.

Only the session file keeps the dots, as a backup must.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.session_format import parse_session_file
from app.core.types import RoundStatus, Session
from app.storage.repository import SessionRepository
from tests.cli.runner import Dotstorm
from tests.conftest import EXAMPLE_FILE

ITEM_COUNT = re.compile(r"\b\d+ dots?\b(?! each)")
"""An item's dots ("4 dots", "1 dot"); "3 dots each" is the round's rule, not a count."""


@pytest.fixture
def open_blind(repository: SessionRepository) -> Session:
    """The example session with its blind round open again and one voter done."""
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    (voted,) = session.vote_rounds
    still_open = replace(voted, status=RoundStatus.OPEN, closed_at=None, anonymous=False)
    session = replace(session, vote_rounds=(still_open,))
    repository.add_session(session)
    repository.voting.set_ballot_finished(still_open.id, still_open.dots[0].voter_id, True)
    return session


def test_the_csv_has_the_rounds_column_and_no_count_in_it(
    dotstorm: Dotstorm, open_blind: Session, tmp_path: Path
):
    out = tmp_path / "notes.csv"
    dotstorm.ok("export", open_blind.id, "--format", "csv", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    column = "dots: Which small change first? (blind, still open)"
    assert len(rows) == 4
    assert [row[column] for row in rows] == ["", "", "", ""]


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_the_minutes_say_how_many_voted_and_show_no_count(
    dotstorm: Dotstorm, open_blind: Session, tmp_path: Path, fmt: str
):
    if fmt == "pdf" and shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (scripts/setup.sh installs it)")
    out = tmp_path / f"minutes.{fmt}"
    dotstorm.ok("export", open_blind.id, "--format", fmt, "-o", str(out))
    if fmt == "md":
        text = out.read_text("utf-8")
    else:
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
    text = " ".join(text.split())
    assert "Which small change first?" in text
    assert "still open; 1 of 4 have voted" in text
    assert "A blind round: no count is shown until it closes." in text
    assert ITEM_COUNT.findall(text) == []
    assert "top pick" not in text  # no breakdown by department either
    assert "Anonymous round" not in text  # it is named: it just says nothing yet
    assert "Place" not in text  # no ranking


def test_the_session_file_keeps_the_dots(dotstorm: Dotstorm, open_blind: Session):
    exported = json.loads(dotstorm.ok("export", open_blind.id, "--format", "json"))
    (vote_round,) = exported["session"]["vote_rounds"]
    assert vote_round["status"] == "open"
    assert sum(dot["count"] for dot in vote_round["dots"]) == 9
