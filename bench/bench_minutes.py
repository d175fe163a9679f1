"""Minutes of a 1,000-note session: target ≤ 2 s and within 2× a plain ReportLab table.

    .venv/bin/python -m bench.bench_minutes

The floor is ReportLab laying out the same note texts in one plain Table, with the
same fonts, and nothing else.
"""

from __future__ import annotations

import io
import time
from dataclasses import replace

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from app.core.demo import build_demo_session
from app.core.minutes import build_minutes
from app.core.types import Note, Session, new_id
from app.export.pdf import build_minutes_pdf
from app.export.pdf_text import SANS, register_fonts

NOTES = 1000


def big_session() -> Session:
    demo = build_demo_session()
    template = demo.notes[0]
    notes = tuple(
        Note(
            id=new_id(),
            text=f"Idea {i}: a small, concrete improvement we could try next week",
            color=template.color,
            x=0,
            y=0,
            created_at=template.created_at,
            author_id=demo.participants[i % len(demo.participants)].id,
            cluster_id=demo.clusters[i % len(demo.clusters)].id,
        )
        for i in range(NOTES)
    )
    return replace(demo, notes=notes)


def floor(session: Session) -> float:
    register_fonts()
    style = ParagraphStyle("floor", fontName=SANS, fontSize=10, leading=14)
    start = time.perf_counter()
    # The same text the minutes lay out: each note in the ranking and in the ideas,
    # with its author line.
    rows = [[Paragraph(note.text, style)] for note in session.notes]
    rows += [[Paragraph(note.text, style)] for note in session.notes]
    rows += [[Paragraph("Maya Chen, Operations", style)] for _ in session.notes]
    document = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
    document.build([Table(rows)])
    return time.perf_counter() - start


def main() -> None:
    session = big_session()
    build_minutes_pdf(build_minutes(session))  # fonts loaded, caches warm
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        data = build_minutes_pdf(build_minutes(session))
        runs.append(time.perf_counter() - start)
    ours = min(runs)
    plain = min(floor(session) for _ in range(3))
    verdict = "ok" if ours <= 2.0 and ours <= 2 * plain else "OVER"
    print(
        f"minutes of {NOTES:,} notes: {ours:.2f} s ({len(data) / 1024:.0f} KiB); "
        f"plain table floor {plain:.2f} s; ratio {ours / plain:.2f}x; "
        f"target ≤ 2 s and ≤ 2x: {verdict}"
    )


if __name__ == "__main__":
    main()
