"""The results of a round: every item ranked with a bar, ties marked, runoffs offered."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.voting import Ranked, tie_groups, top_pick

ROW_HEIGHT = 44


class RankingChart(QWidget):
    """Rank, item, a bar as long as its dots, the count; ties said in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Ranked, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(300)

    def set_rows(self, rows: list[tuple[Ranked, str]]) -> None:
        """Show ranked items with their labels."""
        self.rows = rows
        self.setFixedHeight(max(ROW_HEIGHT, ROW_HEIGHT * len(rows)))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the rows."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        label_width = width * 0.45
        bar_left = label_width + 70
        bar_room = max(10.0, width - bar_left - 140)  # room for "12  tie" after the bar
        most = max((entry.count for entry, _ in self.rows), default=0) or 1
        font = QFont(self.font())
        font.setPixelSize(19)
        painter.setFont(font)
        for index, (entry, label) in enumerate(self.rows):
            top = index * ROW_HEIGHT
            painter.setPen(QColor("#1F2933"))
            rank_text = f"{entry.rank}." + ("=" if entry.tied else "")
            painter.drawText(
                QRectF(0, top, 56, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, rank_text
            )
            shown = painter.fontMetrics().elidedText(
                label, Qt.TextElideMode.ElideRight, int(label_width - 60)
            )
            painter.drawText(
                QRectF(56, top, label_width - 56, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, shown
            )
            length = bar_room * entry.count / most
            color = QColor("#2563EB") if entry.rank == 1 and entry.count else QColor("#93B4F5")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(
                QRectF(bar_left, top + 10, max(2.0, length), ROW_HEIGHT - 20), 4, 4
            )
            painter.setPen(QColor("#1F2933"))
            count_text = f"{entry.count}" + ("  tie" if entry.tied else "")
            painter.drawText(
                QRectF(bar_left + length + 10, top, 110, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                count_text,
            )
        painter.end()


class ResultsPage(QWidget):
    """The ranking, runoffs for ties, the department breakdown, and what comes next."""

    runoff_requested = Signal(list)
    reopen_requested = Signal()
    matrix_requested = Signal()
    board_requested = Signal()
    new_round_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("ResultsTitle")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("PageSubtitle")
        self.subtitle.setWordWrap(True)
        self.chart = RankingChart()
        self.runoffs = QVBoxLayout()
        self.breakdown = QLabel()
        self.breakdown.setObjectName("Breakdown")
        self.breakdown.setWordWrap(True)
        self.breakdown.setTextFormat(Qt.TextFormat.PlainText)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(self.runoffs)
        inner.addWidget(self.chart)
        inner.addWidget(self.breakdown)
        inner.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.reopen_button = QPushButton("Reopen the round…")
        self.matrix_button = QPushButton("Impact and effort…")
        self.new_button = QPushButton("New round…")
        self.board_button = QPushButton("Back to the board")
        self.reopen_button.clicked.connect(self.reopen_requested)
        self.matrix_button.clicked.connect(self.matrix_requested)
        self.new_button.clicked.connect(self.new_round_requested)
        self.board_button.clicked.connect(self.board_requested)
        buttons = QHBoxLayout()
        for button in (self.reopen_button, self.matrix_button, self.new_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.board_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def show_results(
        self,
        title: str,
        subtitle: str,
        rows: list[tuple[Ranked, str]],
        breakdown: dict[str, dict[str, int]] | None,
        labels: dict[str, str],
        closed: bool,
    ) -> None:
        """Fill the page for one round."""
        self.heading.setText(title)
        self.subtitle.setText(subtitle)
        self.chart.set_rows(rows)
        while self.runoffs.count():
            child = self.runoffs.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        if closed:
            for group in tie_groups([entry for entry, _ in rows]):
                if not any(entry.count for entry, _ in rows if entry.item_id in group):
                    continue
                place = next(entry.rank for entry, _ in rows if entry.item_id == group[0])
                button = QPushButton(f"Runoff between the {len(group)} items tied at rank {place}")
                button.setToolTip("\n".join(labels[item] for item in group))
                button.clicked.connect(
                    lambda _=False, items=group: self.runoff_requested.emit(items)
                )
                self.runoffs.addWidget(button)
        if breakdown is None:
            self.breakdown.setText("Anonymous round: no breakdown by department.")
        elif not breakdown:
            self.breakdown.setText("No dots yet.")
        else:
            lines = ["By department:"]
            for department, spread in breakdown.items():
                picks = ", ".join(labels[item][:40] for item in top_pick(spread))
                detail = "; ".join(f"{labels[i][:30]} {c}" for i, c in spread.items())
                lines.append(f"• {department}: top pick {picks}  ({detail})")
            self.breakdown.setText("\n".join(lines))
        self.reopen_button.setVisible(closed)
        self.matrix_button.setVisible(closed)
        self.new_button.setVisible(closed)
