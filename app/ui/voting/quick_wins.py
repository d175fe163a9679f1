"""Quick wins to experiments: the 2×2's quick wins (or a ranking's top) become actions.

One table, one row per candidate: make it or not, its owner (the idea's author when
there is one) and its due date (a week from today, editable). Each action's
hypothesis is prefilled from the idea and the measure from the session's goal
(:func:`app.core.matrix_fill.hypothesis_for`, :func:`~app.core.matrix_fill.measure_for`).
Confirming makes every action in one undo step; each idea moves to "trying" through
the same step that makes any action from a note (:class:`AddActionCommand`), so its
status's version is kept and one undo takes it all back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.due_dates import HINT, DueDateError, format_due_date, parse_due_date
from app.core.matrix_fill import (
    default_due,
    earlier_experiment,
    experiment_title,
    hypothesis_for,
    is_quick_win,
    measure_for,
)
from app.core.results import final_ranking
from app.core.types import ActionItem, Goal, Participant, VoteRound, VoteTarget, new_id
from app.ui.actions.commands import AddActionCommand
from app.ui.document import SessionDocument


@dataclass(frozen=True, slots=True)
class Candidate:
    """An idea that may become an experiment."""

    text: str
    owner_id: str | None
    """Who wrote it (a cluster's: its notes' one author, if they share one)."""
    source_note_id: str | None
    """The note (a stack's top) whose idea moves to "trying"; ``None`` for a cluster."""
    why: str
    """"quick win: impact 5, effort 1", "ranked 2nd in “Round 2”"."""
    chosen: bool = True
    made_as: str | None = None
    """The title of the action already made from it: shown, never ticked, not made twice."""


def candidates(document: SessionDocument, rank_round: VoteRound | None = None) -> list[Candidate]:
    """The 2×2's quick wins (chosen), then a rank round's top items not among them.

    An idea that is an experiment already (:func:`~app.core.matrix_fill.earlier_experiment`)
    is listed as such, not chosen and not offered to make again.
    """
    return [_checked_against_actions(document, c) for c in _found(document, rank_round)]


def _checked_against_actions(document: SessionDocument, candidate: Candidate) -> Candidate:
    note_id = candidate.source_note_id
    notes = [] if note_id is None else [note_id, *(n.id for n in document.board.stack_of(note_id))]
    earlier = earlier_experiment(candidate.text, notes, document.actions.action_items)
    if earlier is None:
        return candidate
    return replace(
        candidate,
        chosen=False,
        made_as=earlier.title,
        why=f"already an experiment: {earlier.title}",
    )


def _found(document: SessionDocument, rank_round: VoteRound | None) -> list[Candidate]:
    board = document.board
    found: list[Candidate] = []
    seen: set[str] = set()
    for note in board.notes.values():
        if is_quick_win(note.impact, note.effort):
            why = _why(note.impact, note.effort)
            found.append(Candidate(note.text, note.author_id, note.id, why))
            seen.add(note.id)
    for cluster in board.clusters.values():
        if is_quick_win(cluster.impact, cluster.effort):
            owner = _one_author([n.author_id for n in board.cluster_members(cluster.id)])
            title = cluster.title or "Untitled cluster"
            found.append(Candidate(title, owner, None, _why(cluster.impact, cluster.effort)))
            seen.add(cluster.id)
    if rank_round is not None and rank_round.rank_size:
        items = document.voting.round_items(rank_round)
        ranked = final_ranking(rank_round, document.voting.vote_rounds, items)
        for entry in [e for e in ranked if e.count][: rank_round.rank_size]:
            item_id = entry.item_id
            if item_id in seen:
                continue
            why = f"ranked {_ordinal(entry.rank)} in “{rank_round.title}”"
            if rank_round.target is VoteTarget.CLUSTERS and item_id in board.clusters:
                members = board.cluster_members(item_id)
                owner = _one_author([n.author_id for n in members])
                title = board.clusters[item_id].title or "Untitled cluster"
                found.append(Candidate(title, owner, None, why, chosen=False))
            elif item_id in board.notes:
                note = board.notes[item_id]
                found.append(Candidate(note.text, note.author_id, note.id, why, chosen=False))
    return found


def _why(impact: int | None, effort: int | None) -> str:
    return f"quick win: impact {impact}, effort {effort}"


def _one_author(authors: Sequence[str | None]) -> str | None:
    return authors[0] if authors and len(set(authors)) == 1 else None


def _ordinal(number: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number if number < 20 else number % 10, "th")
    return f"{number}{suffix}"


class QuickWinsDialog(QDialog):
    """Pick the experiments to make, each with its owner and due date, then confirm."""

    def __init__(
        self,
        found: Sequence[Candidate],
        people: Mapping[str, Participant],
        today: date,
        goal: Goal | None,
        goal_wording: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick wins to experiments")
        self.found = list(found)
        self.today = today
        self.goal = goal
        self.goal_wording = goal_wording
        measure = measure_for(goal)
        intro = QLabel(
            "Each idea ticked becomes an action (an experiment) and its idea moves to "
            "“trying”. Measure: " + (measure or "none yet (the session's goal has no metric)")
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.found), 3)
        self.table.setHorizontalHeaderLabels(["Idea", "Owner", "Due"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.owners: list[QComboBox] = []
        self.dues: list[QLineEdit] = []
        for row, candidate in enumerate(self.found):
            item = QTableWidgetItem(f"{candidate.text}\n{candidate.why}")
            # One made already is listed, unticked, and cannot be ticked: never made twice.
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                if candidate.made_as is not None
                else Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(
                Qt.CheckState.Checked if candidate.chosen else Qt.CheckState.Unchecked
            )
            item.setToolTip(hypothesis_for(candidate.text, goal, goal_wording))
            self.table.setItem(row, 0, item)
            owner = QComboBox()
            owner.addItem("No owner yet", None)
            for person in people.values():
                owner.addItem(person.name, person.id)
            owner.setCurrentIndex(max(0, owner.findData(candidate.owner_id)))
            self.table.setCellWidget(row, 1, owner)
            self.owners.append(owner)
            due = QLineEdit(format_due_date(default_due(today)))
            due.setToolTip(f"Type {HINT}; empty for no date.")
            due.setMinimumWidth(due.fontMetrics().horizontalAdvance("Wed 30 Sep 2026") + 16)
            self.table.setCellWidget(row, 2, due)
            self.dues.append(due)
        self.table.resizeRowsToContents()
        self.problem = QLabel()
        self.problem.setObjectName("ErrorLine")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = buttons.addButton(
            "&Make the experiments", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def accept(self) -> None:
        """Close only when every ticked row's due date reads as a date."""
        try:
            self.experiments()
        except DueDateError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        super().accept()

    def experiments(self) -> list[ActionItem]:
        """The ticked rows as new actions (DueDateError for a due date that is no date)."""
        made: list[ActionItem] = []
        for row, candidate in enumerate(self.found):
            item = self.table.item(row, 0)
            if item is None or item.checkState() is not Qt.CheckState.Checked:
                continue
            made.append(
                ActionItem(
                    id=new_id(),
                    title=experiment_title(candidate.text),
                    owner_id=self.owners[row].currentData(),
                    due_date=parse_due_date(self.dues[row].text(), self.today),
                    source_note_id=candidate.source_note_id,
                    hypothesis=hypothesis_for(candidate.text, self.goal, self.goal_wording),
                    success_metric=measure_for(self.goal),
                )
            )
        return made


def make_experiments(
    document: SessionDocument, parent: QWidget, rank_round: VoteRound | None = None
) -> str:
    """Offer the quick wins (and a rank round's top) as experiments; make the ticked ones.

    Every action, and every idea's move to "trying", is one undo step. Returns a line
    for the status bar.
    """
    found = candidates(document, rank_round)
    if not found:
        return "No quick wins on the 2×2 yet: high impact (4-5) for low effort (1-2)."
    if all(candidate.made_as is not None for candidate in found):
        return "Every quick win is an experiment already; see the Actions panel."
    session = document.session
    dialog = QuickWinsDialog(
        found, document.people, date.today(), session.goal_record, session.goal, parent
    )
    if dialog.exec() != QuickWinsDialog.DialogCode.Accepted:
        return ""
    made = dialog.experiments()
    if not made:
        return "No idea was ticked: no experiment made."
    count = f"{len(made)} experiment" + ("s" if len(made) != 1 else "")
    with document.steps.gesture(f"Make {count} from quick wins") as gesture:
        for action in made:
            gesture.add(AddActionCommand(document, action))
    return f"Made {count}; see the Actions panel."
