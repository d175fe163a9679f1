"""PDF minutes beside a plain ReportLab table of the same text."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from app.core.minutes import build_minutes
from app.core.types import Session
from app.export.pdf import build_minutes_pdf
from app.export.pdf_text import SANS, register_fonts
from bench.common import Figure, alternate, median, timed


def plain_table(session: Session) -> None:
    """The floor: the text the minutes lay out (each note in the ranking and by cluster,
    with an author line), in one plain Table with the same font."""
    register_fonts()
    style = ParagraphStyle("floor", fontName=SANS, fontSize=10, leading=14)
    rows = [[Paragraph(note.text, style)] for note in session.notes]
    rows += [[Paragraph(note.text, style)] for note in session.notes]
    rows += [[Paragraph("Person 01, Sales", style)] for _ in session.notes]
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build([Table(rows)])


def minutes_figures(sessions: list[Session], runs: int) -> list[Figure]:
    """Minutes of each session, medians beside the floor's."""
    build_minutes_pdf(build_minutes(sessions[0]))  # fonts registered, caches warm
    figures = []
    for session in sessions:

        def ours(s: Session = session) -> float:
            return timed(lambda: build_minutes_pdf(build_minutes(s)))

        def floor(s: Session = session) -> float:
            return timed(lambda: plain_table(s))

        mine, plain = alternate(runs, ours, floor)
        count = len(session.notes)
        figure = Figure(f"PDF minutes of {count:,} notes", median(mine), "s", median(plain))
        if count == 1000:
            ratio = figure.ratio or 0.0
            figure = Figure(
                figure.name,
                figure.value,
                "s",
                figure.floor,
                "≤ 2 s and ≤ 2×",
                figure.value <= 2.0 and ratio <= 2.0,
            )
        figures.append(figure)
    return figures
