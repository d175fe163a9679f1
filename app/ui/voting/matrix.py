"""From dots to a decision: the top items on an impact/effort 2×2."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QMimeData, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.results import deciding_round, final_ranking, root_round
from app.core.types import RoundStatus, VoteTarget
from app.ui.board.commands import UpdateNotesCommand
from app.ui.document import SessionDocument

ITEM_MIME = "application/x-dotstorm-note"
QUICK_WIN = QColor("#D1FADF")
MARKER_RADIUS = 11
MARKER_STEP = 2 * MARKER_RADIUS + 4
"""From one marker's centre to the next one's in a shared cell."""
Scores = dict[str, tuple[int | None, int | None]]


def is_quick_win(impact: int | None, effort: int | None) -> bool:
    """High impact (4-5) for low effort (1-2)."""
    return impact is not None and effort is not None and impact >= 4 and effort <= 2


class MatrixBoard(QWidget):
    """Impact up, effort across; drop or drag an item to score it (snapped to 1..5)."""

    scored = Signal(str, int, int)

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.numbers = {item_id: number for number, item_id in enumerate(labels, start=1)}
        """Each item's number on its marker and in the list, in the ranking's order."""
        self.scores: Scores = {}
        self.current: str | None = None
        """The item picked in the list, ringed on the grid."""
        self.setAcceptDrops(True)
        self.setMinimumSize(520, 420)
        self._dragging: str | None = None

    def _area(self) -> QRectF:
        return QRectF(60, 20, self.width() - 80, self.height() - 70)

    def to_point(self, impact: int, effort: int) -> QPointF:
        """Where a score pair sits on the grid."""
        area = self._area()
        return QPointF(
            area.left() + (effort - 0.5) / 5 * area.width(),
            area.bottom() - (impact - 0.5) / 5 * area.height(),
        )

    def to_scores(self, point: QPointF) -> tuple[int, int]:
        """The (impact, effort) a point on the grid stands for."""
        area = self._area()
        effort = int((point.x() - area.left()) / area.width() * 5) + 1
        impact = int((area.bottom() - point.y()) / area.height() * 5) + 1
        return max(1, min(5, impact)), max(1, min(5, effort))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Quadrants, axes, and the placed items."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        half_w, half_h = area.width() * 2 / 5, area.height() * 2 / 5
        painter.fillRect(QRectF(area.left(), area.top(), half_w, half_h), QUICK_WIN)
        painter.setPen(QColor("#9AA5B1"))
        painter.drawRect(area)
        painter.drawLine(
            QPointF(area.center().x(), area.top()), QPointF(area.center().x(), area.bottom())
        )
        painter.drawLine(
            QPointF(area.left(), area.center().y()), QPointF(area.right(), area.center().y())
        )
        font = QFont(self.font())
        font.setPixelSize(16)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#027A48"))
        painter.drawText(area.adjusted(8, 6, 0, 0), "Quick wins")
        painter.setPen(QColor("#52606D"))
        painter.drawText(area.adjusted(area.width() / 2 + 8, 6, 0, 0), "Big bets")
        painter.drawText(
            QRectF(area.left(), area.bottom() + 8, area.width(), 24),
            Qt.AlignmentFlag.AlignCenter,
            "Effort →  (1 low … 5 high)",
        )
        painter.save()
        painter.translate(18, area.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-150, -12, 300, 24), Qt.AlignmentFlag.AlignCenter, "Impact →  (1 low … 5 high)"
        )
        painter.restore()
        font.setPixelSize(13)
        painter.setFont(font)
        current = self.current
        for item_id, center in self.marker_points().items():
            painter.setPen(Qt.PenStyle.NoPen)
            if item_id == current:
                painter.setBrush(QColor("#F59E0B"))
                painter.drawEllipse(center, MARKER_RADIUS + 4, MARKER_RADIUS + 4)
            impact, effort = self.scores[item_id]
            painter.setBrush(
                QColor("#12B76A") if is_quick_win(impact, effort) else QColor("#2563EB")
            )
            painter.drawEllipse(center, MARKER_RADIUS, MARKER_RADIUS)
            painter.setPen(QColor("white"))
            box = QRectF(center.x() - MARKER_RADIUS, center.y() - MARKER_RADIUS, 0, 0)
            box.setSize(QSizeF(2 * MARKER_RADIUS, 2 * MARKER_RADIUS))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(self.numbers.get(item_id, "")))
        painter.end()

    def marker_points(self) -> dict[str, QPointF]:
        """Where each scored item's numbered marker is drawn.

        Items with the same scores sit side by side in their cell (wrapping to a second
        row), so that no marker hides another; the numbers match the list beside the grid,
        where every item's whole text is, instead of labels that would overlap.
        """
        cells: dict[tuple[int, int], list[str]] = {}
        for item_id, (impact, effort) in self.scores.items():
            if impact is not None and effort is not None:
                cells.setdefault((impact, effort), []).append(item_id)
        area = self._area()
        per_row = max(1, int(area.width() / 5 // MARKER_STEP))
        points: dict[str, QPointF] = {}
        for (impact, effort), ids in cells.items():
            center = self.to_point(impact, effort)
            rows = (len(ids) + per_row - 1) // per_row
            for index, item_id in enumerate(ids):
                row, column = divmod(index, per_row)
                in_row = min(per_row, len(ids) - row * per_row)
                points[item_id] = QPointF(
                    center.x() + (column - (in_row - 1) / 2) * MARKER_STEP,
                    center.y() + (row - (rows - 1) / 2) * MARKER_STEP,
                )
        return points

    def _item_at(self, point: QPointF) -> str | None:
        for item_id, center in self.marker_points().items():
            if (center - point).manhattanLength() < MARKER_RADIUS * 1.5:
                return item_id
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Pick up a placed item."""
        self._dragging = self._item_at(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Put it down where the mouse is."""
        if self._dragging is not None:
            impact, effort = self.to_scores(event.position())
            self.scored.emit(self._dragging, impact, effort)
            self._dragging = None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept items dragged from the list."""
        if event.mimeData().hasFormat(ITEM_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        """Keep accepting while over the grid."""
        if event.mimeData().hasFormat(ITEM_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Score the dropped item by where it landed."""
        item_id = bytes(event.mimeData().data(ITEM_MIME).data()).decode()
        impact, effort = self.to_scores(event.position())
        self.scored.emit(item_id, impact, effort)
        event.acceptProposedAction()


class _ItemList(QListWidget):
    """The items to place; drag one onto the grid."""

    def startDrag(self, supported_actions: Qt.DropAction) -> None:
        """Drag the current item's id."""
        item = self.currentItem()
        if item is None:
            return
        data = QMimeData()
        data.setData(ITEM_MIME, str(item.data(Qt.ItemDataRole.UserRole)).encode())
        drag = QDrag(self)
        drag.setMimeData(data)
        drag.exec(Qt.DropAction.MoveAction)


class MatrixDialog(QDialog):
    """Place the top items; keyboard: pick an item, then type its impact and effort."""

    def __init__(
        self, items: list[tuple[str, str]], scores: Scores, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Impact and effort")
        self.labels = dict(items)
        self.board = MatrixBoard(self.labels)
        self.board.scores = dict(scores)
        self.board.scored.connect(self.set_score)
        self.item_list = _ItemList()
        self.item_list.setDragEnabled(True)
        self.item_list.setWordWrap(True)  # a long item reads whole, on two lines
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for number, (item_id, label) in enumerate(items, start=1):
            entry = QListWidgetItem(f"{number}.  {label}")
            entry.setToolTip(label)
            entry.setData(Qt.ItemDataRole.UserRole, item_id)
            self.item_list.addItem(entry)
        self.item_list.currentRowChanged.connect(self._show_scores)
        self.impact_spin = QSpinBox()
        self.effort_spin = QSpinBox()
        for spin in (self.impact_spin, self.effort_spin):
            spin.setRange(0, 5)
            spin.setSpecialValueText("—")
            spin.valueChanged.connect(self._typed)
        self.quick_wins = QLabel()
        self.quick_wins.setObjectName("PageSubtitle")
        self.quick_wins.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Impact (1–5)", self.impact_spin)
        form.addRow("&Effort (1–5)", self.effort_spin)
        side = QVBoxLayout()
        side.addWidget(QLabel("Drag an item onto the grid, or pick it and type its scores."))
        side.addWidget(self.item_list, 1)
        side.addLayout(form)
        side.addWidget(self.quick_wins)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addLayout(side, 1)
        top.addWidget(self.board, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self._updating = False
        if items:
            self.item_list.setCurrentRow(0)
        self._refresh()

    def set_score(self, item_id: str, impact: int, effort: int) -> None:
        """Give an item its scores."""
        self.board.scores[item_id] = (impact, effort)
        for row in range(self.item_list.count()):
            if self.item_list.item(row).data(Qt.ItemDataRole.UserRole) == item_id:
                self.item_list.setCurrentRow(row)
        self._show_scores()
        self._refresh()

    def _current(self) -> str | None:
        item = self.item_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _show_scores(self, *_: object) -> None:
        item_id = self._current()
        self.board.current = item_id
        self.board.update()
        impact, effort = self.board.scores.get(item_id or "", (None, None))
        self._updating = True
        self.impact_spin.setValue(impact or 0)
        self.effort_spin.setValue(effort or 0)
        self._updating = False

    def _typed(self, *_: object) -> None:
        item_id = self._current()
        if self._updating or item_id is None:
            return
        impact = self.impact_spin.value() or None
        effort = self.effort_spin.value() or None
        self.board.scores[item_id] = (impact, effort)
        self._refresh()

    def _refresh(self) -> None:
        wins = [self.labels[i] for i, (a, b) in self.board.scores.items() if is_quick_win(a, b)]
        self.quick_wins.setText(
            "Quick wins: " + "; ".join(w[:60] for w in wins) if wins else "No quick wins yet."
        )
        self.board.update()

    def scores(self) -> Scores:
        """Impact and effort per item, as placed (``None`` where not scored)."""
        return dict(self.board.scores)


MATRIX_ITEMS = 8


def place_top_notes(document: SessionDocument, round_id: str | None, parent: QWidget) -> str:
    """Put the top notes of the vote on the 2×2, by the round's final ranking.

    The round is the one shown (default: the session's deciding notes round). A
    runoff's results lead to its round: the candidates are the round's winners, the
    runoff only orders them. The scores are stored as one undo step. Returns a status
    message when there is nothing to place.
    """
    rounds = document.voting.vote_rounds
    shown = next((r for r in rounds if r.id == round_id), None)
    chosen = (
        root_round(rounds, shown)
        if shown is not None
        else deciding_round(rounds, VoteTarget.NOTES)
    )
    if chosen is None or chosen.status is not RoundStatus.CLOSED:
        return "Close a vote round on notes first."
    if chosen.target is not VoteTarget.NOTES:
        return "The 2×2 places notes; this round voted on clusters."
    ranked = final_ranking(chosen, rounds, document.voting.round_items(chosen))
    top = [entry.item_id for entry in ranked if entry.count][:MATRIX_ITEMS]
    notes = [document.board.notes[i] for i in top if i in document.board.notes]
    if not notes:
        return "No note got a dot in that round."
    dialog = MatrixDialog(
        [(note.id, note.text) for note in notes],
        {note.id: (note.impact, note.effort) for note in notes},
        parent,
    )
    if dialog.exec() != MatrixDialog.DialogCode.Accepted:
        return ""
    scores = dialog.scores()
    after = [replace(note, impact=scores[note.id][0], effort=scores[note.id][1]) for note in notes]
    if after != notes:
        document.steps.push(
            UpdateNotesCommand(document, notes, after, "Place on impact and effort")
        )
    return ""
