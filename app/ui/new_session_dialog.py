"""The dialog that sets a session up: goal, question, people and agenda."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.agenda import DEFAULT_AGENDA
from app.core.backlog import CarryOver, goal_key
from app.core.format_helpers import counted
from app.core.goals import metric_line
from app.core.session_ops import parse_people, validate_new_session
from app.core.types import Goal, NewSessionSpec, Participant, PhaseKind
from app.ui.timer.agenda_editor import AgendaEditor

PEOPLE_HINT = "One person per line: Name, Department\nMaya Chen, Operations\nJonas Weber, Sales"


class NewSessionDialog(QDialog):
    """Collects a :class:`NewSessionSpec`; stays open and says why while it is not valid."""

    def __init__(
        self,
        parent: QWidget | None = None,
        carry_over_for: Callable[[str, str | None], CarryOver] | None = None,
        goals: Sequence[Goal] = (),
    ) -> None:
        super().__init__(parent)
        self._carry_over_for = carry_over_for
        self._goals = [goal for goal in goals if not goal.archived]
        self._carried = CarryOver((), ())
        self.setWindowTitle("New session")
        self.setMinimumWidth(760)
        self._spec: NewSessionSpec | None = None

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Order to delivery: one day faster")
        self.title_edit.setMaxLength(limits.MAX_TITLE)
        self.goal_edit = QLineEdit()
        self.goal_edit.setPlaceholderText("The big goal this serves, e.g. our mission or a KPI")
        self.goal_edit.setMaxLength(limits.MAX_GOAL)
        # Type a few letters of any word: the goals already running are offered.
        completer = QCompleter([goal.title for goal in self._goals], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.goal_edit.setCompleter(completer)
        self.goal_hint = QLabel()
        self.goal_hint.setObjectName("Hint")
        self.goal_hint.setWordWrap(True)
        self.goal_edit.textChanged.connect(self._show_goal_hint)
        self.question_edit = QLineEdit()
        self.question_edit.setPlaceholderText("How might we …?")
        self.review_check = QCheckBox()
        self.review_check.setChecked(True)
        self.review_check.hide()
        self._goal_pause = QTimer(self)
        self._goal_pause.setSingleShot(True)
        self._goal_pause.setInterval(250)  # look up earlier sessions once typing pauses
        self._goal_pause.timeout.connect(self.update_review_offer)
        self.goal_edit.textChanged.connect(self._goal_pause.start)
        self.facilitator_edit = QLineEdit()
        self.facilitator_edit.setMaxLength(limits.MAX_NAME)
        self.facilitator_edit.setPlaceholderText("Your name")
        self.people_edit = QPlainTextEdit()
        self.people_edit.setPlaceholderText(PEOPLE_HINT)
        self.people_edit.setTabChangesFocus(True)
        self.people_edit.setFixedHeight(100)  # four lines: the agenda needs the height at 720 px
        self.people_summary = QLabel()
        self.people_summary.setObjectName("PageSubtitle")
        self.people_edit.textChanged.connect(self._update_people_summary)

        # Locking at zero is set from the session's Agenda dialog, once it runs.
        self.agenda_editor = AgendaEditor(show_lock=False)
        self.agenda_editor.people_source = self.people
        self.agenda_editor.set_template(DEFAULT_AGENDA)
        self.agenda_table = self.agenda_editor.table

        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorLine")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Goal", self.goal_edit)
        form.addRow("", self.goal_hint)
        form.addRow("", self.review_check)
        form.addRow("&Question", self.question_edit)
        form.addRow("&Facilitator", self.facilitator_edit)
        people_box = QVBoxLayout()
        people_box.addWidget(self.people_edit)
        people_box.addWidget(self.people_summary)
        form.addRow("&People", people_box)
        form.addRow("&Agenda", self.agenda_editor)
        people_label = form.labelForField(people_box)
        if isinstance(people_label, QLabel):
            people_label.setBuddy(self.people_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        create = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        create.setText("Create session")
        create.setObjectName("Primary")
        for standard_button in self.buttons.buttons():
            standard_button.setIcon(QIcon())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        heading = QLabel("Set up a session")
        heading.setObjectName("PageTitle")
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._update_people_summary()
        self._show_goal_hint()
        self.title_edit.setFocus()

    def chosen_goal(self) -> Goal | None:
        """The goal record the typed goal names (case and spaces aside), if there is one."""
        key = goal_key(self.goal_edit.text())
        return next((goal for goal in self._goals if goal_key(goal.title) == key), None)

    def _show_goal_hint(self) -> None:
        goal = self.chosen_goal()
        if not self.goal_edit.text().strip():
            self.goal_hint.setText(
                "Pick a goal already running (type a word of it), or type a new one."
                if self._goals
                else "Every session serves one big goal; later sessions can serve it too."
            )
        elif goal is not None:
            metric = metric_line(goal)
            more = f" {metric}." if metric else ""
            self.goal_hint.setText(f"Serves the goal “{goal.title}”.{more}")
        else:
            self.goal_hint.setText(
                "A new goal: give it a metric and a target on the Goals page (Ctrl+3)."
            )

    def update_review_offer(self) -> None:
        """Offer to carry in last time's open actions and shortlisted ideas for this goal."""
        if self._carry_over_for is None:
            return
        goal = self.chosen_goal()
        self._carried = self._carry_over_for(self.goal_edit.text(), goal.id if goal else None)
        self.review_check.setVisible(bool(self._carried))
        if self._carried:
            self.review_check.setText(
                f"Start with a &review of last time: {self._carried.summary()} "
                "from sessions with this goal"
            )

    def carried_in(self) -> CarryOver:
        """What the new session brings in as its review phase (nothing if unticked)."""
        if self._goal_pause.isActive():
            self._goal_pause.stop()
            self.update_review_offer()
        return self._carried if self.review_check.isChecked() else CarryOver((), ())

    def add_phase(self, kind: PhaseKind, title: str, minutes: int) -> None:
        """Append a phase row to the agenda."""
        self.agenda_editor.add_phase(kind, title, minutes)

    def _update_people_summary(self) -> None:
        people = parse_people(self.people_edit.toPlainText())
        departments = {department for _, department in people if department}
        if not people:
            self.people_summary.setText("Type or paste the people who take part.")
            return
        self.people_summary.setText(
            f"{counted(len(people), 'person', 'people')} from "
            f"{counted(len(departments), 'department')}"
        )

    def people(self) -> list[Participant]:
        """The people typed so far (ids stand in: the session gives them theirs)."""
        return [
            Participant(f"person-{number}", name, department)
            for number, (name, department) in enumerate(
                parse_people(self.people_edit.toPlainText()), start=1
            )
        ]

    def current_spec(self) -> NewSessionSpec:
        """What the form says now (not yet validated)."""
        rows = self.agenda_editor.rows()
        phases = [(row.kind, row.title, row.seconds) for row in rows]
        return NewSessionSpec(
            title=self.title_edit.text(),
            goal=self.goal_edit.text(),
            question=self.question_edit.text(),
            facilitator=self.facilitator_edit.text(),
            participants=tuple(parse_people(self.people_edit.toPlainText())),
            phases=tuple(phases),
            techniques=tuple((row.technique, row.settings) for row in rows),
        )

    def spec(self) -> NewSessionSpec:
        """The accepted, valid spec (only after the dialog was accepted)."""
        assert self._spec is not None
        return self._spec

    def accept(self) -> None:
        """Accept only a valid form; otherwise say what is wrong and stay open."""
        spec = self.current_spec()
        try:
            validate_new_session(spec)
        except limits.TextError as error:
            self.error_label.setText(f"{error}.")
            self.error_label.show()
            if not spec.title.strip():
                self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._spec = spec
        super().accept()
