"""PDF minutes beside ReportLab flowing the same text as plain paragraphs."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reportlab.platypus import paragraph as paragraph_module

from app.core.minutes import build_minutes
from app.core.types import Session
from app.export.pdf import build_minutes_pdf
from app.export.pdf_text import register_fonts
from bench.common import Figure, alternate, median, timed

MAX_RATIO = 1.5
"""The target: the minutes within 1.5× ReportLab flowing their text."""

Texts = list[tuple[str, ParagraphStyle]]


@contextmanager
def _recording_paragraphs() -> Iterator[Texts]:
    """Record the text and style of every paragraph ReportLab is asked to make."""
    made: Texts = []
    original = paragraph_module.Paragraph.__init__

    def recording(
        self: Paragraph, text: object, style: object = None, *args: object, **kw: object
    ) -> None:
        if isinstance(text, str) and text and isinstance(style, ParagraphStyle):
            made.append((text, style))
        original(self, text, style, *args, **kw)

    paragraph_module.Paragraph.__init__ = recording
    try:
        yield made
    finally:
        paragraph_module.Paragraph.__init__ = original


def minutes_text(session: Session) -> Texts:
    """Every paragraph of the session's minutes: its text (ReportLab's markup, with the
    fonts each run of characters was given) and its style, in order (page headers too)."""
    with _recording_paragraphs() as made:
        build_minutes_pdf(build_minutes(session))
    return made


def flowing_paragraphs(texts: Texts) -> None:
    """The floor: the same text, the same fonts and styles, flowed as plain paragraphs
    on A4 pages by ReportLab, with no tables, pictures, page furniture or choices."""
    register_fonts()
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(
        [Paragraph(text, style) for text, style in texts]
    )


def minutes_figures(sessions: list[Session], runs: int) -> list[Figure]:
    """Minutes of each session, medians beside the floor's; each judged at ≤ 1.5×."""
    build_minutes_pdf(build_minutes(sessions[0]))  # fonts registered, caches warm
    figures = []
    for session in sessions:
        texts = minutes_text(session)

        def ours(s: Session = session) -> float:
            return timed(lambda: build_minutes_pdf(build_minutes(s)))

        def floor(t: Texts = texts) -> float:
            return timed(lambda: flowing_paragraphs(t))

        mine, plain = alternate(runs, ours, floor)
        count = len(session.notes)
        value, floor_value = median(mine), median(plain)
        ratio_met = value <= MAX_RATIO * floor_value
        if count == 1000:
            target, met = f"≤ 2 s and ≤ {MAX_RATIO:g}× floor", value <= 2.0 and ratio_met
        else:
            target, met = f"≤ {MAX_RATIO:g}× floor", ratio_met
        figures.append(
            Figure(f"PDF minutes of {count:,} notes", value, "s", floor_value, target, met)
        )
    return figures
