"""The minutes as a PDF people want to forward (ReportLab platypus)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.core.minutes import Minutes, RoundResult
from app.export.pdf_text import SANS, SANS_BOLD, direction, markup, register_fonts

PAGE_SIZES = {"a4": A4, "letter": LETTER}
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
ACCENT = colors.HexColor("#2563EB")
LIGHT = colors.HexColor("#EEF2F6")
TABLE_TEXT_LIMIT = 300
Progress = Callable[[int, int], None]


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=SANS, fontSize=10, leading=14, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontName=SANS_BOLD, fontSize=22, leading=27),
        "question": ParagraphStyle(
            "question", parent=base, fontName=SANS_BOLD, fontSize=14, leading=19, textColor=ACCENT
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=14,
            leading=18,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,  # a heading never ends a page on its own
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
    }


def _para(text: str, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    """User text as a paragraph: escaped, fonts per run, right-to-left where needed."""
    kind = direction(text)
    if kind != "ltr":
        style = ParagraphStyle(
            f"{style.name}-rtl",
            parent=style,
            alignment=TA_RIGHT,
            shaping=1 if kind == "arabic" else 0,
        )
    return Paragraph(markup(text, bold=bold), style)


def _label(text: str, style: ParagraphStyle) -> Paragraph:
    """Our own words (never user text) as a paragraph."""
    return Paragraph(markup(text), style)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no types
    """Draws "page x of y" once the number of pages is known."""

    header = ""

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
            self.setFont(SANS, 8)
            self.setFillColor(MUTED)
            self.drawString(18 * mm, height - 12 * mm, self.header[:110])
            self.drawRightString(width - 18 * mm, 10 * mm, f"Page {self._pageNumber} of {total}")
            self.drawString(18 * mm, 10 * mm, "Minutes made with Dotstorm")
            super().showPage()
        super().save()


def build_minutes_pdf(
    minutes: Minutes,
    page_size: str = "a4",
    board_png: bytes | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The minutes as PDF bytes. ``progress(done, total)`` is told as sections are built."""
    styles = _styles()
    story: list[Flowable] = []
    sections: list[Callable[[], list[Flowable]]] = [
        lambda: _opening(minutes, styles),
        lambda: _people(minutes, styles),
        lambda: _agenda(minutes, styles),
        lambda: _rounds(minutes, styles),
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
    )
    canvas_class = type(
        "MinutesCanvas", (_NumberedCanvas,), {"header": f"{minutes.title} · {minutes.date}"}
    )
    document.build(story, canvasmaker=canvas_class)
    if progress is not None:
        progress(len(sections) + 1, len(sections) + 1)
    return buffer.getvalue()


