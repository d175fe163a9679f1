"""The side panel of a session window: people by department, and the agenda."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.agenda import PHASE_KIND_LABELS, format_duration
from app.core.format_helpers import counted
from app.core.types import Participant, Role
from app.ui.document import SessionDocument


class SessionPanel(QScrollArea):
    """Who is in the room and what the agenda is; redrawn from the document."""

    def __init__(self, document: SessionDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(260)
        self.setObjectName("SessionPanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # F6 comes here; arrows scroll it
        document.agenda_changed.connect(self.refresh)
        document.reloaded.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the panel's contents."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(_label("People", "SectionTitle"))
        colors = self.document.department_colors()
        groups = self.document.people_by_department()
        if not groups:
            layout.addWidget(_label("No participants yet.", "EmptyState"))
        for department, people in groups.items():
            layout.addWidget(
                _department_card(department, people, colors.get(department, "#E3E3E3"))
            )
        layout.addWidget(_label("Agenda", "SectionTitle"))
        session = self.document.session
        current = self.document.current_phase
        for phase in session.phases:
            title = phase.title or PHASE_KIND_LABELS[phase.kind]
            marker = "▶" if current is not None and phase.id == current.id else "  "
            row = _label(
                f"{marker} {format_duration(phase.planned_seconds):>5}  {title}", "PersonName"
            )
            row.setToolTip(PHASE_KIND_LABELS[phase.kind])
            layout.addWidget(row)
        total = sum(phase.planned_seconds for phase in session.phases)
        layout.addWidget(
            _label(
                f"{counted(len(session.phases), 'phase')}, {format_duration(total)} in all"
                if session.phases
                else "No agenda yet.",
                "PageSubtitle",
            )
        )
        layout.addStretch()
        self.setWidget(page)


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _department_card(department: str, people: list[Participant], color: str) -> QFrame:
    card = QFrame()
    card.setObjectName("DepartmentCard")
    card.setStyleSheet(f"QFrame#DepartmentCard {{ border-left: 8px solid {color}; }}")
    layout = QVBoxLayout(card)
    layout.setSpacing(2)
    layout.addWidget(_label(department or "No department", "DepartmentName"))
    for person in people:
        suffix = "  (facilitator)" if person.role is Role.FACILITATOR else ""
        layout.addWidget(_label(person.name + suffix, "PersonName"))
    return card
