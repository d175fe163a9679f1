"""The backlog page: every action and idea from every session, filtered, sorted, moved on.

The tables are queries (:mod:`app.storage.backlog_query`): the database filters,
searches and sorts, and the tables read a page at a time as they scroll. Counts come
from the database too and are shown in the tabs and above them, never taken from the
rows read. Changing a status is one click on the buttons under the table (for every
selected row) and is stored at once. Overdue actions are counted at the top and
drawn in red.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.backlog import (
    ACTION_STATUS_LABELS,
    IDEA_STATUS_LABELS,
    ActionEntry,
    BacklogFilter,
    IdeaEntry,
    IdeaStatus,
)
from app.core.backlog_view import BacklogOrder
from app.core.format_helpers import counted
from app.core.types import ActionStatus
from app.storage.backlog_query import BacklogQuery, Page
from app.storage.backlog_sql import Mark
from app.ui.backlog.commands import ActionChange, IdeaChange, SetStatusesCommand
from app.ui.backlog.filters import BacklogFilters
from app.ui.backlog.models import (
    ENTRY_ID_ROLE,
    EntryTableModel,
    action_columns,
    idea_columns,
)
from app.ui.backlog.recognition import RecognitionView
from app.ui.backlog.tables import entry_table, status_buttons, with_buttons
from app.ui.error_reporting import left_out_label, show_left_out

if TYPE_CHECKING:
    from app.ui.workspace import Workspace

ACTIONS_TAB, IDEAS_TAB, RECOGNITION_TAB = 0, 1, 2


class BacklogPage(QWidget):
    """Actions and ideas across sessions, with filters, one-click statuses and recognition.

    A status set here is one undo step of the library's (Ctrl+Z); the workspace stores
    it and shows it in any open session window.
    """

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._workspace: Workspace | None = None
        self._today = today
        self._query: BacklogQuery | None = None
        self._criteria = BacklogFilter()
        self._totals = (0, 0)
        self._counts: tuple[dict[str, int], dict[str, int]] = ({}, {})
        self._late = 0
        self._recognition_stale = True
        # A table is read when it is looked at, once for each change of filters.
        self._unread: dict[int, Callable[[], None]] = {}
        self._to_select: dict[int, list[str]] = {}
        self.actions_model: EntryTableModel[ActionEntry] = EntryTableModel(
            action_columns(lambda: self.today)
        )
        self.ideas_model: EntryTableModel[IdeaEntry] = EntryTableModel(idea_columns())
        self.actions_table = entry_table(self.actions_model)
        self.actions_table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # soonest due first
        self.ideas_table = entry_table(self.ideas_model)
        self.ideas_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # most dots first
        self.recognition_view = RecognitionView()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("Hint")
        # A program's counts run to five digits: they wrap rather than widen the page.
        self.counts_label.setWordWrap(True)
        self.counts_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.overdue_button = QPushButton()
        self.overdue_button.setObjectName("Overdue")
        self.overdue_button.setCheckable(True)
        self.overdue_button.toggled.connect(self._apply_filter)
        self.filters = BacklogFilters(lambda: self.today)
        self.filters.changed.connect(self._apply_filter)
        # Beside the overdue button, not in the filters' row: that row must fit 1024 px.
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)
        self.left_out_label = left_out_label()

        self.action_buttons = status_buttons(
            {s.value: label for s, label in ACTION_STATUS_LABELS.items()}, self._set_action_status
        )
        self.idea_buttons = status_buttons(
            {s.value: label for s, label in IDEA_STATUS_LABELS.items()}, self._set_idea_status
        )
        self.outcome_button = QPushButton("Out&come…")
        self.outcome_button.setToolTip("Record what trying the selected action showed (Alt+C)")
        self.outcome_button.clicked.connect(self.record_outcome)
        self.tabs = QTabWidget()
        self.tabs.addTab(
            with_buttons(self.actions_table, self.action_buttons, self.outcome_button),
            "Actions",
        )
        self.tabs.addTab(with_buttons(self.ideas_table, self.idea_buttons), "Ideas")
        self.tabs.addTab(self.recognition_view, "Recognition")
        self.tabs.currentChanged.connect(self._tab_changed)
        for table in (self.actions_table, self.ideas_table):
            table.selectionModel().selectionChanged.connect(self._update_buttons)

        top = QHBoxLayout()
        top.addWidget(self.overdue_button)
        top.addWidget(self.clear_button)
        top.addStretch()
        top.addWidget(self.counts_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.left_out_label)
        self._fill_status_combo()
        self._update_buttons()

    # ------------------------------------------------------------------ building

    # ------------------------------------------------------------------ data

    @property
    def today(self) -> date:
        """The day overdue is measured against."""
        return self._today or date.today()

    def attach(self, workspace: Workspace) -> None:
        """Storage is open; the backlog is read when it is first shown."""
        self._workspace = workspace

    def refresh(self) -> None:
        """Read the backlog again, keeping the filters and the selection."""
        if self._workspace is None:
            return
        repository = self._workspace.repository
        query = self._query = BacklogQuery(repository)
        kept = {table: self._selected_ids(table) for table in self._tables()}
        show_left_out(self.left_out_label, query.left_out())
        self._totals = query.totals()
        self._late = repository.backlog.overdue_action_count(self.today)
        choices = query.choices()
        self.filters.offer(choices.people, choices.departments, choices.goals)
        self._recognition_stale = True
        self._to_select = {
            tab: kept[table]
            for tab, table in ((ACTIONS_TAB, self.actions_table), (IDEAS_TAB, self.ideas_table))
        }
        self._apply_filter()

    def _tables(self) -> tuple[QTableView, QTableView]:
        return (self.actions_table, self.ideas_table)

    def _fill_status_combo(self) -> None:
        labels = (
            IDEA_STATUS_LABELS if self.tabs.currentIndex() == IDEAS_TAB else ACTION_STATUS_LABELS
        )
        self.filters.offer_statuses({status.value: label for status, label in labels.items()})

    # ------------------------------------------------------------------ filtering

    def criteria(self) -> BacklogFilter | None:
        """The filter the controls describe; ``None`` (and a message) for a wrong date."""
        return self.filters.criteria(overdue_only=self.overdue_button.isChecked())

    def _apply_filter(self) -> None:
        criteria = self.criteria()
        if criteria is None or self._query is None:
            return
        query, today = self._query, self.today
        self._criteria = criteria

        def actions(order: BacklogOrder, after: Mark | None) -> Page[ActionEntry]:
            return query.action_page(criteria, today, order, after)

        def ideas(order: BacklogOrder, after: Mark | None) -> Page[IdeaEntry]:
            return query.idea_page(criteria, order, after)

        self._unread = {
            ACTIONS_TAB: lambda: self.actions_model.read_from(actions, today),
            IDEAS_TAB: lambda: self.ideas_model.read_from(ideas, today),
        }
        self._read_shown_table()
        self._recognition_stale = True
        self._show_recognition()
        self._update_counts()

    def _read_shown_table(self) -> None:
        """The table on show reads its first page now; the other when it is shown."""
        tab = self.tabs.currentIndex()
        read = self._unread.pop(tab, None)
        if read is None:
            return
        read()
        kept = self._to_select.pop(tab, [])
        if kept:
            self._select_ids(self.actions_table if tab == ACTIONS_TAB else self.ideas_table, kept)

    def _show_recognition(self) -> None:
        """Recognition is counted when it is looked at, once for each change of filters."""
        if self._query is None or self.tabs.currentIndex() != RECOGNITION_TAB:
            return
        if self._recognition_stale:
            self._recognition_stale = False
            self.recognition_view.show_credit(self._query.recognition(self._criteria))

    def _update_counts(self) -> None:
        if self._query is None:
            return
        self._counts = (
            self._query.action_counts(self._criteria, self.today),
            self._query.idea_counts(self._criteria),
        )
        self._show_counts()

    def _show_counts(self) -> None:
        criteria, (all_actions, all_ideas) = self._criteria, self._totals
        action_counts, idea_counts = self._counts
        shown_actions = _shown(action_counts, criteria.statuses)
        shown_ideas = _shown(idea_counts, criteria.statuses)
        self.tabs.setTabText(ACTIONS_TAB, _count_label("Actions", shown_actions, all_actions))
        self.tabs.setTabText(IDEAS_TAB, _count_label("Ideas", shown_ideas, all_ideas))
        on_ideas = self.tabs.currentIndex() == IDEAS_TAB
        counts, labels = (
            (idea_counts, {s.value: label for s, label in IDEA_STATUS_LABELS.items()})
            if on_ideas
            else (action_counts, {s.value: label for s, label in ACTION_STATUS_LABELS.items()})
        )
        self.counts_label.setText(
            " · ".join(f"{label}\u00a0{counts.get(value, 0):,}" for value, label in labels.items())
        )
        late = self._late
        self.overdue_button.setVisible(bool(late) or self.overdue_button.isChecked())
        if self.overdue_button.isChecked():
            self.overdue_button.setText("Showing overdue actions only · show all")
        else:
            plural = "action is" if late == 1 else "actions are"
            self.overdue_button.setText(f"⚠ {late:,} {plural} overdue · show")

    def clear_filters(self) -> None:
        """Every row again."""
        self.overdue_button.blockSignals(True)
        self.overdue_button.setChecked(False)
        self.overdue_button.blockSignals(False)
        self.filters.clear()  # which filters again, once

    def show_overdue(self) -> None:
        """Jump to the actions that are late."""
        self.tabs.setCurrentIndex(ACTIONS_TAB)
        self.overdue_button.setChecked(True)

    def _tab_changed(self, index: int) -> None:
        self._fill_status_combo()
        if index == IDEAS_TAB and self.overdue_button.isChecked():
            self.overdue_button.setChecked(False)  # filters again
        if self.criteria() != self._criteria:  # a status only the other table has
            self._apply_filter()
        else:
            self._read_shown_table()
            self._show_recognition()
            self._show_counts()
        self._update_buttons()

    # ------------------------------------------------------------------ statuses

    def _selected_ids(self, table: QTableView) -> list[str]:
        rows = table.selectionModel().selectedRows()
        return [str(index.data(ENTRY_ID_ROLE)) for index in rows]

    def _select_ids(self, table: QTableView, ids: list[str]) -> None:
        model = table.model()
        selection = table.selectionModel()
        wanted = set(ids)
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(ENTRY_ID_ROLE) in wanted:
                selection.select(
                    index,
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _update_buttons(self, *_: object) -> None:
        for table, buttons in (
            (self.actions_table, self.action_buttons),
            (self.ideas_table, self.idea_buttons),
        ):
            chosen = bool(table.selectionModel().selectedRows())
            for button in buttons.values():
                button.setEnabled(chosen)
        self.outcome_button.setEnabled(len(self._selected_ids(self.actions_table)) == 1)

    def record_outcome(self) -> None:
        """Ask what trying the selected action showed; one step on the library's undo."""
        from app.ui.backlog.commands import RecordOutcomeCommand
        from app.ui.outcome_dialog import OutcomeDialog

        ids = self._selected_ids(self.actions_table)
        entry = next((e for e in self.actions_model.entries if e.id in ids), None)
        if self._workspace is None or entry is None or len(ids) != 1:
            return
        dialog = OutcomeDialog(entry.title, entry.outcome, self.window())
        if dialog.exec() != OutcomeDialog.DialogCode.Accepted:
            return
        idea = (
            None
            if entry.source_note_id is None
            else self._workspace.repository.actions.idea_states(entry.session_id).get(
                entry.source_note_id
            )
        )
        self._workspace.push(
            RecordOutcomeCommand(
                self._workspace.record_outcome,
                self._workspace.trail,
                entry,
                dialog.outcome(),
                idea,
            )
        )
        self.refresh()

    def _set_action_status(self, value: str) -> None:
        ids = set(self._selected_ids(self.actions_table))
        status = ActionStatus(value)
        changes = {
            entry.id: (entry.status, status, entry.version)
            for entry in self.actions_model.entries
            if entry.id in ids and entry.status is not status
        }
        label = ACTION_STATUS_LABELS[status].lower()
        self._push(f"Mark {counted(len(changes), 'action')} as {label}", actions=changes)

    def _set_idea_status(self, value: str) -> None:
        ids = set(self._selected_ids(self.ideas_table))
        status = IdeaStatus(value)
        changes = {
            entry.id: (entry.status, status, entry.version)
            for entry in self.ideas_model.entries
            if entry.id in ids and entry.status is not status
        }
        label = IDEA_STATUS_LABELS[status].lower()
        self._push(f"Mark {counted(len(changes), 'idea')} as {label}", ideas=changes)

    def _push(
        self,
        text: str,
        *,
        actions: dict[str, ActionChange] | None = None,
        ideas: dict[str, IdeaChange] | None = None,
    ) -> None:
        if self._workspace is None or not (actions or ideas):
            return
        self._workspace.push(
            SetStatusesCommand(self._workspace, text, actions=actions, ideas=ideas)
        )
        self.refresh()


def _shown(counts: dict[str, int], statuses: frozenset[str]) -> int:
    """How many rows the status filter lets through (every status when it is empty)."""
    return sum(n for status, n in counts.items() if not statuses or status in statuses)


def _count_label(name: str, shown: int, total: int) -> str:
    return f"{name} ({shown:,})" if shown == total else f"{name} ({shown:,} of {total:,})"
