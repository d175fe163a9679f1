"""The backlog page: every action and idea from every session, filtered, sorted, moved on.

Changing a status is one click on the buttons under the table (for every selected row)
and is stored at once. Overdue actions are counted at the top and drawn in red.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
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
    distinct_ideas,
    recognition,
)
from app.core.format_helpers import counted
from app.core.types import ActionStatus
from app.ui.backlog.commands import ActionChange, IdeaChange, SetStatusesCommand
from app.ui.backlog.filters import BacklogFilters
from app.ui.backlog.models import (
    ENTRY_ID_ROLE,
    BacklogProxy,
    EntryTableModel,
    action_columns,
    idea_columns,
)
from app.ui.backlog.recognition import RecognitionView
from app.ui.error_reporting import left_out_label, show_left_out

if TYPE_CHECKING:
    from app.ui.workspace import Workspace

ACTIONS_TAB, IDEAS_TAB, RECOGNITION_TAB = 0, 1, 2


def _table(proxy: BacklogProxy, widths: list[int]) -> QTableView:
    table = QTableView()
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    # Fixed starting widths: measuring thousands of rows to fit them would stall the page.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for number, width in enumerate(widths):
        if width:
            table.setColumnWidth(number, width)
    return table


class BacklogPage(QWidget):
    """Actions and ideas across sessions, with filters, one-click statuses and recognition.

    A status set here is one undo step of the library's (Ctrl+Z); the workspace stores
    it and shows it in any open session window.
    """

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._workspace: Workspace | None = None
        self._today = today
        self._every_idea: list[IdeaEntry] = []
        self.actions_model: EntryTableModel[ActionEntry] = EntryTableModel(
            action_columns(lambda: self.today)
        )
        self.ideas_model: EntryTableModel[IdeaEntry] = EntryTableModel(idea_columns())
        self.actions_proxy = BacklogProxy()
        self.actions_proxy.setSourceModel(self.actions_model)
        self.ideas_proxy = BacklogProxy()
        self.ideas_proxy.setSourceModel(self.ideas_model)
        self.actions_table = _table(
            self.actions_proxy, [c.width for c in self.actions_model.columns]
        )
        self.actions_table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # soonest due first
        self.ideas_table = _table(self.ideas_proxy, [c.width for c in self.ideas_model.columns])
        self.ideas_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # most dots first
        self.recognition_view = RecognitionView()

        self.overdue_button = QPushButton()
        self.overdue_button.setObjectName("Overdue")
        self.overdue_button.setCheckable(True)
        self.overdue_button.toggled.connect(self._apply_filter)
        self.filters = BacklogFilters(lambda: self.today)
        self.filters.changed.connect(self._apply_filter)
        self.filters.clear_button.clicked.connect(self.clear_filters)
        self.left_out_label = left_out_label()

        self.action_buttons = self._status_buttons(
            {s.value: label for s, label in ACTION_STATUS_LABELS.items()}, self._set_action_status
        )
        self.idea_buttons = self._status_buttons(
            {s.value: label for s, label in IDEA_STATUS_LABELS.items()}, self._set_idea_status
        )
        self.outcome_button = QPushButton("Out&come…")
        self.outcome_button.setToolTip("Record what trying the selected action showed (Alt+C)")
        self.outcome_button.clicked.connect(self.record_outcome)
        self.tabs = QTabWidget()
        self.tabs.addTab(
            self._with_buttons(self.actions_table, self.action_buttons, self.outcome_button),
            "Actions",
        )
        self.tabs.addTab(self._with_buttons(self.ideas_table, self.idea_buttons), "Ideas")
        self.tabs.addTab(self.recognition_view, "Recognition")
        self.tabs.currentChanged.connect(self._tab_changed)
        for table in (self.actions_table, self.ideas_table):
            table.selectionModel().selectionChanged.connect(self._update_buttons)

        top = QHBoxLayout()
        top.addWidget(self.overdue_button)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.left_out_label)
        self._fill_status_combo()
        self._update_buttons()

    # ------------------------------------------------------------------ building

    @staticmethod
    def _status_buttons(
        labels: dict[str, str], handler: Callable[[str], None]
    ) -> dict[str, QPushButton]:
        buttons: dict[str, QPushButton] = {}
        for value, label in labels.items():
            button = QPushButton(label)
            button.setObjectName("StatusButton")
            button.setToolTip(f"Mark the selected rows as {label.lower()}")
            button.clicked.connect(lambda _checked=False, v=value: handler(v))
            buttons[value] = button
        return buttons

    @staticmethod
    def _with_buttons(
        table: QTableView, buttons: dict[str, QPushButton], extra: QPushButton | None = None
    ) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        row.addWidget(QLabel("Mark as:"))
        for button in buttons.values():
            row.addWidget(button)
        row.addStretch()
        if extra is not None:
            row.addWidget(extra)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        return page

    # ------------------------------------------------------------------ data

    @property
    def today(self) -> date:
        """The day overdue is measured against."""
        return self._today or date.today()

    def attach(self, workspace: Workspace) -> None:
        """Storage is open; the backlog is read when it is first shown."""
        self._workspace = workspace

    def refresh(self) -> None:
        """Re-read every action and idea, keeping the filters and the selection."""
        if self._workspace is None:
            return
        repository = self._workspace.repository
        kept = {table: self._selected_ids(table) for table in self._tables()}
        actions, actions_left_out = repository.backlog.action_listing()
        ideas, ideas_left_out = repository.backlog.idea_listing()
        self.actions_model.set_entries(actions, self.today)
        self._every_idea = ideas  # a stack's every note: recognition credits each author
        self.ideas_model.set_entries(distinct_ideas(ideas), self.today)
        show_left_out(self.left_out_label, actions_left_out + ideas_left_out)
        self.filters.offer(self.actions_model.entries, self.ideas_model.entries)
        self._apply_filter()
        for table, ids in kept.items():
            self._select_ids(table, ids)

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
        if criteria is None:
            return
        self.actions_proxy.set_criteria(criteria)
        self.ideas_proxy.set_criteria(criteria)
        every_status = BacklogFilter(
            owner=criteria.owner,
            department=criteria.department,
            goal=criteria.goal,
            date_from=criteria.date_from,
            date_to=criteria.date_to,
            text=criteria.text,
        )
        self.recognition_view.show_credit(
            recognition(i for i in self._every_idea if every_status.accepts_idea(i))
        )
        self._update_counts()

    def _update_counts(self) -> None:
        shown_actions, all_actions = self.actions_proxy.rowCount(), len(self.actions_model.entries)
        shown_ideas, all_ideas = self.ideas_proxy.rowCount(), len(self.ideas_model.entries)
        self.tabs.setTabText(ACTIONS_TAB, _count_label("Actions", shown_actions, all_actions))
        self.tabs.setTabText(IDEAS_TAB, _count_label("Ideas", shown_ideas, all_ideas))
        late = sum(entry.overdue(self.today) for entry in self.actions_model.entries)
        self.overdue_button.setVisible(bool(late) or self.overdue_button.isChecked())
        if self.overdue_button.isChecked():
            self.overdue_button.setText("Showing overdue actions only · show all")
        else:
            plural = "action is" if late == 1 else "actions are"
            self.overdue_button.setText(f"⚠ {late} {plural} overdue · show")

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
            self.overdue_button.setChecked(False)
        self._apply_filter()
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
        idea = next(
            (
                (i.status, i.version)
                for i in self.ideas_model.entries
                if i.id == entry.source_note_id
            ),
            None,
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


def _count_label(name: str, shown: int, total: int) -> str:
    return f"{name} ({shown})" if shown == total else f"{name} ({shown} of {total})"