def _opening(m: Minutes, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [
        ("Goal", m.goal or "—"),
        ("Date", m.date or "—"),
        ("Facilitator", m.facilitator or "—"),
        ("Total time", m.total_time),
    ]
    table = Table(
        [[_label(k, s["small"]), _para(v, s["body"])] for k, v in rows],
        colWidths=[32 * mm, None],
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    )
    return [
        _para(m.title, s["title"], bold=True),
        Spacer(1, 4),
        _para(m.question or "", s["question"], bold=True),
        Spacer(1, 6),
        table,
    ]


def _grid(rows: list[list[Flowable]], widths: list[Any], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, LIGHT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    table.setStyle(TableStyle(commands))
    return table


def _people(m: Minutes, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows: list[list[Flowable]] = [[_label("Department", s["cell"]), _label("People", s["cell"])]]
    rows += [
        [_para(d, s["cell"]), _para(", ".join(names), s["cell"])] for d, names in m.people.items()
    ]
    return [_label("People", s["h1"]), _grid(rows, [50 * mm, None])]


def _agenda(m: Minutes, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows: list[list[Flowable]] = [
        [_label(h, s["cell"]) for h in ("Phase", "Kind", "Planned", "Ran", "Status")]
    ]
    rows += [
        [
            _para(a.title, s["cell"]),
            _label(a.kind, s["cell"]),
            _label(a.planned, s["cell"]),
            _label(a.actual, s["cell"]),
            _label(a.status, s["cell"]),
        ]
        for a in m.agenda
    ]
    return [_label("Agenda", s["h1"]), _grid(rows, [None, 30 * mm, 20 * mm, 20 * mm, 20 * mm])]


RANKING_CHUNK = 40


def _ranking_tables(rows: list[list[Any]]) -> list[Flowable]:
    """The ranking in tables of 40 rows: one long table is re-measured at every page break."""
    header = ["Rank", "Item", "Dots"]
    tables: list[Flowable] = []
    for start in range(0, max(1, len(rows)), RANKING_CHUNK):
        chunk = rows[start : start + RANKING_CHUNK]
        table = Table(
            [header, *chunk] if start == 0 else chunk, colWidths=[20 * mm, None, 14 * mm]
        )
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, LIGHT),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if start == 0:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
        table.setStyle(TableStyle(commands))
        tables.append(table)
    return tables


def _chart(result: RoundResult) -> Drawing:
    top = result.ranking[:12]
    height = 18 * len(top) + 20
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 8 * mm, 10
    chart.width, chart.height = 150 * mm, height - 20
    chart.data = [[entry.count for entry, _ in reversed(top)]]
    chart.categoryAxis.categoryNames = [f"{entry.rank}." for entry, _ in reversed(top)]
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def _rounds(m: Minutes, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not m.rounds:
        return []
    story: list[Flowable] = [_label("Vote results", s["h1"])]
    for result in m.rounds:
        story.append(_para(result.title or "Vote round", s["h2"], bold=True))
        story.append(_label(result.explanation, s["small"]))
        rows: list[list[Any]] = []
        for entry, text in result.ranking:
            short = text if len(text) <= TABLE_TEXT_LIMIT else text[:TABLE_TEXT_LIMIT] + "…"
            rank_text = f"{entry.rank}" + (" (tie)" if entry.tied else "")
            rows.append([rank_text, _para(short, s["cell"]), str(entry.count)])
        story.extend(_ranking_tables(rows))
        if result.ranking:
            story.append(KeepTogether([Spacer(1, 4), _chart(result)]))
        for group in result.ties:
            names = "; ".join(t[:80] for t in group[:6])
            more = f" and {len(group) - 6} more" if len(group) > 6 else ""
            story.append(_para(f"Tied: {names}{more}", s["small"]))
        if result.breakdown is None:
            story.append(_label("Anonymous round: no breakdown by department.", s["small"]))
        else:
            for department, spread in result.breakdown.items():
                picks = ", ".join(result.top_picks.get(department, []))
                detail = "; ".join(f"{label[:60]} {count}" for label, count in spread)
                story.append(_para(f"{department}: top pick {picks} ({detail})", s["small"]))
    return story


def _ideas(m: Minutes, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_label("All ideas", s["h1"])]
    if not m.ideas:
        story.append(_label("No ideas were recorded.", s["body"]))
    for group, lines in m.ideas:
        story.append(_para(group, s["h2"], bold=True))
        for line in lines:
            extra = []
            if line.dots:
                extra.append(f"{line.dots} dot{'s' * (line.dots != 1)}")
            if line.author:
                extra.append(line.author)
            story.append(_para("• " + line.text, s["body"]))
            if extra:
                story.append(_para("   " + " · ".join(extra), s["small"]))
    return story


def _matrix(m: Minutes, s: dict[str, ParagraphStyle]) -> list[Flowable]:
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
    for number, (text, impact, effort) in enumerate(m.matrix, start=1):
        x = left + (effort - 0.5) / 5 * size
        y = bottom + (impact - 0.5) / 5 * size
        quick = impact >= 4 and effort <= 2
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
        legend.append(
            _para(f"{number}. {text} — impact {impact}, effort {effort}{tag}", s["small"])
        )
    return [_label("Impact and effort", s["h1"]), KeepTogether([drawing]), *legend]


def _actions(m: Minutes, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_label("Action items", s["h1"])]
    if not m.actions:
        return [*story, _label("No action items yet.", s["body"])]
    for action in m.actions:
        owner = m.people_by_id.get(action.owner_id or "")
        facts = [
            f"Owner: {owner.name if owner else 'nobody yet'}",
            f"Due: {action.due_date.isoformat() if action.due_date else '—'}",
            f"Status: {action.status.value}",
        ]
        block: list[Flowable] = [
            _para(action.title, s["h2"], bold=True),
            _para("  ·  ".join(facts), s["small"]),
        ]
        if action.hypothesis:
            block.append(_para("We expect: " + action.hypothesis, s["body"]))
        if action.success_metric:
            block.append(_para("We will know by: " + action.success_metric, s["body"]))
        story.extend(block)
    return story


def _recognition(m: Minutes, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_label("Recognition", s["h1"])]
    rows: list[list[Flowable]] = [
        [_label(h, s["cell"]) for h in ("Department", "Ideas", "Adopted", "Dots given")]
    ]
    departments = list(dict.fromkeys([*m.ideas_by_department, *m.dots_by_department]))
    for department in departments:
        rows.append(
            [
                _para(department, s["cell"]),
                _label(str(m.ideas_by_department.get(department, 0)), s["cell"]),
                _label(str(m.adopted_by_department.get(department, 0)), s["cell"]),
                _label(str(m.dots_by_department.get(department, 0)), s["cell"]),
            ]
        )
    story.append(_grid(rows, [None, 22 * mm, 22 * mm, 25 * mm]))
    if m.top_contributors:
        names = ", ".join(f"{name} ({count})" for name, count in m.top_contributors)
        story.append(Spacer(1, 4))
        story.append(_para("Most ideas: " + names, s["body"]))
    if m.adopted_by_person:
        names = ", ".join(f"{name} ({count})" for name, count in m.adopted_by_person)
        story.append(_para("Ideas adopted since: " + names, s["body"]))
    if m.anonymous_ideas:
        story.append(_label("Ideas were anonymous: no names are given.", s["small"]))
    return story


def _board(
    board_png: bytes | None, s: dict[str, ParagraphStyle], page: tuple[float, float]
) -> list[Flowable]:
    if not board_png:
        return []
    image = Image(io.BytesIO(board_png))
    width = page[0] - 36 * mm
    scale = min(1.0, width / image.imageWidth, (page[1] - 60 * mm) / image.imageHeight)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    return [_label("The board", s["h1"]), image]
