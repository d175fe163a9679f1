"""The actions panel: the session's small experiments, written keyboard-first.

The form below the list is either a new action (a draft) or the action selected in the
list. A draft becomes an action the moment it has a title (Tab or Enter out of the title
field); from then on every field is stored as it changes, each change one undo step.
Enter in any field stores it and starts the next action, with the cursor in its title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.backlog import ACTION_STATUS_LABELS, is_overdue
from app.core.due_dates import HINT, DueDateError, format_due_date, parse_due_date
from app.core.format_helpers import counted
from app.core.goal_report import RESULT_LABELS, outcome_summary
from app.core.types import ActionItem, ActionStatus, new_id
from app.ui import shortcuts as K
from app.ui.actions.commands import AddActionCommand, DeleteActionCommand, UpdateActionCommand
from app.ui.document import SessionDocument

ACTION_ID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_COLOR = QColor("#B42318")


def action_title_from_note(text: str) -> str:
    """A note's first line, cut to a title's length."""
    first = text.strip().splitlines()[0] if text.strip() else "Action"
    return first[: limits.MAX_TITLE]


class _EnterWatcher(QObject):
    """Enter in a combo box or the date field means the same as in a text field."""

    def __init__(self, on_enter: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_enter = on_enter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Catch Return and Enter before the widget does."""
        is_enter = (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and K.pressed(K.ACTION_STORE, event)
        )
        if not is_enter:
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False  # Enter picks from the open list first
        self._on_enter()
        return True


