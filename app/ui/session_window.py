"""The window of one open session: goal, question, people and agenda, big enough to project."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.agenda import PHASE_KIND_LABELS, format_duration
from app.core.types import Participant, Role
from app.ui.session_document import SessionDocument
from app.ui.settings import AppSettings

PEOPLE_COLUMNS = 4


class SessionWindow(QMainWindow):
    """Shows one session; later issues add the board, timer and voting to it."""

    def __init__(self, document: SessionDocument, settings: AppSettings) -> None:
        super().__init__()
        self.document = document
        self._settings = settings
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1280, 720)

        self.title_label = QLabel()
        self.title_label.setObjectName("PageSubtitle")
        self.goal_label = QLabel()
        self.goal_label.setObjectName("Goal")
        self.goal_label.setWordWrap(True)
        self.question_label = QLabel()
        self.question_label.setObjectName("Question")
        self.question_label.setWordWrap(True)
        for label in (self.title_label, self.goal_label, self.question_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.people_grid = QGridLayout()
        self.people_grid.setSpacing(12)
        self.agenda_list = QVBoxLayout()
        self.agenda_list.setSpacing(4)
        self.agenda_total = QLabel()
        self.agenda_total.setObjectName("PageSubtitle")

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title_label)
        layout.addWidget(self.question_label)
        layout.addWidget(self.goal_label)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        people_column = QVBoxLayout()
        people_column.addWidget(_section_title("People"))
        people_column.addLayout(self.people_grid)
        people_column.addStretch()
        agenda_column = QVBoxLayout()
        agenda_column.addWidget(_section_title("Agenda"))
        agenda_column.addLayout(self.agenda_list)
        agenda_column.addWidget(self.agenda_total)
        agenda_column.addStretch()
        columns.addLayout(people_column, 3)
        columns.addLayout(agenda_column, 1)
        layout.addLayout(columns)
        layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.setCentralWidget(scroll)

        self._build_menus()
        document.reloaded.connect(self.refresh)
        self.refresh()
        settings.restore_geometry(self, "session_window")

    def _build_menus(self) -> None:
        session_menu = self.menuBar().addMenu("&Session")
        close = QAction("&Close", self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        session_menu.addAction(close)
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self.statusBar().showMessage("Every change is saved as you make it.")

    def refresh(self) -> None:
        """Redraw everything from the document's session."""
        session = self.document.session
        self.setWindowTitle(f"{session.title} — Dotstorm")
        self.title_label.setText(session.title)
        self.question_label.setText(session.question or "No question set yet.")
        self.goal_label.setText(f"Goal: {session.goal}" if session.goal else "")
        self.goal_label.setVisible(bool(session.goal))
        _clear(self.people_grid)
        colors = self.document.department_colors()
        groups = self.document.people_by_department()
        if not groups:
            empty = QLabel("No participants yet.")
            empty.setObjectName("EmptyState")
            self.people_grid.addWidget(empty, 0, 0)
        for number, (department, people) in enumerate(groups.items()):
            card = _department_card(department, people, colors.get(department, "#E3E3E3"))
            self.people_grid.addWidget(card, number // PEOPLE_COLUMNS, number % PEOPLE_COLUMNS)
        _clear(self.agenda_list)
        for phase in session.phases:
            kind = PHASE_KIND_LABELS[phase.kind]
            title = phase.title or kind
            suffix = "" if title.casefold() == kind.casefold() else f"  ·  {kind}"
            row = QLabel(f"{format_duration(phase.planned_seconds):>6}   {title}{suffix}")
            row.setTextFormat(Qt.TextFormat.PlainText)
            row.setObjectName("PersonName")
            self.agenda_list.addWidget(row)
        total = sum(phase.planned_seconds for phase in session.phases)
        self.agenda_total.setText(
            f"{len(session.phases)} phases, {format_duration(total)} in all"
            if session.phases
            else "No agenda yet."
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember where the window was."""
        self._settings.save_geometry(self, "session_window")
        super().closeEvent(event)


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("SectionTitle")
    return label


def _department_card(department: str, people: list[Participant], color: str) -> QFrame:
    card = QFrame()
    card.setObjectName("DepartmentCard")
    card.setStyleSheet(f"QFrame#DepartmentCard {{ border-top: 8px solid {color}; }}")
    layout = QVBoxLayout(card)
    heading = QLabel(department or "No department")
    heading.setObjectName("DepartmentName")
    heading.setTextFormat(Qt.TextFormat.PlainText)
    layout.addWidget(heading)
    for person in people:
        suffix = "  (facilitator)" if person.role is Role.FACILITATOR else ""
        name = QLabel(person.name + suffix)
        name.setObjectName("PersonName")
        name.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(name)
    layout.addStretch()
    return card


def _clear(layout: QGridLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
