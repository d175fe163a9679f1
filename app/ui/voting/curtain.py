"""Between voters: pass the laptop on. Turnout is public; choices are not."""

from __future__ import annotations

from collections.abc import Set
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.types import Participant, RoundKind, VoteRound
from app.ui import shortcuts as K

COLUMNS = 3
CURTAIN_STEPS = (-1, 1, -COLUMNS, COLUMNS)
"""Left, Right, Up, Down: how far each arrow moves along the names."""


def curtain_heading(voted: int, voters: int) -> str:
    """The curtain's first line: who takes the laptop now, or that the round can close."""
    if voters and voted >= voters:
        return "Everyone has voted: close the round"
    return "Pass the laptop to the next voter" if voted else "Pass the laptop to the first voter"


def round_description(vote_round: VoteRound) -> str:
    """What the next voter will be asked to do, and under which rules, in one line.

    ``"Blind rating round on 3 criteria  ·  items in your own order"``: the kind of
    ballot comes first, so whoever takes the laptop knows whether to place dots, rate
    or rank before they pick their name.
    """
    secrecy = (
        "Blind and anonymous"
        if vote_round.blind and vote_round.anonymous
        else ("Blind" if vote_round.blind else ("Anonymous" if vote_round.anonymous else "Open"))
    )
    if vote_round.kind is RoundKind.RATING:
        count = len(vote_round.criteria)
        ballot = f"rating round on {count} criteri{'on' if count == 1 else 'a'}"
    elif vote_round.kind is RoundKind.RANK:
        ballot = f"rank round: your top {vote_round.rank_size}"
    else:
        dots = vote_round.dots_per_voter
        ballot = f"dot round: {dots} dot{'' if dots == 1 else 's'} each"
    parts = [f"{secrecy} {ballot}"]
    if vote_round.shuffle:
        parts.append("items in your own order")
    if vote_round.no_self_votes:
        parts.append("no votes on your own ideas")
    return "  ·  ".join(parts)