class ActionsPanel(QWidget):
    """Lists the session's actions and edits one at a time; every change is an undo step."""

    message = Signal(str)
    """A sentence for the status bar (why something was refused, what happened)."""

    def __init__(self, document: SessionDocument, today: date | None = None) -> None:
        super().__init__()
        self.setObjectName("ActionsPanel")
        self.document = document
        self._today = today
        self.current_id: str | None = None
        self._shown: ActionItem | None = None
        """The stored action the form shows, as read: a change is made from this copy."""
        self._source_note_id: str | None = None
        self._loading = False

        self.heading = QLabel()
        self.heading.setObjectName("PanelHeading")
        self.new_button = QPushButton("&New action")
        self.new_button.clicked.connect(self.start_new_action)
        self.list = QListWidget()
        self.list.setObjectName("ActionList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.currentItemChanged.connect(self._list_moved)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("A small experiment, e.g. “Call back within a day”")
        self.title_edit.setMaxLength(limits.MAX_TITLE)
        self.owner_combo = QComboBox()
        # Long names must not widen the panel past its 300 px: the list elides them.
        self.owner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.owner_combo.setMinimumContentsLength(10)
        self.due_edit = QLineEdit()
        self.due_edit.setPlaceholderText("No date · e.g. fri, +7, 2w, 4 Dec")
        self.due_edit.setToolTip(f"Type {HINT}; empty for no date.")
        self.status_combo = QComboBox()
        for status, label in ACTION_STATUS_LABELS.items():
            self.status_combo.addItem(label, status.value)
        self.hypothesis_edit = QLineEdit()
        self.hypothesis_edit.setPlaceholderText("What we expect this small change to do")
        self.hypothesis_edit.setMaxLength(limits.MAX_ACTION_TEXT)
        self.metric_edit = QLineEdit()
        self.metric_edit.setPlaceholderText("How we will know")
        self.metric_edit.setMaxLength(limits.MAX_ACTION_TEXT)
        self.source_label = QLabel()
        self.source_label.setObjectName("Hint")
        self.source_label.setWordWrap(True)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_current)
        self.outcome_button = QPushButton("Out&come…")
        self.outcome_button.setToolTip("Record what trying this action showed (Alt+C)")
        self.outcome_button.clicked.connect(self.record_outcome)
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("Hint")
        self.outcome_label.setWordWrap(True)
        self.hint = QLabel("Tab: next field · Enter: next action")
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Owner", self.owner_combo)
        form.addRow("D&ue", self.due_edit)
        form.addRow("&Status", self.status_combo)
        form.addRow("&Hypothesis", self.hypothesis_edit)
        form.addRow("&Measure", self.metric_edit)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.outcome_button)
        bottom.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.source_label)
        layout.addLayout(form)
        layout.addWidget(self.outcome_label)
        layout.addWidget(self.hint)
        layout.addLayout(bottom)
        self.setTabOrder(self.title_edit, self.owner_combo)
        self.setTabOrder(self.owner_combo, self.due_edit)
        self.setTabOrder(self.due_edit, self.status_combo)
        self.setTabOrder(self.status_combo, self.hypothesis_edit)
        self.setTabOrder(self.hypothesis_edit, self.metric_edit)

        for edit in (self.title_edit, self.hypothesis_edit, self.metric_edit):
            edit.editingFinished.connect(self._store_form)
            edit.returnPressed.connect(self.next_action)
        self.due_edit.editingFinished.connect(self._store_form)
        self.due_edit.returnPressed.connect(self.next_action)
        self.owner_combo.activated.connect(self._store_form)
        self.status_combo.activated.connect(self._store_form)
        watcher = _EnterWatcher(self.next_action, self)
        for widget in (self.owner_combo, self.status_combo):
            widget.installEventFilter(watcher)

        document.actions_changed.connect(self.refresh)
        document.reloaded.connect(self.refresh)
        document.stale_copy_refused.connect(self.show_current)
        self.refresh()
        self.start_new_action()

    # ------------------------------------------------------------------ showing

    @property
    def today(self) -> date:
        """The day overdue is measured against."""
        return self._today or date.today()

    def refresh(self) -> None:
        """Redraw the list (and the form, if its action changed elsewhere)."""
        self._loading = True
        try:
            self._fill_owners()
            actions = self.document.actions.action_items
            late = sum(is_overdue(a.status, a.due_date, self.today) for a in actions)
            heading = counted(len(actions), "action")
            self.heading.setText(heading + (f" · {late} overdue" if late else ""))
            self.list.clear()
            for action in actions:
                item = QListWidgetItem(self._row_text(action))
                item.setData(ACTION_ID_ROLE, action.id)
                if is_overdue(action.status, action.due_date, self.today):
                    item.setForeground(OVERDUE_COLOR)
                self.list.addItem(item)
                if action.id == self.current_id:
                    self.list.setCurrentItem(item)
            current = (
                self.document.actions.action_item(self.current_id) if self.current_id else None
            )
            if self.current_id is not None and current is None:
                self.current_id = None  # undone or deleted: back to a fresh draft
                self._show(None)
            elif current is not None and not self._form_has_focus():
                self._show(current)
        finally:
            self._loading = False
        self.delete_button.setEnabled(self.current_id is not None)
        self.outcome_button.setEnabled(self.current_id is not None)

    def _row_text(self, action: ActionItem) -> str:
        # Status and date first: a narrow panel cuts the end of the line, the name.
        owner = self.document.people.get(action.owner_id or "")
        parts = [ACTION_STATUS_LABELS[action.status]]
        if action.due_date:
            late = is_overdue(action.status, action.due_date, self.today)
            parts.append(("overdue since " if late else "due ") + f"{action.due_date:%d %b}")
        parts.append(owner.name if owner else "no owner yet")
        if action.outcome is not None:
            parts.append(RESULT_LABELS[action.outcome.result].lower())
        return f"{action.title}\n{'  ·  '.join(parts)}"

    def _fill_owners(self) -> None:
        chosen = self.owner_combo.currentData()
        self.owner_combo.clear()
        self.owner_combo.addItem("No owner yet", None)
        for person in self.document.people.values():
            label = f"{person.name} ({person.department})" if person.department else person.name
            self.owner_combo.addItem(label, person.id)
        index = self.owner_combo.findData(chosen)
        self.owner_combo.setCurrentIndex(max(index, 0))

    def _form_has_focus(self) -> bool:
        focused = self.focusWidget()
        return focused is not None and focused is not self.list and self.isAncestorOf(focused)

    def _show(self, action: ActionItem | None) -> None:
        """Put an action (or an empty draft) in the form."""
        was_loading, self._loading = self._loading, True
        self._shown = action
        try:
            self.title_edit.setText(action.title if action else "")
            self.title_edit.setCursorPosition(0)
            index = self.owner_combo.findData(action.owner_id if action else None)
            self.owner_combo.setCurrentIndex(max(index, 0))
            self.due_edit.setText(format_due_date(action.due_date if action else None))
            status = action.status if action else ActionStatus.OPEN
            self.status_combo.setCurrentIndex(self.status_combo.findData(status.value))
            self.hypothesis_edit.setText(action.hypothesis if action else "")
            self.metric_edit.setText(action.success_metric if action else "")
            self._source_note_id = action.source_note_id if action else None
            note = self.document.board.notes.get(self._source_note_id or "")
            self.source_label.setText(f"From the note: “{note.text}”" if note else "")
            self.source_label.setVisible(note is not None)
            outcome = action.outcome if action else None
            self.outcome_label.setText(
                f"Outcome: {outcome_summary(outcome)}" if outcome is not None else ""
            )
            self.outcome_label.setVisible(outcome is not None)
        finally:
            self._loading = was_loading
        self.delete_button.setEnabled(self.current_id is not None)
        self.outcome_button.setEnabled(self.current_id is not None)

    # ------------------------------------------------------------------ editing

    def start_new_action(self) -> None:
        """An empty form for the next action, with the cursor in its title."""
        self.current_id = None
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self._show(None)
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def next_action(self) -> None:
        """Enter: store what the form holds, then start the next action."""
        if not self._store_form():
            return
        if self.current_id is None:
            self.message.emit("Give the action a title first.")
            self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.start_new_action()

    def make_action_from_note(self, note_id: str) -> None:
        """An action from a note: its first line is the title, its author the owner."""
        note = self.document.board.notes.get(note_id)
        if note is None:
            return
        author = note.author_id if note.author_id in self.document.people else None
        action = ActionItem(
            id=new_id(),
            title=action_title_from_note(note.text),
            owner_id=author,
            source_note_id=note_id,
        )
        self.document.steps.push(AddActionCommand(self.document, action))
        self.current_id = action.id
        self.refresh()
        self._show(self.document.actions.action_item(action.id))
        self.owner_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.emit(f"Action made from the note: {action.title}")

    def record_outcome(self) -> None:
        """Ask what trying the current action showed, and store it as one undo step."""
        from app.ui.actions.commands import RecordOutcomeCommand
        from app.ui.outcome_dialog import OutcomeDialog

        if self.current_id is not None and not self._store_form():
            return
        action = self._shown if self.current_id else None  # as the form shows it
        if action is None:
            return
        dialog = OutcomeDialog(action.title, action.outcome, self.window())
        if dialog.exec() != OutcomeDialog.DialogCode.Accepted:
            return
        outcome = dialog.outcome()
        self.document.steps.push(RecordOutcomeCommand(self.document, action, outcome))
        self._show(self.document.actions.action_item(action.id))  # the form shows its new status
        self.message.emit(f"Outcome recorded: {outcome_summary(outcome)}.")

    def delete_current(self) -> None:
        """Delete the action in the form (undo brings it back)."""
        action = self._shown if self.current_id else None  # as the form shows it
        if action is None:
            return
        self.document.steps.push(DeleteActionCommand(self.document, action))
        self.start_new_action()

    def _form_action(self, base: ActionItem) -> ActionItem | None:
        """The form's fields over ``base``; ``None`` (and a message) when one is invalid."""
        texts = {
            "The title": (self.title_edit, limits.MAX_TITLE),
            "The hypothesis": (self.hypothesis_edit, limits.MAX_ACTION_TEXT),
            "The measure": (self.metric_edit, limits.MAX_ACTION_TEXT),
        }
        for label, (edit, longest) in texts.items():
            problem = limits.text_problem(edit.text().strip(), max_length=longest)
            if problem is not None:
                self._refuse(edit, f"{label} {problem}.")
                return None
        try:
            due = parse_due_date(self.due_edit.text(), self.today)
        except DueDateError as error:
            self._refuse(self.due_edit, f"{error}.")
            return None
        return replace(
            base,
            title=self.title_edit.text().strip(),
            owner_id=self.owner_combo.currentData(),
            due_date=due,
            status=ActionStatus(self.status_combo.currentData()),
            hypothesis=self.hypothesis_edit.text().strip(),
            success_metric=self.metric_edit.text().strip(),
        )

    def _refuse(self, edit: QLineEdit, message: str) -> None:
        """Say why, and put the cursor back in the field to fix (nothing is stored)."""
        self.message.emit(message)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.selectAll()

    def _store_form(self) -> bool:
        """Store the form: add the draft once it has a title, else update the action.

        A change is made from the copy the form shows, with the version it was read
        at: another laptop's change since is never written over (the write is refused
        and the form shows the current version). Returns ``False`` when the form holds
        something that cannot be stored.
        """
        if self._loading:
            return True
        shown = self._shown if self.current_id else None
        base = shown or ActionItem(id=new_id(), title="", source_note_id=self._source_note_id)
        action = self._form_action(base)
        if action is None:
            return False
        self.due_edit.setText(format_due_date(action.due_date))  # "fri" reads "Fri 27 Nov 2026"
        if not action.title:
            if shown is not None:
                self.message.emit("An action needs a title; the old one is kept.")
                self.title_edit.setText(shown.title)
                return False
            return True  # a draft without a title is not an action yet
        if shown is None:
            self.document.steps.push(AddActionCommand(self.document, action))
            self.current_id = action.id
        elif action != shown:
            self.document.steps.push(UpdateActionCommand(self.document, shown, action))
        else:
            return True
        self._shown = self.document.actions.action_item(action.id)  # as stored, at its new version
        return True

    def show_current(self) -> None:
        """A change from the form was refused (changed elsewhere): show the action as it is."""
        current = self.document.actions.action_item(self.current_id) if self.current_id else None
        if self.current_id is not None and current is None:
            self.current_id = None
        self._show(current)

    def _list_moved(self, current: QListWidgetItem | None, _previous: object) -> None:
        if self._loading or current is None:
            return
        action = self.document.actions.action_item(str(current.data(ACTION_ID_ROLE)))
        if action is not None:
            self.current_id = action.id
            self._show(action)
