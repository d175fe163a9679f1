"""The capture bar: who said it, what they said, Enter. Ideas at speaking speed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import limits
from app.core.techniques.one_two_four_all import Group, grouped_people
from app.core.types import Participant
from app.ui import shortcuts as K

ANONYMOUS = "Anonymous"


class _IdeaEdit(QLineEdit):
    """A line edit where Up/Down pick the author and a multi-line paste becomes notes.

    Empty, it leaves Ctrl+Z and Ctrl+Shift+Z to the window: the note just added is
    what there is to undo, not the clearing of the box after it.
    """

    author_step = Signal(int)
    lines_pasted = Signal(str)

    def event(self, event: QEvent) -> bool:
        """Undo and Redo are the window's while the box is empty."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not self.text()
            and (K.pressed(K.UNDO, event) or K.pressed(K.REDO, event))
        ):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down change the author; pasting several lines hands them over whole."""
        direction = K.which(K.CHOOSE_AUTHOR, event)  # the keys are Up, Down
        if direction is not None:
            self.author_step.emit(-1 if direction == 0 else 1)
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QApplication.clipboard().text()
            if "\n" in text.strip():
                self.lines_pasted.emit(text)
                return
        super().keyPressEvent(event)


class CaptureBar(QWidget):
    """Author picker and idea box; Enter adds the note and keeps the cursor here."""

    submitted = Signal(str, object)
    """Text typed for a new note, and the author id (or ``None`` for anonymous)."""
    lines_pasted = Signal(str, object)
    """Several pasted lines, and the author id (or ``None``)."""
    builds_on_cleared = Signal()
    """The facilitator cleared the "builds on" choice with its button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CaptureBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.author_combo = QComboBox()
        # Narrows beside a side panel on a 1024-pixel screen; the idea box keeps the room.
        self.author_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.author_combo.setMinimumContentsLength(12)
        self.author_combo.setMaximumWidth(300)
        self.author_combo.setToolTip("Who said it (Up/Down in the idea box changes it)")
        self.idea_edit = _IdeaEdit()
        self.idea_edit.setObjectName("IdeaEdit")
        self.idea_edit.setMaxLength(limits.MAX_NOTE_TEXT * 2)  # longer text is refused, not cut
        self.idea_edit.returnPressed.connect(self._submit)
        self.idea_edit.author_step.connect(self._step_author)
        self.idea_edit.lines_pasted.connect(
            lambda text: self.lines_pasted.emit(text, self.author_id())
        )
        self.idea_edit.textEdited.connect(lambda _text: self.show_message(""))
        add = QPushButton("Add")
        add.setObjectName("Primary")
        add.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        add.clicked.connect(self._submit)
        self.message_label = QLabel()
        self.message_label.setObjectName("ErrorLine")
        self.message_label.hide()
        self.hint_label = QLabel()
        self.hint_label.setObjectName("CaptureHint")
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setWordWrap(True)
        self.hint_label.hide()
        self.builds_on_id: str | None = None
        """The note the next note builds on (None: it builds on nothing)."""
        self.builds_on_label = QLabel()
        self.builds_on_label.setObjectName("BuildsOn")
        self.builds_on_label.setTextFormat(Qt.TextFormat.PlainText)
        self.builds_on_clear = QToolButton()
        self.builds_on_clear.setObjectName("BuildsOnClear")
        self.builds_on_clear.setText("×")
        self.builds_on_clear.setAccessibleName("Build on nothing")
        self.builds_on_clear.setToolTip(
            f"Build on nothing ({K.BUILDS_ON.label} picks the selected or spotlit note)"
        )
        self.builds_on_clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.builds_on_clear.clicked.connect(self._clear_builds_on)
        self.builds_on_row = QWidget()
        link_row = QHBoxLayout(self.builds_on_row)
        link_row.setContentsMargins(0, 0, 0, 0)
        link_row.addWidget(self.builds_on_clear)
        link_row.addWidget(self.builds_on_label, 1)
        self.builds_on_row.hide()
        self.slot_label = QLabel()
        self.slot_label.setObjectName("CaptureSlot")
        self.slot_label.setTextFormat(Qt.TextFormat.PlainText)
        self.slot_label.setWordWrap(True)
        self.slot_label.hide()
        row = QHBoxLayout()
        row.addWidget(self.author_combo, 1)
        row.addWidget(self.idea_edit, 3)
        row.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.slot_label)
        layout.addLayout(row)
        layout.addWidget(self.builds_on_row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.hint_label)
        self.set_silent(False)

    def set_people(self, people: list[Participant], groups: Sequence[Group] = ()) -> None:
        """Offer these people as authors (and Anonymous first), keeping the choice.

        During a 1-2-4-All pair or four step (``groups``), each choice names the person's
        group first ("Group A · Ana Ruiz"), group by group, so Up/Down walks the groups.
        """
        by_id = {person.id: person for person in people}
        choices: list[tuple[str, str | None]] = [(ANONYMOUS, None)]
        for group, person_id in grouped_people(groups, list(by_id)):
            person = by_id[person_id]
            if group:
                label = f"{group} · {person.name}"
            elif person.department:
                label = f"{person.name} — {person.department}"
            else:
                label = person.name
            choices.append((label, person.id))
        combo = self.author_combo
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == choices:
            return  # nothing to relabel (the agenda changes often: the timer's state)
        chosen = self.author_id()
        combo.clear()
        for label, choice in choices:
            combo.addItem(label, choice)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))

    def set_silent(self, silent: bool) -> None:
        """Say what Enter will do in this phase."""
        # Short enough to read whole beside a side panel at 1024 pixels; the rest of
        # what the box does is in its tooltip.
        self.idea_edit.setPlaceholderText(
            "Silent: type, Enter puts it face down" if silent else "Type an idea, then Enter"
        )
        self.idea_edit.setToolTip(
            ("Your note goes face down until Reveal.  " if silent else "")
            + "Enter adds the note  ·  Up/Down: who said it  ·  paste lines for many notes"
            + f"  ·  {K.BUILDS_ON.label}: builds on the selected note"
        )

    def author_id(self) -> str | None:
        """The chosen author's id, ``None`` for anonymous."""
        data = self.author_combo.currentData()
        return data if isinstance(data, str) else None

    def set_author(self, author_id: str | None) -> None:
        """Choose the author."""
        self.author_combo.setCurrentIndex(max(0, self.author_combo.findData(author_id)))

    def set_builds_on(self, note_id: str | None, words: str = "") -> None:
        """The next note builds on ``note_id``, named by its first ``words`` (None: nothing)."""
        self.builds_on_id = note_id
        self.builds_on_label.setText(f"Builds on: “{words}”" if note_id is not None else "")
        self.builds_on_label.setToolTip(self.builds_on_label.text())
        self.builds_on_row.setVisible(note_id is not None)

    def set_slot(self, text: str) -> None:
        """Name the paper sheet typed up now ("Sheet 2, round 3, written by Ana"); "" hides it."""
        self.slot_label.setText(text)
        self.slot_label.setAccessibleName(text)
        self.slot_label.setVisible(bool(text))

    def _clear_builds_on(self) -> None:
        self.set_builds_on(None)
        self.builds_on_cleared.emit()
        self.focus_idea()

    def show_message(self, text: str) -> None:
        """Show (or, with empty text, hide) a one-line message under the bar."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def show_hint(self, text: str) -> None:
        """Show (or, with empty text, hide) the quiet line about a similar note."""
        self.hint_label.setText(text)
        self.hint_label.setVisible(bool(text))

    def focus_idea(self) -> None:
        """Put the keyboard in the idea box."""
        self.idea_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_idea(self) -> None:
        """Empty the idea box after a note was added."""
        self.idea_edit.clear()

    def _submit(self) -> None:
        self.submitted.emit(self.idea_edit.text(), self.author_id())
        self.focus_idea()

    def _step_author(self, step: int) -> None:
        count = self.author_combo.count()
        if count:
            self.author_combo.setCurrentIndex((self.author_combo.currentIndex() + step) % count)