class CurtainPage(QWidget):
    """Large names to pick from; who has voted is greyed out."""

    voter_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Curtain")
        self.heading = QLabel(curtain_heading(0, 0))
        self.heading.setObjectName("CurtainTitle")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)  # never wider than a 1024-pixel screen with a panel
        self.subtitle = QLabel()
        self.subtitle.setObjectName("CurtainSubtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.goal_label = QLabel()
        self.goal_label.setObjectName("CurtainGoal")
        self.goal_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.goal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.goal_label.setWordWrap(True)
        self.goal_label.hide()
        self.names = QGridLayout()
        self.names.setSpacing(14)
        for column in range(COLUMNS):
            self.names.setColumnStretch(column, 1)
        self.close_button = QPushButton("Close the round…")
        self.close_button.setToolTip("Ctrl+Enter")
        self.redo_button = QPushButton("Vote again…")
        self.redo_button.setToolTip("Let someone who voted vote again (their ballot is cleared)")
        self.live_button = QPushButton("Live results")
        self.board_button = QPushButton("Back to the board")
        facilitator = QHBoxLayout()
        for button in (self.close_button, self.redo_button, self.live_button, self.board_button):
            facilitator.addWidget(button)
            button.installEventFilter(self)  # Enter presses it; Ctrl+Enter still closes
        facilitator.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.goal_label)
        layout.addSpacing(16)
        layout.addLayout(self.names)
        layout.addStretch()
        layout.addLayout(facilitator)
        self.name_buttons: dict[str, QPushButton] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On a button: Enter or Space presses it, Ctrl+Enter closes the round.

        On a name, arrows and Tab also move between the names.
        """
        if not isinstance(watched, QPushButton) or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if K.pressed(K.CLOSE_ROUND, event):
            self.close_button.click()
            return True
        if K.pressed(K.CURTAIN_OPEN, event):
            # On the press, as Enter does; a held key must not go on into the ballot.
            if not event.isAutoRepeat():
                watched.click()
            return True
        if watched not in self.name_buttons.values():
            return False
        direction = K.which(K.CURTAIN_MOVE, event)  # Left, Right, Up, Down, then Tab
        if direction is not None and direction < len(CURTAIN_STEPS):
            self._move_from(watched, CURTAIN_STEPS[direction])
            return True
        return False

    def _move_from(self, button: QPushButton, step: int) -> None:
        names = list(self.name_buttons.values())
        if button not in names:
            return
        index = names.index(button) + step
        while 0 <= index < len(names) and not names[index].isEnabled():
            index += 1 if step > 0 else -1
        if 0 <= index < len(names):
            names[index].setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter closes the round from anywhere on the curtain."""
        if K.pressed(K.CLOSE_ROUND, event):
            self.close_button.click()
            return
        super().keyPressEvent(event)

    def show_goal(self, text: str) -> None:
        """The goal the vote serves, under the round's line (hidden without one)."""
        self.goal_label.setText(text)
        self.goal_label.setVisible(bool(text))

    def show_round(
        self, vote_round: VoteRound, voters: list[Participant], on_phones: Set[str] = frozenset()
    ) -> None:
        """List the voters; those who are done are greyed out and can't be picked.

        So are those voting on their phones (``on_phones``) until they are done: the
        facilitator lets a phone go from the phones panel. The same voters as before are
        shown again in place (a phone's dot changes a round many times a second), and a
        name that has the keyboard keeps it while it can still be picked.
        """
        if [p.id for p in voters] != list(self.name_buttons):
            self._make_buttons(voters)
        finished = set(vote_round.finished_voter_ids)
        for person in voters:
            done = person.id in finished
            _show_voter(
                self.name_buttons[person.id], person, done, not done and person.id in on_phones
            )
        voted = sum(1 for p in voters if p.id in finished)
        self.heading.setText(curtain_heading(voted, len(voters)))
        self.subtitle.setText(
            f"{vote_round.title}  ·  {voted} of {len(voters)} have voted\n"
            f"{round_description(vote_round)}"
        )
        self.live_button.setVisible(not vote_round.blind)
        self.redo_button.setEnabled(voted > 0)
        focused = QApplication.focusWidget()
        keeps = focused is not None and focused.isEnabled()
        if not (keeps and focused in self.name_buttons.values()):
            self.take_keyboard()

    def _make_buttons(self, voters: list[Participant]) -> None:
        """One large button a voter, in rows of :data:`COLUMNS`, in Tab order."""
        while self.names.count():
            child = self.names.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.name_buttons = {}
        for index, person in enumerate(voters):
            button = QPushButton(person.name)
            button.setObjectName("VoterName")
            button.clicked.connect(lambda _=False, pid=person.id: self.voter_chosen.emit(pid))
            button.installEventFilter(self)
            self.names.addWidget(button, index // COLUMNS, index % COLUMNS)
            button.show()
            self.name_buttons[person.id] = button
        # Tab in the screen's order: the names, then the facilitator's row under them.
        order = [*self.name_buttons.values(), self.close_button, self.redo_button]
        for first, second in pairwise([*order, self.live_button, self.board_button]):
            QWidget.setTabOrder(first, second)

    def take_keyboard(self) -> None:
        """The keyboard on the first name not yet voted; once all have, on Close the round."""
        first = next((b for b in self.name_buttons.values() if b.isEnabled()), None)
        (first or self.close_button).setFocus(Qt.FocusReason.OtherFocusReason)


def _show_voter(button: QPushButton, person: Participant, done: bool, phone: bool) -> None:
    """A voter's button as things stand: free to pick, voted, or voting on a phone."""
    if done:
        text, tip, name = f"✓  {person.name}", "Has voted", f"{person.name}, has voted"
        description = "Already voted"
    elif phone:
        text = f"{person.name}\non a phone"  # two lines: the columns stay even
        tip = f"{person.name} votes on a phone (the phones panel can let it go)"
        name = f"{person.name}, votes on a phone"
        description = "On a phone"
    else:
        text, tip, name = person.name, f"Vote as {person.name}", f"Vote as {person.name}"
        description = "Enter or Space opens this person's ballot"
    button.setText(text)
    button.setEnabled(not done and not phone)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    button.setAccessibleDescription(description)
