"""The results of a round: every item ranked with a bar, ties marked, runoffs offered.

A main round shows its final ranking (its ties ordered by the runoffs that settled
them, see :mod:`app.core.results`); a picker shows any round's own result. A rank
round shows points where a dot round shows dots; a rating round shows its own view
(:mod:`app.ui.voting.rating_results`).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.rating_minutes import RatingTable
from app.core.vote_minutes import count_text as unit_count
from app.core.voting import Ranked, tie_groups, top_pick
from app.ui.voting.rating_results import RatingResultsView

ROW_HEIGHT = 44
RANK_WIDTH = 56
LABEL_PIXELS = 19
SMALL_LABEL_PIXELS = 15
"""A label too long for one line takes two at this size (two fit in a row)."""
LABEL_SHARE = 0.6
"""The most of the chart's width the labels take; the bars keep the rest."""


class RankingChart(QWidget):
    """Place, item, a bar as long as its dots, the count; ties and runoffs said in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Ranked, str]] = []
        self.unit = "dot"
        """What the counts are: ``"dot"``, or ``"point"`` in a rank round."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(300)

    def set_rows(self, rows: list[tuple[Ranked, str]], unit: str = "dot") -> None:
        """Show ranked items with their labels, counted in ``unit`` (dots or points)."""
        self.rows = rows
        self.unit = unit
        self.setFixedHeight(max(ROW_HEIGHT, ROW_HEIGHT * len(rows)))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the rows: labels as wide as the longest needs, the bars in what is left."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        font = QFont(self.font())
        font.setPixelSize(LABEL_PIXELS)
        small = QFont(font)
        small.setPixelSize(SMALL_LABEL_PIXELS)
        metrics, small_metrics = QFontMetrics(font), QFontMetrics(small)
        count_texts = [count_label(entry, self.unit) for entry, _ in self.rows]
        count_room = max((metrics.horizontalAdvance(t) for t in count_texts), default=0) + 16
        longest = max((metrics.horizontalAdvance(label) for _, label in self.rows), default=0)
        label_width = min(longest + 16, width * LABEL_SHARE)
        bar_left = RANK_WIDTH + label_width + 12
        bar_room = max(10.0, width - bar_left - count_room)
        most = max((entry.count for entry, _ in self.rows), default=0) or 1
        for index, ((entry, label), count_text) in enumerate(
            zip(self.rows, count_texts, strict=True)
        ):
            top = index * ROW_HEIGHT
            painter.setFont(font)
            painter.setPen(QColor("#1F2933"))
            rank_text = f"{entry.rank}." + ("=" if entry.tied else "")
            painter.drawText(
                QRectF(0, top, RANK_WIDTH, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, rank_text
            )
            label_box = QRectF(RANK_WIDTH, top, label_width, ROW_HEIGHT)
            if metrics.horizontalAdvance(label) <= label_width:
                painter.drawText(label_box, Qt.AlignmentFlag.AlignVCenter, label)
            else:  # a long item: two smaller lines, the second elided only if it must be
                painter.setFont(small)
                painter.drawText(
                    label_box,
                    Qt.AlignmentFlag.AlignVCenter,
                    "\n".join(two_lines(small_metrics, label, int(label_width))),
                )
                painter.setFont(font)
            length = bar_room * entry.count / most
            color = QColor("#2563EB") if entry.rank == 1 and entry.count else QColor("#93B4F5")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(
                QRectF(bar_left, top + 10, max(2.0, length), ROW_HEIGHT - 20), 4, 4
            )
            painter.setPen(QColor("#1F2933"))
            painter.drawText(
                QRectF(bar_left + length + 10, top, count_room, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                count_text,
            )
        painter.end()


def count_label(entry: Ranked, unit: str = "dot") -> str:
    """What follows an item's bar: its dots (points), whether it ties or a runoff settled it."""
    text = unit_count(entry.count, unit) + ("  tie" if entry.tied else "")
    if entry.settled_by is not None:
        text += "  ·  runoff"
    return text


def two_lines(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    """``text`` broken at a space into two lines of ``width``; the second elided if need be."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word: break it where it fills the line
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    rest = " ".join(words)
    if not rest:
        return [first]
    return [first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]


class ResultsPage(QWidget):
    """The ranking, runoffs for ties, the department breakdown, and what comes next."""

    runoff_requested = Signal(list)
    round_chosen = Signal(str)
    """The picker: show this round's results (its id)."""
    reopen_requested = Signal()
    matrix_requested = Signal()
    board_requested = Signal()
    new_round_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("ResultsTitle")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)  # a long round title takes two lines, never the width
        self.subtitle = QLabel()
        self.subtitle.setObjectName("PageSubtitle")
        self.subtitle.setWordWrap(True)
        self.round_combo = QComboBox()
        self.round_combo.setAccessibleName("Vote round")
        # As wide as its longest round's name: "(runoff, closed)" is never cut.
        self.round_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.round_combo.activated.connect(
            lambda index: self.round_chosen.emit(str(self.round_combo.itemData(index)))
        )
        self.round_label = QLabel("&Round")
        self.round_label.setBuddy(self.round_combo)
        self.settled = QLabel()
        self.settled.setObjectName("PageSubtitle")
        self.settled.setWordWrap(True)
        self.settled.setTextFormat(Qt.TextFormat.PlainText)
        self.chart = RankingChart()
        self.rating_view = RatingResultsView()
        self.rating_view.hide()
        self.runoffs = QVBoxLayout()
        self.breakdown = QLabel()
        self.breakdown.setObjectName("Breakdown")
        self.breakdown.setWordWrap(True)
        self.breakdown.setTextFormat(Qt.TextFormat.PlainText)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(self.runoffs)
        inner.addWidget(self.settled)
        inner.addWidget(self.chart)
        inner.addWidget(self.rating_view)
        inner.addWidget(self.breakdown)
        inner.addStretch()
        scroll = QScrollArea()
        scroll.setObjectName("ResultsBody")  # its focus ring: the style sheet's
        scroll.setAccessibleName("Ranking")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.ranking_area = scroll
        self.runoff_buttons: list[QPushButton] = []
        # Short words: the row must fit beside a side panel on a 1024-pixel screen.
        self.reopen_button = QPushButton("Reopen…")
        self.reopen_button.setToolTip("Reopen the round for more dots")
        self.matrix_button = QPushButton("Impact and effort…")
        self.new_button = QPushButton("New round…")
        self.board_button = QPushButton("Back to the board")
        for button in self._bottom_buttons():
            button.setAutoDefault(True)  # Enter presses the button with the keyboard on it
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
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.round_label)
        top.addWidget(self.round_combo)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _bottom_buttons(self) -> list[QPushButton]:
        return [self.reopen_button, self.matrix_button, self.new_button, self.board_button]

    def actions_in_order(self) -> list[QPushButton]:
        """The page's buttons in the screen's order: the runoffs, then the bottom row."""
        return [*self.runoff_buttons, *self._bottom_buttons()]

    def focus_first_action(self) -> None:
        """Put the keyboard on the first button on screen (a runoff, else the bottom row's)."""
        shown = [b for b in self.actions_in_order() if b.isVisibleTo(self) and b.isEnabled()]
        if shown:
            shown[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_results(
        self,
        title: str,
        subtitle: str,
        rows: list[tuple[Ranked, str]],
        breakdown: dict[str, dict[str, int]] | None,
        labels: dict[str, str],
        closed: bool,
        rounds: list[tuple[str, str]] | None = None,
        shown_id: str | None = None,
        settled: str = "",
        unit: str = "dot",
    ) -> None:
        """Fill the page for one round; ``rounds`` (id, name) fill the picker.

        ``unit`` is what the counts are: dots, or a rank round's points.
        """
        self._show_round(title, subtitle, rounds, shown_id)
        self.rating_view.hide()
        self.chart.show()
        self.breakdown.show()
        self.settled.setText(settled)
        self.settled.setVisible(bool(settled))
        self.chart.set_rows(rows, unit)
        self._clear_runoffs()
        if closed:
            for group in tie_groups([entry for entry, _ in rows]):
                place = next(entry.rank for entry, _ in rows if entry.item_id == group[0])
                button = QPushButton(
                    f"Runoff between the {len(group)} items tied at place {place}"
                )
                button.setToolTip("\n".join(labels[item] for item in group))
                button.clicked.connect(
                    lambda _=False, items=group: self.runoff_requested.emit(items)
                )
                button.setAutoDefault(True)
                self.runoffs.addWidget(button)
                button.show()  # now, not on the next turn: the keyboard may go to it at once
                self.runoff_buttons.append(button)
        self._order_tabs()
        if breakdown is None:
            self.breakdown.setText("Anonymous round: no breakdown by department.")
        elif not breakdown:
            self.breakdown.setText(f"No {unit}s yet.")
        else:
            lines = ["By department:"]
            for department, spread in breakdown.items():
                picks = ", ".join(labels[item][:40] for item in top_pick(spread))
                detail = "; ".join(f"{labels[i][:30]} {c}" for i, c in spread.items())
                lines.append(f"• {department}: top pick {picks}  ({detail})")
            self.breakdown.setText("\n".join(lines))
        self._bottom_row(closed)

    def show_rating(
        self,
        title: str,
        subtitle: str,
        table: RatingTable,
        closed: bool,
        rounds: list[tuple[str, str]] | None = None,
        shown_id: str | None = None,
    ) -> None:
        """Fill the page for a rating round: its chart and table, no ranking by count."""
        self._show_round(title, subtitle, rounds, shown_id)
        self.settled.hide()
        self.chart.hide()
        self.breakdown.hide()
        self.rating_view.show()
        self.rating_view.show_table(table)
        self._clear_runoffs()
        self._order_tabs()
        self._bottom_row(closed)

    def _bottom_row(self, closed: bool) -> None:
        self.reopen_button.setVisible(closed)
        self.matrix_button.setVisible(closed)
        self.new_button.setVisible(closed)

    def _show_round(
        self,
        title: str,
        subtitle: str,
        rounds: list[tuple[str, str]] | None,
        shown_id: str | None,
    ) -> None:
        """The heading, the subtitle and the picker (``rounds``: id, name)."""
        self.heading.setText(title)
        self.subtitle.setText(subtitle)
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for round_id, name in rounds or []:
            self.round_combo.addItem(name, round_id)
        self.round_combo.setCurrentIndex(max(0, self.round_combo.findData(shown_id)))
        self.round_combo.blockSignals(False)
        several = self.round_combo.count() > 1
        self.round_combo.setVisible(several)
        self.round_label.setVisible(several)

    def _clear_runoffs(self) -> None:
        while self.runoffs.count():
            child = self.runoffs.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                # Hidden first, so that focus moves on inside the window instead of
                # leaving with the button; then gone at once: the buttons are this round's.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.runoff_buttons = []

    def _order_tabs(self) -> None:
        # Tab in the screen's order: the picker, the ranking, its runoffs, the bottom row.
        # (New runoff buttons would otherwise come last, after the bottom row.)
        for first, second in pairwise(
            [self.round_combo, self.ranking_area, *self.actions_in_order()]
        ):
            QWidget.setTabOrder(first, second)
