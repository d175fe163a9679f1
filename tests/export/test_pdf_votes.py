"""The vote in the PDF minutes, read back with poppler: decided, final ranking, charts."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.demo import build_demo_session
from app.core.minutes import build_minutes
from app.export.exports import export_file
from tests.export.sessions import demo_with_runoff

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (scripts/setup.sh installs it)"
)


def pages(path: Path) -> list[str]:
    """The text of each page, in reading order."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def words_by_page(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every word's box on every page (pdftotext -bbox)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    result = []
    for page in xhtml.split("<page ")[1:]:
        boxes = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
        )
        result.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in boxes])
    return result


def test_page_one_says_what_was_decided_before_the_detail(tmp_path: Path):
    session, _ = demo_with_runoff()
    target = tmp_path / "minutes.pdf"
    export_file(session, "pdf", target)
    first = " ".join(pages(target)[0].split())
    assert first.index("What was decided") < first.index("People")
    assert session.goal in first
    final = build_minutes(session).final
    assert final is not None
    for line in final.top:
        assert line.text in first
    people = {p.id: p.name for p in session.participants}
    for action in session.action_items:
        assert action.title in first
        assert people[action.owner_id or ""] in first
        assert action.due_date is not None and action.due_date.isoformat() in first


def test_the_final_ranking_follows_the_runoff_and_every_round_keeps_its_own(tmp_path: Path):
    session, runoff_order = demo_with_runoff()
    target = tmp_path / "minutes.pdf"
    export_file(session, "pdf", target)
    text = " ".join("\n".join(pages(target)).split())
    final = text[text.index("Final ranking") : text.index("Vote results")]
    assert "ties ordered by “Runoff for place 2”" in final
    first, second = (final.index(t) for t in runoff_order)
    assert first < second  # the runoff's winner placed ahead
    assert "Placed by the runoff: 3 dots in “Runoff for place 2”" in final
    rounds = text[text.index("Vote results") :]
    main_round = rounds[: rounds.index("Runoff for place 2")]
    # The main round, as voted, still shows its tie (board order, "(tie)").
    assert f"2 (tie) {runoff_order[1]}" in main_round
    assert f"2 (tie) {runoff_order[0]}" in main_round
    assert "1 dots" not in text and " 0 dots" not in text


def test_charts_label_every_item_with_dots_and_nothing_prints_over_anything(tmp_path: Path):
    session, _ = demo_with_runoff()
    target = tmp_path / "minutes.pdf"
    export_file(session, "pdf", target)
    text = " ".join("\n".join(pages(target)).split())
    minutes = build_minutes(session)
    chart = text[text.index("Final ranking") : text.index("Vote results")]
    assert minutes.final is not None
    for line in minutes.final.ranking:
        assert f"{line.place_text} {line.text}" in chart  # label beside its place
        assert line.dots_label in chart
    for number, page in enumerate(words_by_page(target), start=1):
        page.sort()
        for index, (x0, y0, x1, y1, word) in enumerate(page):
            for other in page[index + 1 :]:
                if other[0] >= x1:
                    break
                width = min(x1, other[2]) - max(x0, other[0])
                height = min(y1, other[3]) - max(y0, other[1])
                # Word boxes of lines in a paragraph touch (ascent + descent > leading).
                shorter = min(y1 - y0, other[3] - other[1])
                assert width <= 0.5 or height <= 0.3 * shorter, (number, word, other[4])


def test_the_header_is_in_every_script_on_every_page(tmp_path: Path):
    title = "Unicode mix: Ünïcødé 中文标题 עברית"
    session, _ = demo_with_runoff(title=title)
    target = tmp_path / "minutes.pdf"
    export_file(session, "pdf", target)
    later = pages(target)[1:]
    assert later
    for page in later:
        header = page.strip().splitlines()[0]
        assert "Ünïcødé 中文标题" in header
        assert "עברית" in header or "תירבע" in header  # a reader may give it in either order


def test_the_matrix_and_its_legend_share_a_page(tmp_path: Path):
    demo = build_demo_session()
    notes = tuple(
        replace(note, impact=1 + index % 5, effort=1 + (index * 3) % 5)
        for index, note in enumerate(demo.notes)
    )
    target = tmp_path / "minutes.pdf"
    export_file(replace(demo, notes=notes), "pdf", target)
    (page,) = [p for p in pages(target) if "Impact and effort" in p]
    legend = len(re.findall(r"— impact \d, effort \d", " ".join(page.split())))
    assert legend == len(notes)
