"""Rating and rank rounds in the minutes (PDF read back with poppler, Markdown), by hand."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.minutes import build_minutes
from app.export.exports import export_file
from app.export.markdown import build_minutes_markdown
from tests.core.rating_sessions import (
    EXPECTED_POINTS,
    EXPECTED_RATING_ROWS,
    TEXTS,
    X,
    Y,
    Z,
    rating_session,
)

CONTROLS = (
    "Bias controls: each voter saw the items in their own order; no votes on one's own ideas."
)


BY_DEPARTMENT = ((Y, "4.17", "3.67"), (X, "3.67", "3.67"), (Z, "2.67", "—"))
"""Each item's combined score from Sales alone and from Support alone (rating_sessions.py)."""


def _squeezed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_the_pdf_minutes_give_the_hand_computed_rating_and_rank_results(tmp_path: Path):
    target = tmp_path / "minutes.pdf"
    export_file(rating_session(), "pdf", target)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = _squeezed(layout)
    rating = text[text.index("Score on NUF") :]
    assert "Combined: the mean of the criteria." in rating
    assert CONTROLS in rating
    for _, item, new, useful, feasible, combined, n, discuss in EXPECTED_RATING_ROWS:
        numbers = f"{new} {useful} {feasible} {combined} {n}" + (" discuss" if discuss else "")
        first_word = TEXTS[item].split()[0]
        assert any(
            _squeezed(line).startswith(first_word) and numbers in _squeezed(line)
            for line in layout.splitlines()
        ), numbers
    # The chart: place, item, bar, combined score, best first.
    chart = rating[rating.index("Combined (0 to 5)") :]
    assert chart.index(f"1 {TEXTS[EXPECTED_RATING_ROWS[0][1]]}") < chart.index("New 1-5")
    # Each department's own combined score, one column a department; "—" for none.
    departments = rating[rating.index("Combined score by department") :]
    assert departments.startswith("Combined score by department Item Sales Support ")
    for item, sales, support in BY_DEPARTMENT:
        assert f"{TEXTS[item]} {sales} {support}" in departments
    ranking = text[text.index("Vote results") :]
    ranking = ranking[ranking.index("Rank the top 3") : ranking.index("Score on NUF")]
    assert "Bias controls: none." in ranking
    for place, item, points in EXPECTED_POINTS:
        assert f"{place} {TEXTS[item]} {points} points" in text  # the final ranking
    assert "by their points in “Rank the top 3”" in text
    assert f"Tied: {TEXTS[EXPECTED_POINTS[1][1]]}; {TEXTS[EXPECTED_POINTS[2][1]]}" in ranking


def test_the_markdown_minutes_give_the_hand_computed_rating_and_rank_results():
    markdown = build_minutes_markdown(build_minutes(rating_session())).decode()
    rating = markdown[markdown.index("### Score on NUF") :]
    assert "Combined: the mean of the criteria." in rating
    assert CONTROLS in rating
    assert (
        "| Place | Item | New 1-5 | Useful 1-5 | Feasible 1-5 | Combined | n | Discuss |" in rating
    )
    for place, item, new, useful, feasible, combined, n, discuss in EXPECTED_RATING_ROWS:
        row = f"| {place} | {TEXTS[item]} | {new} | {useful} | {feasible} | {combined} | {n} |"
        assert row + (" discuss |" if discuss else "  |") in rating
    assert f"{TEXTS[EXPECTED_RATING_ROWS[0][1]]}" in rating.split("```text")[1]
    assert "| Item | Sales | Support |" in rating
    for item, sales, support in BY_DEPARTMENT:
        assert f"| {TEXTS[item]} | {sales} | {support} |" in rating
    ranked = markdown[markdown.index("### Rank the top 3") : markdown.index("### Score on NUF")]
    assert "Bias controls: none." in ranked
    final = markdown[markdown.index("## Final ranking") : markdown.index("## Vote results")]
    assert "| Place | Item | Points |" in final
    for place, item, points in EXPECTED_POINTS:
        assert f"| {place} | {TEXTS[item]} | {points} points |" in final
