"""The minutes' paragraphs: their lines broken once per width, redrawn right after a split."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.core.vote_minutes import RankLine
from app.export.pdf_style import make_styles, para
from app.export.pdf_votes import BAR_WIDTH, ranking_chart

TEXT = "Offer a callback instead of hold music for every new customer in the first week. " * 4


@pytest.fixture
def breakings(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The widths ReportLab breaks paragraphs' lines at, in order."""
    widths: list[float] = []
    real = Paragraph.breakLines

    def counted(self: Paragraph, wrap_widths: list[float]) -> Any:
        widths.append(wrap_widths[-1])
        return real(self, wrap_widths)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    return widths


def test_a_paragraph_asked_its_size_again_at_a_width_breaks_its_lines_once(
    breakings: list[float],
) -> None:
    paragraph = para(TEXT, make_styles()["body"])
    first = paragraph.wrap(200, 1000)
    assert paragraph.wrap(200, 50) == first  # a table measuring, then drawing, the cell
    assert breakings == [200]
    narrower = paragraph.wrap(120, 1000)
    assert narrower[1] > first[1] and breakings == [200, 120]
    assert paragraph.wrap(200, 1000) == first and breakings == [200, 120, 200]


def test_a_paragraph_a_split_gave_up_on_is_broken_again_and_draws(breakings: list[float]) -> None:
    paragraph = para(TEXT, make_styles()["body"])
    size = paragraph.wrap(200, 1000)
    assert paragraph.split(200, 10) == []  # no room for two lines: ReportLab drops them
    assert paragraph.wrap(200, 1000) == size and breakings == [200, 200]
    canvas = Canvas(io.BytesIO())
    paragraph.drawOn(canvas, 0, 0)
    canvas.save()


def test_a_ranking_charts_bars_to_scale() -> None:
    lines = [RankLine(1, False, "Callback", 4), RankLine(2, False, "Portal", 1)]
    (table,) = ranking_chart(lines, make_styles())
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    table.wrapOn(canvas, 400, 600)
    table.drawOn(canvas, 20, 100)
    canvas.save()
    filled = re.findall(rb"[\d.]+ 1 ([\d.]+) 9 re f", buffer.getvalue())
    assert [float(length) for length in filled] == pytest.approx(
        [BAR_WIDTH, BAR_WIDTH / 4], abs=0.01
    )
