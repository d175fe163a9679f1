"""A stack opened: every text in it and who said each, and a way to take one out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.format_helpers import counted
from app.core.stacks import stack_authors
from app.core.types import Note, Participant


class StackDialog(QDialog):
    """Lists the stack's notes, its top first; Take out returns the chosen one.

    The dialog only chooses: :attr:`taken_out` is the id of the note to take out
    (``None`` when closed without), and the caller makes the undo step.
    """

    def __init__(
        self,
        top: Note,
        members: list[Note],
        people: dict[str, Participant],
        anonymous: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stack")
        self.setMinimumWidth(560)
        self.taken_out: str | None = None
        authors = stack_authors(top, members, people)
        heading = QLabel(
            f"One idea, said {counted(1 + len(members), 'time')}"
            + (
                f" by {', '.join(person.name for person in authors)}"
                if authors and not anonymous
                else ""
            )
            + "."
        )
        heading.setObjectName("PageTitle")
        heading.setWordWrap(True)
        self.notes = QListWidget()
        self.notes.setObjectName("StackList")
        self.notes.setWordWrap(True)
        self.notes.setAlternatingRowColors(True)
        for position, note in enumerate((top, *members)):
            person = people.get(note.author_id or "")
            said_by = ""
            if person is not None and not anonymous:
                said_by = f"\n— {person.name}" + (
                    f", {person.department}" if person.department else ""
                )
            where = "  (on top)" if position == 0 else ""
            item = QListWidgetItem(f"{note.text}{said_by}{where}")
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.notes.addItem(item)
        self.notes.setCurrentRow(1 if members else 0)
        self.take_out_button = QPushButton("&Take out")
        self.take_out_button.setToolTip("Make the chosen note a card of its own again")
        self.take_out_button.clicked.connect(self._take_out)
        self.notes.currentRowChanged.connect(self._follow_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.take_out_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.notes, 1)
        layout.addWidget(buttons)
        self._follow_row(self.notes.currentRow())
        self.notes.setFocus()

    def _follow_row(self, row: int) -> None:
        # The top is the stack's card: taking out any other note is what splits it.
        self.take_out_button.setEnabled(row > 0)

    def _take_out(self) -> None:
        item = self.notes.currentItem()
        if item is None or self.notes.currentRow() == 0:
            return
        self.taken_out = str(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
