"""The settings of a new vote round: its kind (dots, rating, rank), items, secrecy, voters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.format_helpers import counted
from app.core.rating import criteria_refusal, fresh_criteria
from app.core.types import RoundKind, RoundStatus, VoteRound, VoteTarget, new_id, utc_now
from app.core.voting import MOST_SUGGESTED_DOTS, suggested_dots
from app.ui.document import SessionDocument
from app.ui.voting.criteria_editor import CriteriaEditor

KINDS = (
    (RoundKind.DOTS, "Dot vote"),
    (RoundKind.RATING, "Rating: each item on a few criteria"),
    (RoundKind.RANK, "Rank: each voter orders their top items (Nominal Group Technique)"),
)
DEFAULT_RANK_SIZE = 5


class RoundDialog(QDialog):
    """Title, kind, notes or clusters, the kind's settings, secrecy, bias controls, voters.

    The bias controls start as the session's last round had them: a facilitator who
    shuffles once shuffles every round of the session unless they say otherwise.
    """

    def __init__(self, document: SessionDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New vote round")
        self.setMinimumWidth(560)
        self.document = document
        number = len(document.voting.vote_rounds) + 1
        self.title_edit = QLineEdit(
            "Which small change first?" if number == 1 else f"Round {number}"
        )
        self.title_edit.setMaxLength(limits.MAX_TITLE)
        self.target_combo = QComboBox()
        self.target_combo.addItem("Notes", VoteTarget.NOTES.value)
        self.target_combo.addItem("Clusters", VoteTarget.CLUSTERS.value)
        self.target_combo.currentIndexChanged.connect(self._suggest)
        self.kind_combo = QComboBox()
        for kind, label in KINDS:
            self.kind_combo.addItem(label, kind.value)
        self.dots_page = QWidget()
        self.criteria_editor = CriteriaEditor()
        self.criteria_editor.changed.connect(self._show_refusal)
        self.rank_spin = QSpinBox()
        self.rank_spin.setRange(limits.MIN_RANK_SIZE, limits.MAX_RANK_SIZE)
        self.rank_spin.setValue(DEFAULT_RANK_SIZE)
        self.rank_spin.valueChanged.connect(self._show_refusal)
        self.rank_page = QWidget()
        self.kind_pages = QStackedWidget()
        self.dots_spin = QSpinBox()
        self.dots_spin.setRange(1, limits.MAX_DOTS_PER_VOTER)
        self.cap_spin = QSpinBox()
        self.cap_spin.setRange(1, limits.MAX_DOTS_PER_VOTER)
        self.cap_spin.setValue(1)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("PageSubtitle")
        self.suggestion.setWordWrap(True)  # the dialog's width on a 1024-pixel screen
        self.anonymous_box = QCheckBox("Anonymous: nobody is ever shown who voted for what")
        self.anonymous_box.setChecked(True)
        self.blind_box = QCheckBox("Blind: nobody sees any count until the round closes")
        self.blind_box.setChecked(True)
        self.shuffle_box = QCheckBox("Each voter sees the items in their own order")
        self.no_self_box = QCheckBox("No votes on one's own ideas")
        last = document.voting.vote_rounds[-1] if document.voting.vote_rounds else None
        self.shuffle_box.setChecked(last is not None and last.shuffle)
        self.no_self_box.setChecked(last is not None and last.no_self_votes)
        self.voters_list = QListWidget()
        for person in document.people.values():
            label = f"{person.name} — {person.department}" if person.department else person.name
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.voters_list.addItem(item)
        self.voters_list.setMaximumHeight(150)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorLine")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        dots_form = QFormLayout(self.dots_page)
        dots_form.setContentsMargins(0, 0, 0, 0)
        dots_form.addRow("&Dots per voter", self.dots_spin)
        dots_form.addRow("", self.suggestion)
        dots_form.addRow("&Most dots on one item", self.cap_spin)
        rank_form = QFormLayout(self.rank_page)
        rank_form.setContentsMargins(0, 0, 0, 0)
        rank_form.addRow("&Places each voter fills", self.rank_spin)
        for page in (self.dots_page, self.criteria_editor, self.rank_page):
            self.kind_pages.addWidget(page)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("&Vote on", self.target_combo)
        form.addRow("", self.kind_pages)
        form.addRow("", self.anonymous_box)
        form.addRow("", self.blind_box)
        form.addRow("", self.shuffle_box)
        form.addRow("", self.no_self_box)
        form.addRow("&Who votes", self.voters_list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setText("Start the round")
        start.setObjectName("Primary")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        start.setDefault(True)  # Enter starts the round
        self._suggest()
        self._kind_chosen()

    def showEvent(self, event: QShowEvent) -> None:
        """The keyboard starts in "dots per voter", the one field most rounds change."""
        super().showEvent(event)
        self.dots_spin.setFocus(Qt.FocusReason.OtherFocusReason)
        self.dots_spin.selectAll()

    def kind(self) -> RoundKind:
        """The kind of round chosen."""
        return RoundKind(self.kind_combo.currentData())

    def _kind_chosen(self) -> None:
        self.kind_pages.setCurrentIndex(self.kind_combo.currentIndex())
        # The stack is as tall as the page shown, not as its tallest page.
        for index, page in enumerate((self.dots_page, self.criteria_editor, self.rank_page)):
            page.setVisible(index == self.kind_pages.currentIndex())
        self._show_refusal()

    def _show_refusal(self) -> None:
        """The settings' problem as it stands, under the form (gone once fixed)."""
        shown = self.kind_pages.currentWidget()
        if shown is not None:
            self.kind_pages.setFixedHeight(shown.sizeHint().height())
        problem = self._kind_problem()
        self.error_label.setText(problem or "")
        self.error_label.setVisible(bool(problem))

    def _kind_problem(self) -> str | None:
        if self.kind() is RoundKind.RATING:
            # Ids come when the round starts; each its own, so only the rows are judged.
            numbers = iter(range(1, limits.MAX_CRITERIA + 2))
            return criteria_refusal(
                fresh_criteria(self.criteria_editor.criteria(), lambda: str(next(numbers)))
            )
        if self.kind() is RoundKind.RANK:
            count = self._item_count()
            size = self.rank_spin.value()
            if count and size > count:
                kind = "notes" if self._target() is VoteTarget.NOTES else "clusters"
                return (
                    f"Each voter ranks {size} items, but there are only {count} {kind}: "
                    f"rank at most {count}."
                )
        return None

    def _target(self) -> VoteTarget:
        return VoteTarget(self.target_combo.currentData())

    def _item_count(self) -> int:
        probe = VoteRound("", "", self._target(), 1, 1, True, True, RoundStatus.OPEN)
        return len(self.document.voting.round_items(probe))

    def _suggest(self) -> None:
        count = self._item_count()
        dots = suggested_dots(count)
        self.dots_spin.setValue(dots)
        kind = "notes" if self._target() is VoteTarget.NOTES else "clusters"
        self.suggestion.setText(
            f"{count} {kind} to vote on. Suggested: {counted(dots, 'dot')} each "
            f"(a third of a small board, at most {MOST_SUGGESTED_DOTS})."
        )
        self.rank_spin.setMaximum(max(limits.MIN_RANK_SIZE, min(limits.MAX_RANK_SIZE, count)))
        self._show_refusal()

    def voter_ids(self) -> tuple[str, ...]:
        """The ticked voters; empty when everyone is ticked (everyone votes)."""
        ticked = [
            str(self.voters_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.voters_list.count())
            if self.voters_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return () if len(ticked) == self.voters_list.count() else tuple(ticked)

    def vote_round(self) -> VoteRound:
        """The round as set up (open from now); a rating round's criteria get their ids."""
        kind = self.kind()
        return VoteRound(
            id=new_id(),
            title=" ".join(self.title_edit.text().split()),
            target=self._target(),
            dots_per_voter=self.dots_spin.value(),
            max_dots_per_item=self.cap_spin.value(),
            anonymous=self.anonymous_box.isChecked(),
            blind=self.blind_box.isChecked(),
            status=RoundStatus.OPEN,
            opened_at=utc_now(),
            voter_ids=self.voter_ids(),
            kind=kind,
            criteria=(
                fresh_criteria(self.criteria_editor.criteria()) if kind is RoundKind.RATING else ()
            ),
            rank_size=self.rank_spin.value() if kind is RoundKind.RANK else None,
            shuffle=self.shuffle_box.isChecked(),
            no_self_votes=self.no_self_box.isChecked(),
        )

    def accept(self) -> None:
        """Refuse a round with nothing to vote on, nobody to vote, or settings that can't be."""
        problem = None
        if self._item_count() == 0:
            problem = "There is nothing to vote on yet: add (or reveal) some notes first."
        elif self.kind() is RoundKind.RANK and self._item_count() < limits.MIN_RANK_SIZE:
            problem = f"A rank round needs at least {limits.MIN_RANK_SIZE} items to order."
        elif (kind_problem := self._kind_problem()) is not None:
            problem = kind_problem
        elif self.voters_list.count() == 0:
            problem = "The session has no participants to vote."
        elif not any(
            self.voters_list.item(i).checkState() == Qt.CheckState.Checked
            for i in range(self.voters_list.count())
        ):
            problem = "Tick at least one person who votes."
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        super().accept()
