"""A goal's one-page report (ReportLab): its number over time, and what the sessions did.

The chart shows the metric's recorded values against its baseline and target, with
each adopted experiment marked on the day it was adopted, so a room can see whether
small changes move the big number.
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table

from app.core.format_helpers import counted, shortened
from app.core.goal_report import GoalReport, sessions_text
from app.core.goals import metric_text
from app.export.pdf import PAGE_SIZES
from app.export.pdf_style import (
    ACCENT,
    INK,
    MUTED,
    Styles,
    grid,
    label,
    make_styles,
    para,
    table_style,
)
from app.export.pdf_text import SANS, SANS_BOLD

CHART_HEIGHT = 62 * mm
ADOPTED = colors.HexColor("#15803D")
TARGET = colors.HexColor("#B45309")
EXPERIMENT_ROWS = 12
"""More experiments are counted, not listed: the report stays on one page."""


def build_goal_report_pdf(report: GoalReport, page_size: str = "a4") -> bytes:
    """The report as PDF bytes."""
    styles = make_styles()
    page = PAGE_SIZES[page_size]
    width = page[0] - 36 * mm
    story: list[Flowable] = [
        para(report.goal.title, styles["title"], bold=True),
        Spacer(1, 4),
    ]
    if report.goal.why:
        story.append(para(report.goal.why, styles["body"]))
    story += [Spacer(1, 4), _facts(report, styles), Spacer(1, 8)]
    story += _chart(report, styles, width)
    story += _experiments(report, styles)
    story += _credit(report, styles)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Goal report: {report.goal.title}",
        author=report.goal.owner or "Dotstorm",
        creator="Dotstorm",
        initialFontName=SANS,  # not ReportLab's Helvetica, which is not embedded
    ).build(story)
    return buffer.getvalue()


def _facts(report: GoalReport, s: Styles) -> Table:
    goal, overview = report.goal, report.overview
    rows = [
        ("Owner", goal.owner or "—"),
        ("Metric", report.metric or "no metric set"),
        ("Sessions", sessions_text(report)),
        ("So far", overview.summary()),
    ]
    table = Table(
        [[label(k, s["small"]), para(v, s["body"])] for k, v in rows], colWidths=[24 * mm, None]
    )
    table.setStyle(
        table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1))
    )
    return table


def _chart(report: GoalReport, s: Styles, width: float) -> list[Flowable]:
    heading = para(f"{report.goal.metric or 'The metric'} over time", s["h1"], bold=True)
    span, values = report.chart_span(), report.chart_values()
    if span is None or values is None or not report.readings:
        return [
            heading,
            label(
                "No values recorded yet: record the metric on the goal's page in Dotstorm "
                "to see it here against its baseline and target.",
                s["small"],
            ),
        ]
    return [heading, MetricChart(report, width, CHART_HEIGHT).drawing()]


class MetricChart:
    """The metric's values, baseline, target and adoptions as a ReportLab drawing."""

    LEFT = 16 * mm
    BOTTOM = 9 * mm

    def __init__(self, report: GoalReport, width: float, height: float) -> None:
        self.report = report
        self.width = width
        self.height = height
        span, values = report.chart_span(), report.chart_values()
        assert span is not None and values is not None
        self.first, self.last = span
        low, high = values
        margin = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
        self.low, self.high = low - margin, high + margin

    def x(self, day: date) -> float:
        """Where ``day`` lies across the chart."""
        days = max(1, (self.last - self.first).days)
        plot = float(self.width - self.LEFT - 6 * mm)
        return float(self.LEFT + plot * (day - self.first).days / days)

    def y(self, value: float) -> float:
        """Where ``value`` lies up the chart."""
        plot = float(self.height - self.BOTTOM - 8 * mm)
        return float(self.BOTTOM + plot * (value - self.low) / (self.high - self.low))

    def drawing(self) -> Drawing:
        """The chart, drawn."""
        goal = self.report.goal
        drawing = Drawing(self.width, self.height)
        right = self.width - 6 * mm
        drawing.add(Line(self.LEFT, self.BOTTOM, right, self.BOTTOM, strokeColor=MUTED))
        drawing.add(
            Line(self.LEFT, self.BOTTOM, self.LEFT, self.height - 6 * mm, strokeColor=MUTED)
        )
        for value, name, colour in (
            (goal.baseline, "baseline", MUTED),
            (goal.target, "target", TARGET),
        ):
            if value is None:
                continue
            level = self.y(value)
            drawing.add(
                Line(self.LEFT, level, right, level, strokeColor=colour, strokeDashArray=[3, 2])
            )
            drawing.add(
                String(
                    right,
                    level + 2,
                    f"{name} {metric_text(goal, value)}",
                    fontName=SANS,
                    fontSize=7,
                    fillColor=colour,
                    textAnchor="end",
                )
            )
        for index, adoption in enumerate(self.report.adoptions):
            at = self.x(adoption.on)
            drawing.add(
                Line(
                    at, self.BOTTOM, at, self.height - 6 * mm, strokeColor=ADOPTED, strokeWidth=0.8
                )
            )
            drawing.add(
                String(
                    at + 2,
                    self.height - 6 * mm - 8 * (index % 3 + 1),
                    "Adopted: " + shortened(adoption.title, 40),
                    fontName=SANS,
                    fontSize=6.5,
                    fillColor=ADOPTED,
                )
            )
        points = [(self.x(r.measured_on), self.y(r.value)) for r in self.report.readings]
        if len(points) > 1:
            drawing.add(
                PolyLine([c for p in points for c in p], strokeColor=ACCENT, strokeWidth=1.6)
            )
        for px, py in points:
            drawing.add(Circle(px, py, 2.2, fillColor=ACCENT, strokeColor=colors.white))
        last = self.report.readings[-1]
        drawing.add(
            String(
                points[-1][0] + 5,
                points[-1][1] - 3,
                f"{metric_text(goal, last.value)} ({last.measured_on.day} {last.measured_on:%b})",
                fontName=SANS_BOLD,
                fontSize=8,
                fillColor=INK,
            )
        )
        for day in (self.first, self.last):
            drawing.add(
                String(
                    self.x(day),
                    self.BOTTOM - 9,
                    f"{day.day} {day:%b %Y}",
                    fontName=SANS,
                    fontSize=7,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )
        return drawing


def _experiments(report: GoalReport, s: Styles) -> list[Flowable]:
    lines = report.experiments
    heading = para("Experiments", s["h1"], bold=True)
    if not lines:
        return [heading, label("No experiments yet.", s["small"])]
    header = [label(h, s["cell"]) for h in ("Experiment", "Session", "Owner", "Outcome")]
    rows = [
        [
            para(shortened(line.title, 120), s["cell"]),
            para(shortened(line.session_title, 60), s["cell"]),
            para(line.owner or "—", s["cell"]),
            para(shortened(line.outcome, 120), s["cell"]),
        ]
        for line in lines[:EXPERIMENT_ROWS]
    ]
    flowables: list[Flowable] = [heading, grid([header, *rows], [None, 36 * mm, 30 * mm, 52 * mm])]
    if len(lines) > EXPERIMENT_ROWS:
        more = len(lines) - EXPERIMENT_ROWS
        flowables.append(label(f"And {counted(more, 'more experiment')}.", s["small"]))
    return flowables


def _credit(report: GoalReport, s: Styles) -> list[Flowable]:
    credit = report.credit
    if not credit.by_department:
        return []
    departments = ", ".join(
        f"{c.name}: {counted(c.contributed, 'idea')}, {c.adopted} adopted"
        for c in credit.by_department[:6]
    )
    flowables: list[Flowable] = [
        para("Who the ideas came from", s["h1"], bold=True),
        para(departments, s["body"]),
    ]
    people = [c for c in credit.by_person if c.adopted][:8]
    if people:
        flowables.append(
            para(
                "Adopted ideas by: "
                + ", ".join(f"{c.name} ({c.department}, {c.adopted})" for c in people),
                s["body"],
            )
        )
    flowables.append(
        label(
            "Sessions with anonymous ideas count their departments, never their people.",
            s["small"],
        )
    )
    return flowables
