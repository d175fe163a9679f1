"""From a vote to a decision: the top items on an impact/effort 2×2.

Notes, stacks (their top note) and clusters go on it. From a closed rating round the
2×2 opens filled from the round's means (:mod:`app.core.matrix_fill` states the rule),
each filled value marked as the round's; the facilitator's own values are kept. Save
stores every change as one undo step; *Quick wins to experiments…* then makes actions
of the quick wins (:mod:`app.ui.voting.quick_wins`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.format_helpers import counted
from app.core.matrix_fill import (
    Axis,
    MatrixScore,
    fill_from_round,
    is_quick_win,
    placed_by_hand,
    suggested_axes,
)
from app.core.rating import rating_results
from app.core.results import final_ranking, root_round
from app.core.types import Cluster, Note, RoundKind, RoundStatus, VoteRound, VoteTarget
from app.ui.board.commands import UpdateClusterCommand, UpdateNotesCommand
from app.ui.document import SessionDocument
from app.ui.voting.matrix_board import ITEM_MIME, MARKER_RADIUS, MatrixBoard, Scores
from app.ui.voting.quick_wins import make_experiments

__all__ = ["MARKER_RADIUS", "MatrixBoard", "MatrixDialog", "is_quick_win", "place_top_notes"]


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
    """Place the top items; keyboard: pick an item, then type its impact and effort.

    ``placed`` gives each item's marks (which values came from a round); with a closed
    ``rating_round`` the dialog offers the axes and fills from the round's means at once.
    """

    def __init__(
        self,
        items: list[tuple[str, str]],
        scores: Scores,
        parent: QWidget | None = None,
        *,
        placed: Mapping[str, MatrixScore] | None = None,
        rating_round: VoteRound | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Impact and effort")
        self.labels = dict(items)
        self.placed: dict[str, MatrixScore] = {
            item_id: MatrixScore(*scores.get(item_id, (None, None))) for item_id in self.labels
        }
        self.placed.update({k: v for k, v in (placed or {}).items() if k in self.labels})
        self.rating_round = rating_round
        self._axis_choices: list[Axis] = []
        self.wants_experiments = False
        """The facilitator pressed *Quick wins to experiments…* (it saves too)."""
        self.board = MatrixBoard(self.labels)
        self.board.scores = {i: (p.impact, p.effort) for i, p in self.placed.items()}
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
        self.impact_axis = QComboBox()
        self.effort_axis = QComboBox()
        self.fill_button = QPushButton("&Fill from the round")
        self.fill_button.setToolTip(
            "Fills what is empty or came from the round; what you placed yourself stays."
        )
        self.fill_button.clicked.connect(self.fill)
        if rating_round is not None:
            self._offer_axes(rating_round, form)
            side.addWidget(self.fill_button)
        self.filled_note = QLabel()
        self.filled_note.setWordWrap(True)
        side.addWidget(self.filled_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.experiments_button = buttons.addButton(
            "Save and make &experiments…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.experiments_button.setToolTip(
            "Saves the 2×2, then makes actions of the quick wins (high impact, low effort)."
        )
        self.experiments_button.clicked.connect(self._want_experiments)
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
        if rating_round is not None:
            self.fill()
        self._refresh()

    def _offer_axes(self, rating_round: VoteRound, form: QFormLayout) -> None:
        impact, effort = suggested_axes(rating_round.criteria)
        self._axis_choices = [
            Axis(criterion.id, more)
            for criterion in rating_round.criteria
            for more in (True, False)
        ]
        names = {criterion.id: criterion.name for criterion in rating_round.criteria}
        for combo, chosen, words in (
            (self.impact_axis, impact, "impact"),
            (self.effort_axis, effort, "effort"),
        ):
            for axis in self._axis_choices:
                how = "more" if axis.high_is_more else "less"
                combo.addItem(f"{names[axis.criterion_id]} (high = {how} {words})")
            combo.setCurrentIndex(self._axis_choices.index(chosen))
        form.addRow("Impact &from", self.impact_axis)
        form.addRow("Effort f&rom", self.effort_axis)

    def axes(self) -> tuple[Axis, Axis]:
        """The criteria (and directions) the axes are filled from, as chosen."""
        return (
            self._axis_choices[self.impact_axis.currentIndex()],
            self._axis_choices[self.effort_axis.currentIndex()],
        )

    def fill(self) -> None:
        """Fill impact and effort from the round's means, keeping the facilitator's own."""
        if self.rating_round is None:
            return
        before = dict(self.placed)
        self.placed = fill_from_round(self.rating_round, list(self.labels), self.axes(), before)
        kept = sum(
            (p.impact is not None and not p.impact_from_round)
            + (p.effort is not None and not p.effort_from_round)
            for p in self.placed.values()
        )
        self.filled_note.setText(
            f"Filled from “{self.rating_round.title}” (dashed rings)."
            + (f" Kept {counted(kept, 'value')} you placed yourself." if kept else "")
        )
        self.board.scores = {i: (p.impact, p.effort) for i, p in self.placed.items()}
        self._show_scores()
        self._refresh()

    def _want_experiments(self) -> None:
        self.wants_experiments = True

    def set_score(self, item_id: str, impact: int, effort: int) -> None:
        """Give an item its scores (placed by hand: no longer the round's)."""
        self._place(item_id, impact, effort)
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
        self._place(item_id, self.impact_spin.value() or None, self.effort_spin.value() or None)
        self._refresh()

    def _place(self, item_id: str, impact: int | None, effort: int | None) -> None:
        self.placed[item_id] = placed_by_hand(
            self.placed.get(item_id, MatrixScore()), impact, effort
        )
        self.board.scores[item_id] = (impact, effort)

    def _refresh(self) -> None:
        self.board.from_round = {
            i for i, p in self.placed.items() if p.impact_from_round or p.effort_from_round
        }
        wins = [self.labels[i] for i, (a, b) in self.board.scores.items() if is_quick_win(a, b)]
        self.quick_wins.setText(
            "Quick wins: " + "; ".join(w[:60] for w in wins) if wins else "No quick wins yet."
        )
        self.board.update()

    def scores(self) -> Scores:
        """Impact and effort per item, as placed (``None`` where not scored)."""
        return dict(self.board.scores)

    def placements(self) -> dict[str, MatrixScore]:
        """Impact and effort per item, with which of them came from the round."""
        return dict(self.placed)


MATRIX_ITEMS = 8
Placed = TypeVar("Placed", Note, Cluster)
RATED_ITEMS = 16
"""A rating round puts up to this many of its rated items on the 2×2, best first."""


def _chosen_round(document: SessionDocument, round_id: str | None) -> VoteRound | None:
    rounds = document.voting.vote_rounds
    shown = next((r for r in rounds if r.id == round_id), None)
    if shown is not None:
        return root_round(rounds, shown)
    closed = [r for r in rounds if r.status is RoundStatus.CLOSED and r.runoff_of is None]
    return closed[-1] if closed else None


def _top_items(document: SessionDocument, chosen: VoteRound) -> list[str]:
    items = document.voting.round_items(chosen)
    if chosen.kind is RoundKind.RATING:
        return [r.item_id for r in rating_results(chosen, items) if r.voters][:RATED_ITEMS]
    ranked = final_ranking(chosen, document.voting.vote_rounds, items)
    return [entry.item_id for entry in ranked if entry.count][:MATRIX_ITEMS]


def place_top_notes(document: SessionDocument, round_id: str | None, parent: QWidget) -> str:
    """Put the top items of a closed round on the 2×2 (one undo step).

    The round is the one shown (default: the newest closed round). A runoff's results
    lead to its round: the candidates are the round's winners, the runoff only orders
    them. A dot or rank round gives its top items by the final ranking; a rating round
    its rated items by combined score, filled from its means. Items are notes (a stack
    is its top note) or clusters. Returns a status message when there is nothing to place.
    """
    chosen = _chosen_round(document, round_id)
    if chosen is None or chosen.status is not RoundStatus.CLOSED:
        return "Close a vote round first."
    board = document.board
    clusters = chosen.target is VoteTarget.CLUSTERS
    held = board.clusters if clusters else board.notes
    top = [i for i in _top_items(document, chosen) if i in held]
    if not top:
        if chosen.kind is RoundKind.RATING:
            return "Nobody rated an item in that round."
        return "No item got a vote in that round."
    placed = {i: _placement(document, i, clusters) for i in top}
    labels = [(i, document.voting.item_label(chosen, i)) for i in top]
    dialog = MatrixDialog(
        labels,
        {i: (p.impact, p.effort) for i, p in placed.items()},
        parent,
        placed=placed,
        rating_round=chosen if chosen.kind is RoundKind.RATING else None,
    )
    if dialog.exec() != MatrixDialog.DialogCode.Accepted:
        return ""
    _store(document, dialog.placements(), placed, clusters, chosen)
    if dialog.wants_experiments:
        return make_experiments(
            document, parent, chosen if chosen.kind is RoundKind.RANK else None
        )
    return ""


def _placement(document: SessionDocument, item_id: str, cluster: bool) -> MatrixScore:
    held = document.board.clusters[item_id] if cluster else document.board.notes[item_id]
    return MatrixScore(held.impact, held.effort, held.impact_from_round, held.effort_from_round)


def _store(
    document: SessionDocument,
    after: Mapping[str, MatrixScore],
    before: Mapping[str, MatrixScore],
    clusters: bool,
    chosen: VoteRound,
) -> None:
    changed = [i for i in before if after[i] != before[i]]
    if not changed:
        return
    text = (
        f"Put “{chosen.title}” on the 2×2"
        if chosen.kind is RoundKind.RATING
        else "Place on impact and effort"
    )
    board = document.board
    with document.steps.gesture(text) as gesture:
        if clusters:
            for item_id in changed:
                old = board.clusters[item_id]
                gesture.add(UpdateClusterCommand(document, old, _scored(old, after[item_id])))
        else:
            notes = [board.notes[i] for i in changed]
            new = [_scored(note, after[note.id]) for note in notes]
            gesture.add(UpdateNotesCommand(document, notes, new, text))


def _scored(held: Placed, score: MatrixScore) -> Placed:
    return replace(
        held,
        impact=score.impact,
        effort=score.effort,
        impact_from_round=score.impact_from_round,
        effort_from_round=score.effort_from_round,
    )
