"""A goal's metric over time (QtCharts): values, baseline, target, and adoptions marked.

The same picture as the goal report's, drawn large enough to read from the back of a
room: thick lines, big labels, a legend that names each adopted experiment.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from app.core.format_helpers import counted, shortened
from app.core.goal_report import GoalReport
from app.core.goals import metric_text

READINGS = QColor("#2563EB")
BASELINE = QColor("#52606D")
TARGET = QColor("#B45309")
ADOPTED = QColor("#15803D")
LABEL_POINT_SIZE = 11


def _moment(day: date) -> float:
    """Milliseconds since the epoch at noon of ``day``, as QtCharts counts time."""
    return datetime.combine(day, time(12)).timestamp() * 1000  # local noon, as the axis shows


class MetricChartView(QChartView):
    """Shows one goal's report as a chart; :meth:`show_report` redraws it."""

    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setAccessibleName("The metric over time")
        self.show_report(None)

    def show_report(self, report: GoalReport | None) -> None:
        """Draw ``report``'s metric (or say there is nothing to draw yet)."""
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        font = QFont(chart.legend().font())
        font.setPointSize(LABEL_POINT_SIZE)
        chart.legend().setFont(font)
        self.description = self._fill(chart, report, font)
        self.setAccessibleDescription(self.description)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _fill(self, chart: QChart, report: GoalReport | None, font: QFont) -> str:
        span = report.chart_span() if report else None
        values = report.chart_values() if report else None
        if report is None or span is None or values is None or not report.readings:
            chart.setTitle("No values recorded yet: record the metric below to see it here.")
            chart.setTitleFont(font)
            chart.legend().hide()
            return chart.title()
        goal = report.goal
        first, last = span
        if first == last:
            first = date.fromordinal(first.toordinal() - 1)
            last = date.fromordinal(last.toordinal() + 1)
        low, high = values
        margin = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
        low, high = low - margin, high + margin
        x_axis = QDateTimeAxis()
        x_axis.setFormat("d MMM yyyy")
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_moment(first))),
            QDateTime.fromMSecsSinceEpoch(int(_moment(last))),
        )
        x_axis.setTickCount(4)
        y_axis = QValueAxis()
        y_axis.setRange(low, high)
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%g")
        y_axis.setTitleText(goal.unit or goal.metric)
        for axis in (x_axis, y_axis):
            axis.setLabelsFont(font)
            axis.setTitleFont(font)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)

        def add(series: QLineSeries, colour: QColor, width: float, dashed: bool = False) -> None:
            pen = QPen(colour)
            pen.setWidthF(width)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            series.setPen(pen)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)

        for value, name, colour in (
            (goal.baseline, "Baseline", BASELINE),
            (goal.target, "Target", TARGET),
        ):
            if value is not None:
                line = QLineSeries()
                line.setName(f"{name} {metric_text(goal, value)}")
                line.append(_moment(first), value)
                line.append(_moment(last), value)
                add(line, colour, 2.0, dashed=True)
        for adoption in report.adoptions:
            mark = QLineSeries()
            mark.setName(
                f"Adopted {adoption.on.day} {adoption.on:%b}: {shortened(adoption.title, 40)}"
            )
            mark.append(_moment(adoption.on), low)
            mark.append(_moment(adoption.on), high)
            add(mark, ADOPTED, 2.0)
        readings = QLineSeries()
        readings.setName(goal.metric or "Metric")
        for reading in report.readings:
            readings.append(_moment(reading.measured_on), reading.value)
        readings.setPointsVisible(True)
        readings.setMarkerSize(9)
        add(readings, READINGS, 3.5)
        latest = report.readings[-1]
        return (
            f"{goal.metric or 'The metric'}: {counted(len(report.readings), 'value')}, the "
            f"latest {metric_text(goal, latest.value)} on {latest.measured_on.day} "
            f"{latest.measured_on:%b %Y}; "
            f"{counted(len(report.adoptions), 'adopted experiment')} marked."
        )
