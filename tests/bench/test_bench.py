"""The benchmarks run in a tiny quick mode, so they cannot rot; no time is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "start → first paint of the main window",
    "start → library listing sessions",
    "peak memory",
    "open a session of",
    "drag step (p95)",
    "repaint at 100 % (p95)",
    "repaint, all in view (p95)",
    "one user action committed (median)",
    "one user action committed (p99)",
    "PDF minutes of",
    "import JSON of",
    "import JSON of 20 notes, beside json.load alone",
    "import's database work alone: 20 notes inserted, committed",
    "import the same file again (every id renewed)",
    "export JSON of",
    "room's view: lay out",
    "F11: room's view",
    "similar ideas: all pairs of",
    "similar ideas: index",
    "similar ideas: hint after Enter",
    "similar ideas: precision, tuning set",
    "similar ideas: recall, held-out set",
    "similar ideas: bounded list of",
    "similar ideas: list of 60 hostile notes",
    "similar ideas: peak memory, 60 hostile notes",
    "similar ideas: recall of the bounded list among",
    "one user action committed on PostgreSQL (median)",
    "one user action committed on PostgreSQL (p99)",
    "import JSON of 20 notes on PostgreSQL",
    "import's database work alone on PostgreSQL: 20 notes inserted, committed",
    "import the same file again on PostgreSQL (every id renewed)",
    "phones at once: request latency p50",
    "phones at once: request latency p99",
    "phones at once: the window's longest frame",
    "backlog opens (Ctrl+2), 800 ideas (floor: the same at 1/8)",
    "backlog: sort the ideas by a column, 800 ideas",
    "backlog: a letter typed in the search applies, 800 ideas",
    "backlog: the search cleared, 800 ideas",
    "goals page, first Ctrl+3, 800 ideas",
    "goals page: the next goal, 800 ideas",
    "peak memory of the whole app, backlog and goals read, 800 ideas",
    "start → library listing 16 sessions",
    "backlog opens (Ctrl+2), 800 ideas on PostgreSQL",
    "goals page: the next goal, 800 ideas on PostgreSQL",
)


@pytest.mark.slow  # the benchmarks in a subprocess (about 30 s)
def test_every_figure_is_measured_beside_its_floor_in_one_table(isolated_env: dict[str, str]):
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**isolated_env, "QT_QPA_PLATFORM": "offscreen"},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0] == "| figure | Dotstorm | floor | ratio | target | met |"
    for figure in FIGURES:
        matching = [row for row in rows if figure in row]
        assert matching, f"{figure!r} is missing from\n{result.stdout}"
        cells = [cell.strip() for cell in matching[0].strip("|").split("|")]
        assert len(cells) == 6
        assert cells[1] != "—"  # every figure has a value
    # Quality (precision, recall, how right the suggested clusters are) has no floor:
    # nothing underneath does the same work.
    quality = ("precision", "recall", "adjusted Rand index", "board of unrelated notes")
    with_floor = [
        row
        for row in rows[2:]
        if "open a session" not in row and not any(word in row for word in quality)
    ]
    assert all("×" in row for row in with_floor)  # and every other one a floor and a ratio
