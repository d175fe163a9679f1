"""The settings of a new vote round."""

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
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.format_helpers import counted
from app.core.types import RoundStatus, VoteRound, VoteTarget, new_id, utc_now
from app.core.voting import MOST_SUGGESTED_DOTS, suggested_dots
from app.ui.document import SessionDocument


class RoundDialog(QDialog):
    """Title, notes or clusters, dots, cap, anonymous, blind, and who votes."""

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
        self.error_label.hide()

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Vote on", self.target_combo)
        form.addRow("&Dots per voter", self.dots_spin)
        form.addRow("", self.suggestion)
        form.addRow("&Most dots on one item", self.cap_spin)
        form.addRow("", self.anonymous_box)
        form.addRow("", self.blind_box)
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

    def showEvent(self, event: QShowEvent) -> None:
        """The keyboard starts in "dots per voter", the one field most rounds change."""
        super().showEvent(event)
        self.dots_spin.setFocus(Qt.FocusReason.OtherFocusReason)
        self.dots_spin.selectAll()

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

    def voter_ids(self) -> tuple[str, ...]:
        """The ticked voters; empty when everyone is ticked (everyone votes)."""
        ticked = [
            str(self.voters_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.voters_list.count())
            if self.voters_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return () if len(ticked) == self.voters_list.count() else tuple(ticked)

    def vote_round(self) -> VoteRound:
        """The round as set up (open from now)."""
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
        )

    def accept(self) -> None:
        """Refuse a round with nothing to vote on or nobody to vote."""
        problem = None
        if self._item_count() == 0:
            problem = "There is nothing to vote on yet: add (or reveal) some notes first."
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
