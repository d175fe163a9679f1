"""The minutes' 2×2: cards, stacks and clusters on it, and which values a round filled.

Read back from the Markdown and from a real PDF (pdftotext).
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.minutes import build_minutes
from app.core.types import Session
from app.export.exports import export_file
from app.export.markdown import build_minutes_markdown
from tests.export.sessions import demo_with_stack


def on_the_2x2() -> tuple[Session, str, str, str]:
    """The demo's stack placed by hand, its first cluster filled by a round, one note by half.

    Returns the session, the stack's words, the cluster's title and the half-filled note's.
    """
    session, top, _again = demo_with_stack()
    cluster = session.clusters[0]
    loose = next(n for n in session.notes if n.merged_into is None and n.text != top)
    notes = tuple(
        replace(n, impact=5, effort=2)
        if n.text == top
        else replace(n, impact=2, effort=4, impact_from_round=True)
        if n.id == loose.id
        else replace(n, impact=None, effort=None)
        for n in session.notes
    )
    clusters = (
        replace(cluster, impact=4, effort=1, impact_from_round=True, effort_from_round=True),
        *session.clusters[1:],
    )
    return replace(session, notes=notes, clusters=clusters), top, cluster.title, loose.text


def test_the_minutes_list_stacks_and_clusters_on_the_2x2_and_what_a_round_filled():
    session, top, cluster, loose = on_the_2x2()
    lines = [(m.label, m.facts, m.quick_win) for m in build_minutes(session).matrix]
    assert lines == [  # in board order: cards, then clusters
        (loose, "impact 2, effort 4; impact from a rating round", False),
        (f"{top} (a stack of 2 notes)", "impact 5, effort 2", True),
        (
            f"Cluster “{cluster}”",
            "impact 4, effort 1; impact and effort from a rating round",
            True,
        ),
    ]
    markdown = build_minutes_markdown(build_minutes(session)).decode()
    section = markdown.split("## Impact and effort", 1)[1].split("\n## ", 1)[0]
    assert f"- Cluster “{cluster}”: impact 4, effort 1; impact and effort from a rating round" in (
        section
    )
    assert f"- {top} (a stack of 2 notes): impact 5, effort 2 — **quick win**" in section


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_the_pdf_draws_and_lists_them(tmp_path: Path):
    session, top, cluster, loose = on_the_2x2()
    target = tmp_path / "minutes.pdf"
    export_file(session, "pdf", target)
    read = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True)
    text = " ".join(unicodedata.normalize("NFKC", read.stdout).split())
    section = text.split("Impact and effort", 1)[1]
    assert f"1. {loose} — impact 2, effort 4; impact from a rating round" in section
    assert f"2. {top} (a stack of 2 notes) — impact 5, effort 2 (quick win)" in section
    assert (
        f"3. Cluster “{cluster}” — impact 4, effort 1; impact and effort from a rating round "
        "(quick win)"
    ) in section
