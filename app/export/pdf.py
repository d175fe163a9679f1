"""The minutes as a PDF people want to forward (ReportLab platypus)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from app.core.format_helpers import counted, shortened
from app.core.goal_report import outcome_summary
from app.core.minutes import Minutes, idea_links
from app.export.pdf_style import (
    ACCENT,
    MUTED,
    Styles,
    grid,
    label,
    make_styles,
    para,
    table_style,
)
from app.export.pdf_text import SANS, SANS_BOLD
from app.export.pdf_votes import decided, final_ranking, rounds

PAGE_SIZES = {"a4": A4, "letter": LETTER}
HEADER_LIMIT = 110
Progress = Callable[[int, int], None]


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no types
    """Draws "page x of y" once the number of pages is known."""

    header = ""
    header_style: ParagraphStyle | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Keep the page; it is drawn in save()."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Add header and footer to every page, then write."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, height = self._pagesize
            self._draw_header(width, height)
            self.setFont(SANS, 8)
            self.setFillColor(MUTED)
            self.drawRightString(width - 18 * mm, 10 * mm, f"Page {self._pageNumber} of {total}")
            self.drawString(18 * mm, 10 * mm, "Minutes made with Dotstorm")
            super().showPage()
        super().save()

    def _draw_header(self, width: float, height: float) -> None:
        """The title and date, in the body's fonts and shaping (any script), one line."""
        if not self.header or self.header_style is None:
            return
        line = para(shortened(self.header, HEADER_LIMIT), self.header_style)
        _, used = line.wrap(width - 36 * mm, 12 * mm)
        line.drawOn(self, 18 * mm, height - 9 * mm - used)


