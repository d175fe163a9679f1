"""The goals page of the library (Ctrl+3): each goal, its number, what its sessions did.

A list of goals on the left; on the right the chosen goal's metric over time, with its
baseline and target and the adopted experiments marked on the day they were adopted,
a field to record today's value, what its sessions produced and who the ideas came
from. Every change is a step on the library's undo stack.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.due_dates import DueDateError, parse_due_date
from app.core.format_helpers import counted, file_stem
from app.core.goal_report import GoalReport, sessions_text
from app.core.goals import GoalOverview, metric_text
from app.core.types import MetricReading, new_id
from app.ui.goals.chart import MetricChartView
from app.ui.goals.commands import EditGoalCommand, MergeGoalsCommand, RecordReadingCommand
from app.ui.goals.dialog import NumberError, parse_number
from app.ui.workspace import Workspace

GOAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


class GoalsPage(QWidget):
    """Lists the goals and shows the chosen one; every change is a library undo step."""

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._today = today
        self._workspace: Workspace | None = None
        self._report: GoalReport | None = None
        self._overviews: list[GoalOverview] = []
        """The goals as last read; the search box filters these without reading again."""

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search goals")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda: self._fill_list(self.current_goal_id()))
        self.archived_check = QCheckBox("Show &archived goals")
        self.archived_check.toggled.connect(self.refresh)
        self.list = QListWidget()
        self.list.setObjectName("GoalList")
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Goals")
        self.list.currentItemChanged.connect(lambda *_: self._show_current())

        self.title_label = QLabel()
        self.title_label.setObjectName("GoalTitle")
        self.title_label.setWordWrap(True)
        self.why_label = QLabel()
        self.why_label.setWordWrap(True)
        self.facts_label = QLabel()
        self.facts_label.setObjectName("PageSubtitle")
        self.facts_label.setWordWrap(True)
        self.chart = MetricChartView()
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("Today, or e.g. 12 Jan")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("Value")
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(limits.MAX_METRIC)
        self.note_edit.setPlaceholderText("Note (optional)")
        self.record_button = QPushButton("&Record value")
        self.record_button.setObjectName("Primary")
        self.record_button.clicked.connect(self.record_value)
        for edit in (self.date_edit, self.value_edit, self.note_edit):
            edit.returnPressed.connect(self.record_value)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("ErrorLine")
        self.problem_label.hide()
        self.credit_label = QLabel()
        self.credit_label.setWordWrap(True)
        self.edit_button = QPushButton("&Edit goal…")
        self.edit_button.clicked.connect(self.edit_goal)
        self.merge_button = QPushButton("&Merge into…")
        self.merge_button.clicked.connect(self.merge_goal)
        self.archive_button = QPushButton("Arc&hive")
        self.archive_button.clicked.connect(self.toggle_archived)
        self.report_button = QPushButton("Re&port…")
        self.report_button.setToolTip("A one-page PDF report of the goal")
        self.report_button.clicked.connect(self.export_report)
        self.empty_label = QLabel(
            "No goals yet. A session's goal becomes one when you set the session up."
        )
        self.empty_label.setObjectName("EmptyState")
        self.empty_label.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.archived_check)
        value_row = QHBoxLayout()
        caption = QLabel("Record the metric:")
        caption.setBuddy(self.value_edit)
        value_row.addWidget(caption)
        value_row.addWidget(self.date_edit, 1)
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.note_edit, 2)
        value_row.addWidget(self.record_button)
        # The buttons sit beside the title, so a 720-pixel screen keeps the chart tall.
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        for button in (
            self.edit_button,
            self.merge_button,
            self.archive_button,
            self.report_button,
        ):
            title_row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(8, 0, 0, 0)
        details.addLayout(title_row)
        details.addWidget(self.why_label)
        details.addWidget(self.facts_label)
        details.addWidget(self.chart, 1)
        details.addLayout(value_row)
        details.addWidget(self.problem_label)
        details.addWidget(self.credit_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)
        self._set_enabled(False)

    @property
    def today(self) -> date:
        """The day values are recorded on when no date is typed."""
        return self._today or date.today()

    def attach(self, workspace: Workspace) -> None:
        """Storage is open; the page follows every change to goals and the backlog."""
        self._workspace = workspace
        workspace.goals_changed.connect(self._changed)
        workspace.backlog_changed.connect(self._changed)
        self.refresh()

    def _changed(self) -> None:
        """Something a goal counts changed: read again now if on screen, else when shown.

        Every note captured in an open session says the backlog changed; a goals page
        nobody looks at must not read every idea and action each time.
        """
        if self.isVisible():
            self.refresh()

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Read the goals again, keeping the chosen one, and show it as stored now."""
        if self._workspace is None:
            return
        kept = self.current_goal_id()
        self._overviews = self._workspace.repository.goals.goal_overviews(
            self.today, include_archived=self.archived_check.isChecked()
        )
        self._fill_list(kept, always_show=True)

    def _fill_list(self, kept: str | None, *, always_show: bool = False) -> None:
        """List the goals read that match the search; the chosen one's report if it changed."""
        wanted = self.search_edit.text().strip().casefold()
        shown = [o for o in self._overviews if not wanted or wanted in o.goal.title.casefold()]
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for overview in shown:
                item = QListWidgetItem(self._row_text(overview))
                item.setData(GOAL_ID_ROLE, overview.goal.id)
                self.list.addItem(item)
                if overview.goal.id == kept:
                    self.list.setCurrentItem(item)
            if self.list.currentItem() is None and self.list.count():
                self.list.setCurrentRow(0)
        finally:
            self.list.blockSignals(False)
        self.empty_label.setVisible(not self._overviews)
        if always_show or self.current_goal_id() != kept:
            self._show_current()

    @staticmethod
    def _row_text(overview: GoalOverview) -> str:
        archived = " (archived)" if overview.goal.archived else ""
        return (
            f"{overview.goal.title}{archived}\n"
            f"{counted(len(overview.session_ids), 'session')} · {overview.adopted} adopted"
        )

    def current_goal_id(self) -> str | None:
        """The id of the goal shown, if any."""
        item = self.list.currentItem()
        return str(item.data(GOAL_ID_ROLE)) if item is not None else None

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.date_edit,
            self.value_edit,
            self.note_edit,
            self.record_button,
            self.edit_button,
            self.merge_button,
            self.archive_button,
            self.report_button,
        ):
            widget.setEnabled(enabled)

    def _show_current(self) -> None:
        goal_id = self.current_goal_id()
        if self._workspace is None or goal_id is None:
            self._report = None
            for label in (self.title_label, self.why_label, self.facts_label, self.credit_label):
                label.clear()
            self.chart.show_report(None)
            self._set_enabled(False)
            return
        report = self._workspace.repository.goals.goal_report(goal_id, self.today)
        self._report = report
        goal = report.goal
        self.title_label.setText(goal.title)
        self.why_label.setText(goal.why)
        self.why_label.setVisible(bool(goal.why))
        late = report.overview.overdue_actions
        owner = f"Owner: {goal.owner}" if goal.owner else "No owner yet"
        facts = [
            f"{owner} · " + report.overview.summary() + (f" ({late} overdue)" if late else ""),
            report.metric or "No metric yet: Edit goal gives it one.",
            f"Sessions: {sessions_text(report, shown=3)}",
        ]
        self.facts_label.setText("\n".join(facts))
        self.chart.show_report(report)
        self.credit_label.setText(self._credit_text(report))
        self.archive_button.setText("Unarc&hive" if goal.archived else "Arc&hive")
        self._set_enabled(True)

    @staticmethod
    def _credit_text(report: GoalReport) -> str:
        departments = report.credit.by_department
        if not departments:
            return ""
        text = "Ideas by department: " + ", ".join(
            f"{c.name} {c.contributed} ({c.adopted} adopted)" for c in departments[:6]
        )
        people = [c for c in report.credit.by_person if c.adopted][:6]
        if people:
            text += " · adopted ideas by " + ", ".join(f"{c.name} ({c.adopted})" for c in people)
        return text

    # ------------------------------------------------------------------ changing

    def _say(self, problem: str, field: QWidget | None = None) -> None:
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def record_value(self) -> None:
        """Record the typed value of the metric on the typed day (today if none)."""
        report = self._report
        if self._workspace is None or report is None:
            return
        try:
            day = parse_due_date(self.date_edit.text(), self.today, past=True) or self.today
        except DueDateError as error:
            self._say(f"{error}.", self.date_edit)
            return
        try:
            value = parse_number(self.value_edit.text(), "The value")
        except NumberError as error:
            self._say(f"{error}.", self.value_edit)
            return
        if value is None:
            self._say("Type the value you measured, e.g. 11.", self.value_edit)
            return
        note = self.note_edit.text().strip()
        problem = limits.text_problem(note, max_length=limits.MAX_METRIC)
        if problem is not None:
            self._say(f"The note {problem}.", self.note_edit)
            return
        self._say("")
        reading = MetricReading(new_id(), report.goal.id, day, value, note)
        text = f"Record {metric_text(report.goal, value)} on {_day(day)}"
        self._workspace.push(RecordReadingCommand(self._workspace, reading, text))
        for edit in (self.date_edit, self.value_edit, self.note_edit):
            edit.clear()
        self.value_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_goal(self) -> None:
        """Change the goal's title, metric, target or owner."""
        from app.ui.goals.dialog import GoalDialog

        if self._workspace is None or self._report is None:
            return
        before = self._report.goal
        dialog = GoalDialog(before, self.today, self.window())
        if dialog.exec() != GoalDialog.DialogCode.Accepted or dialog.goal() == before:
            return
        after = dialog.goal()
        self._workspace.push(
            EditGoalCommand(self._workspace, before, after, f"Edit the goal {after.title!r}")
        )

    def toggle_archived(self) -> None:
        """Archive the goal (kept with its sessions, no longer offered), or bring it back."""
        if self._workspace is None or self._report is None:
            return
        before = self._report.goal
        after = replace(before, archived=not before.archived)
        verb = "Archive" if after.archived else "Unarchive"
        if after.archived and not self.archived_check.isChecked():
            self.archived_check.setChecked(True)  # so that it stays in view, marked
        self._workspace.push(
            EditGoalCommand(self._workspace, before, after, f"{verb} the goal {before.title!r}")
        )

    def merge_goal(self) -> None:
        """Fold this goal into another one: its sessions, ideas and values go with it."""
        if self._workspace is None or self._report is None:
            return
        merged = self._report.goal
        others = [g for g in self._workspace.repository.goals.all_goals() if g.id != merged.id]
        if not others:
            self._say("There is no other goal to merge this one into.")
            return
        titles = [g.title for g in others]
        chosen, accepted = QInputDialog.getItem(
            self.window(),
            "Merge goals",
            f"Merge {merged.title!r} into (its sessions and values move there):",
            titles,
            0,
            False,
        )
        if not accepted:
            return
        kept = others[titles.index(chosen)]
        self._workspace.push(MergeGoalsCommand(self._workspace, kept, merged))
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(GOAL_ID_ROLE) == kept.id:
                self.list.setCurrentItem(item)

    def export_report(self) -> None:
        """Write the goal's one-page report as a PDF, where the facilitator says."""
        from app.export.atomic import ExportError, write_atomically
        from app.export.goal_report_pdf import build_goal_report_pdf
        from app.ui.dialogs import ask_save_path

        if self._workspace is None or self._report is None:
            return
        suggested = Path.home() / f"goal-{file_stem(self._report.goal.title, 'report')}.pdf"
        target = ask_save_path(self.window(), "Goal report", suggested, "PDF (*.pdf)", "pdf")
        if target is None:
            return
        database = self._workspace.repository.database_path
        try:
            write_atomically(
                target, build_goal_report_pdf(self._report), (database,) if database else ()
            )
        except ExportError as error:
            self._say(str(error))
            return
        self._say("")
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(f"Wrote the goal report to {target}.", 10000)
