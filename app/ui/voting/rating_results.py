"""A rating round's results in the window: a chart of the combined scores, then the table.

The words and numbers come from :func:`app.core.rating_minutes.rating_table`, the same
table the minutes and the room's view print, so none of them can disagree.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.rating_minutes import RatingLine, RatingTable

ROW_HEIGHT = 40
PLACE_WIDTH = 48
LABEL_PIXELS = 18
LABEL_SHARE = 0.5
"""The most of the chart's width the item's words take; the bar keeps the rest."""
DISCUSS_COLOR = "#B45309"


class CombinedChart(QWidget):
    """Place, item, a bar as long as its combined score on the scale, the score, "discuss"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: tuple[RatingLine, ...] = ()
        self.top = 1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(300)

    def set_table(self, table: RatingTable) -> None:
        """Show the items of ``table``, best combined score first."""
        self.lines = table.lines
        self.top = max(1, table.top)
        self.setFixedHeight(max(ROW_HEIGHT, ROW_HEIGHT * len(self.lines)))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw each row; the bar's full length is the top of the scale."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(LABEL_PIXELS)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        width = self.width()
        score_room = metrics.horizontalAdvance("10.00  discuss") + 16
        longest = max((metrics.horizontalAdvance(line.text) for line in self.lines), default=0)
        label_width = min(longest + 16, width * LABEL_SHARE)
        bar_left = PLACE_WIDTH + label_width + 8
        bar_room = max(10.0, width - bar_left - score_room)
        for index, line in enumerate(self.lines):
            top = index * ROW_HEIGHT
            painter.setPen(QColor("#1F2933"))
            painter.drawText(
                QRectF(0, top, PLACE_WIDTH, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                f"{line.place_text}.",
            )
            painter.drawText(
                QRectF(PLACE_WIDTH, top, label_width, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(line.text, Qt.TextElideMode.ElideRight, int(label_width)),
            )
            length = bar_room * (line.combined or 0) / self.top
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#2563EB") if line.place == 1 else QColor("#93B4F5"))
            painter.drawRoundedRect(
                QRectF(bar_left, top + 9, max(2.0, length), ROW_HEIGHT - 18), 4, 4
            )
            painter.setPen(QColor("#1F2933"))
            score_box = QRectF(bar_left + length + 10, top, score_room, ROW_HEIGHT)
            painter.drawText(score_box, Qt.AlignmentFlag.AlignVCenter, line.combined_text)
            if line.discuss:
                painter.setPen(QColor(DISCUSS_COLOR))
                shift = metrics.horizontalAdvance(line.combined_text + "  ")
                painter.drawText(
                    score_box.adjusted(shift, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "discuss"
                )
        painter.end()


class RatingResultsView(QWidget):
    """The definition, the chart of combined scores, the numbers, and the departments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition = QLabel()
        self.definition.setObjectName("PageSubtitle")
        self.definition.setWordWrap(True)
        self.chart = CombinedChart()
        self.table = _numbers_table("Rating results")
        self.breakdown = QLabel()
        self.breakdown.setObjectName("Breakdown")
        self.breakdown.setWordWrap(True)
        self.breakdown.setTextFormat(Qt.TextFormat.PlainText)
        self.department_table = _numbers_table("Combined score by department")
        self.empty = QLabel("Nobody rated anything in this round.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.definition,
            self.empty,
            self.chart,
            self.table,
            self.breakdown,
            self.department_table,
        ):
            layout.addWidget(widget)

    def show_table(self, table: RatingTable) -> None:
        """Fill the view with one rating round's results."""
        self.definition.setText(table.definition)
        self.empty.setVisible(not table.rated)
        self.chart.set_table(table)
        headings = ["Place", "Item", *table.criteria, "Combined", "n", "Discuss"]
        _fill(
            self.table,
            headings,
            [
                [
                    line.place_text,
                    line.text,
                    *line.scores,
                    line.combined_text,
                    str(line.voters),
                    line.discuss_text,
                ]
                for line in table.lines
            ],
        )
        if table.anonymous:
            self.breakdown.setText("Anonymous round: no breakdown by department.")
        elif table.departments:
            self.breakdown.setText("By department: the combined score from its own ratings.")
        self.breakdown.setVisible(table.anonymous or bool(table.departments))
        self.department_table.setVisible(bool(table.departments))
        _fill(
            self.department_table,
            ["Place", "Item", *table.departments],
            [[line.place_text, line.text, *line.by_department] for line in table.lines],
        )


def _numbers_table(name: str) -> QTableWidget:
    """A read-only table as tall as its rows: the page's scroll area scrolls it."""
    table = QTableWidget()
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page's scroll area reads it
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, headings: list[str], rows: list[list[str]]) -> None:
    """Put ``rows`` under ``headings``: the item's words (column 1) take the spare width."""
    table.clear()
    table.setColumnCount(len(headings))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(headings)
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            if column != 1:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if text == "discuss":
                cell.setForeground(QColor(DISCUSS_COLOR))
            table.setItem(row, column, cell)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.resizeRowsToContents()
    height = header.sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(table.rowCount()))
    table.setFixedHeight(height)