def build_minutes_pdf(
    minutes: Minutes,
    page_size: str = "a4",
    board_png: bytes | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The minutes as PDF bytes. ``progress(done, total)`` is told as sections are built."""
    styles = make_styles()
    story: list[Flowable] = []
    sections: list[Callable[[], list[Flowable]]] = [
        lambda: _opening(minutes, styles),
        lambda: _reviewed(minutes, styles),
        lambda: decided(minutes, styles),
        lambda: _people(minutes, styles),
        lambda: _agenda(minutes, styles),
        lambda: _brainwriting(minutes, styles),
        lambda: final_ranking(minutes, styles),
        lambda: rounds(minutes, styles),
        lambda: _ideas(minutes, styles),
        lambda: _matrix(minutes, styles),
        lambda: _actions(minutes, styles),
        lambda: _recognition(minutes, styles),
        lambda: _board(board_png, styles, PAGE_SIZES[page_size]),
    ]
    for done, section in enumerate(sections, start=1):
        story.extend(section())
        if progress is not None:
            progress(done, len(sections) + 1)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[page_size],
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=minutes.title,
        author=minutes.facilitator or "Dotstorm",
        subject=minutes.question,
        creator="Dotstorm",
        # ReportLab's canvas starts in Helvetica, which a PDF reader must then supply
        # (it is not embedded): start in the minutes' own, embedded font instead.
        initialFontName=SANS,
    )
    header = " · ".join(part for part in (minutes.title, minutes.date) if part)
    canvas_class = type(
        "MinutesCanvas",
        (_NumberedCanvas,),
        {"header": header, "header_style": styles["header"]},
    )
    document.build(story, canvasmaker=canvas_class)
    if progress is not None:
        progress(len(sections) + 1, len(sections) + 1)
    return buffer.getvalue()


def _opening(m: Minutes, s: Styles) -> list[Flowable]:
    rows = [
        ("Goal", m.goal or "—"),
        *([("Goal's metric", m.goal_metric)] if m.goal_metric else []),
        ("Date", m.date or "—"),
        ("Facilitator", m.facilitator or "—"),
        ("Total time", m.total_time),
        *([("From phones", m.from_phones)] if m.from_phones else []),
    ]
    table = Table(
        [[label(k, s["small"]), para(v, s["body"])] for k, v in rows],
        colWidths=[32 * mm, None],
    )
    table.setStyle(
        table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2))
    )
    return [
        para(m.title, s["title"], bold=True),
        Spacer(1, 4),
        para(m.question or "", s["question"], bold=True),
        Spacer(1, 6),
        table,
    ]


def _people(m: Minutes, s: Styles) -> list[Flowable]:
    rows: list[list[Flowable]] = [[label("Department", s["cell"]), label("People", s["cell"])]]
    rows += [
        [para(d, s["cell"]), para(", ".join(names), s["cell"])] for d, names in m.people.items()
    ]
    return [label("People", s["h1"]), grid(rows, [50 * mm, None])]


def _agenda(m: Minutes, s: Styles) -> list[Flowable]:
    rows: list[list[Flowable]] = [
        [label(h, s["cell"]) for h in ("Phase", "Kind", "Planned", "Ran", "Status")]
    ]
    rows += [
        [
            para(a.phase_words, s["cell"]),
            label(a.kind, s["cell"]),
            label(a.planned, s["cell"]),
            label(a.actual, s["cell"]),
            label(a.status, s["cell"]),
        ]
        for a in m.agenda
    ]
    return [label("Agenda", s["h1"]), grid(rows, [None, 30 * mm, 20 * mm, 20 * mm, 20 * mm])]


def _brainwriting(m: Minutes, s: Styles) -> list[Flowable]:
    """Each 6-3-5 phase: its sheets, rounds and ideas, then a table of each sheet's chain."""
    story: list[Flowable] = []
    for section in m.brainwriting:
        story += [para(section.phase_title, s["h1"], bold=True), para(section.summary, s["body"])]
        rows: list[list[Flowable]] = [
            [label("Sheet", s["cell"]), label("Ideas, in order", s["cell"])]
        ]
        rows += [
            [para(sheet.name, s["cell"]), para(sheet.chain or "no ideas", s["cell"])]
            for sheet in section.sheets
        ]
        story.append(grid(rows, [45 * mm, None]))
    return story


def _ideas(m: Minutes, s: Styles) -> list[Flowable]:
    story: list[Flowable] = [label("All ideas", s["h1"])]
    if not m.ideas:
        story.append(label("No ideas were recorded.", s["body"]))
    for group, lines in m.ideas:
        story.append(para(group, s["h2"], bold=True))
        for line in lines:
            extra = []
            if line.dots:
                extra.append(counted(line.dots, "dot"))
            if line.author:
                extra.append(line.author)
            story.append(para("• " + line.text, s["body"]))
            if extra:
                story.append(para("   " + " · ".join(extra), s["small"]))
            for said in idea_links(line):
                story.append(para(f"   {said}", s["small"]))
            for again in line.also:
                said_by = f" — {again.author}" if again.author else ""
                story.append(para(f"   Also said: “{again.text}”{said_by}", s["small"]))
    return story


def _matrix(m: Minutes, s: Styles) -> list[Flowable]:
    if not m.matrix:
        return []
    size = 90 * mm
    drawing = Drawing(size + 20 * mm, size + 12 * mm)
    left, bottom = 14 * mm, 8 * mm
    drawing.add(
        Rect(
            left,
            bottom + size * 0.6,
            size * 0.4,
            size * 0.4,
            fillColor=colors.HexColor("#D1FADF"),
            strokeColor=None,
        )
    )
    drawing.add(Rect(left, bottom, size, size, fillColor=None, strokeColor=MUTED))
    drawing.add(Line(left + size / 2, bottom, left + size / 2, bottom + size, strokeColor=MUTED))
    drawing.add(Line(left, bottom + size / 2, left + size, bottom + size / 2, strokeColor=MUTED))
    drawing.add(
        String(
            left + 3,
            bottom + size - 10,
            "Quick wins",
            fontName=SANS_BOLD,
            fontSize=8,
            fillColor=colors.HexColor("#027A48"),
        )
    )
    drawing.add(
        String(
            left + size / 2,
            bottom - 12,
            "Effort (1-5)",
            fontName=SANS,
            fontSize=8,
            textAnchor="middle",
        )
    )
    drawing.add(String(2, bottom + size / 2, "Impact", fontName=SANS, fontSize=8))
    legend: list[Flowable] = []
    for number, line in enumerate(m.matrix, start=1):
        x = left + (line.effort - 0.5) / 5 * size
        y = bottom + (line.impact - 0.5) / 5 * size
        quick = line.quick_win
        drawing.add(
            Circle(
                x,
                y,
                6,
                fillColor=colors.HexColor("#12B76A") if quick else ACCENT,
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                x,
                y - 3,
                str(number),
                fontName=SANS_BOLD,
                fontSize=7,
                fillColor=colors.white,
                textAnchor="middle",
            )
        )
        tag = " (quick win)" if quick else ""
        legend.append(para(f"{number}. {line.label} — {line.facts}{tag}", s["small"]))
    # The 2×2 and its legend stay on one page (a legend too long for one page runs on).
    return [KeepTogether([label("Impact and effort", s["h1"]), drawing, *legend])]


def _actions(m: Minutes, s: Styles) -> list[Flowable]:
    story: list[Flowable] = [label("Action items", s["h1"])]
    if not m.actions:
        return [*story, label("No action items yet.", s["body"])]
    for action in m.actions:
        owner = m.people_by_id.get(action.owner_id or "")
        facts = [
            f"Owner: {owner.name if owner else 'nobody yet'}",
            f"Due: {action.due_date.isoformat() if action.due_date else '—'}",
            f"Status: {action.status.value}",
        ]
        block: list[Flowable] = [
            para(action.title, s["h2"], bold=True),
            para("  ·  ".join(facts), s["small"]),
        ]
        if action.hypothesis:
            block.append(para("We expect: " + action.hypothesis, s["body"]))
        if action.success_metric:
            block.append(para("We will know by: " + action.success_metric, s["body"]))
        if action.outcome is not None:
            block.append(para("Outcome: " + outcome_summary(action.outcome), s["body"]))
            if action.outcome.learning:
                block.append(para("We learned: " + action.outcome.learning, s["body"]))
        story.extend(block)
    return story


def _reviewed(m: Minutes, s: Styles) -> list[Flowable]:
    """Last time's experiments with their outcomes, when this session's review ran."""
    if not m.reviewed:
        return []
    header = [label(h, s["cell"]) for h in ("Experiment", "Owner", "Outcome")]
    rows = [
        [
            [para(line.title, s["cell"]), para(line.session_title, s["small"])],
            para(line.owner or "—", s["cell"]),
            [para(line.outcome, s["cell"])]
            + ([para(line.learning, s["small"])] if line.learning else []),
        ]
        for line in m.reviewed
    ]
    return [
        label("Last time's experiments", s["h1"]),
        grid([header, *rows], [None, 32 * mm, 62 * mm]),
    ]


def _recognition(m: Minutes, s: Styles) -> list[Flowable]:
    story: list[Flowable] = [label("Recognition", s["h1"])]
    rows: list[list[Flowable]] = [
        [label(h, s["cell"]) for h in ("Department", "Ideas", "Adopted", "Dots given")]
    ]
    departments = list(dict.fromkeys([*m.ideas_by_department, *m.dots_by_department]))
    for department in departments:
        rows.append(
            [
                para(department, s["cell"]),
                label(str(m.ideas_by_department.get(department, 0)), s["cell"]),
                label(str(m.adopted_by_department.get(department, 0)), s["cell"]),
                label(str(m.dots_by_department.get(department, 0)), s["cell"]),
            ]
        )
    story.append(grid(rows, [None, 22 * mm, 22 * mm, 25 * mm]))
    if m.top_contributors:
        names = ", ".join(f"{name} ({count})" for name, count in m.top_contributors)
        story.append(Spacer(1, 4))
        story.append(para("Most ideas: " + names, s["body"]))
    if m.adopted_by_person:
        names = ", ".join(f"{name} ({count})" for name, count in m.adopted_by_person)
        story.append(para("Ideas adopted since: " + names, s["body"]))
    if m.anonymous_ideas:
        story.append(label("Ideas were anonymous: no names are given.", s["small"]))
    return story


def _board(board_png: bytes | None, s: Styles, page: tuple[float, float]) -> list[Flowable]:
    if not board_png:
        return []
    image = Image(io.BytesIO(board_png))
    width = page[0] - 36 * mm
    scale = min(1.0, width / image.imageWidth, (page[1] - 60 * mm) / image.imageHeight)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    return [label("The board", s["h1"]), image]
