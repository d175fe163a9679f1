"""The session window shows the goal, the question, the people and the agenda."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.core.session_format import parse_session_file
from app.storage.repository import SessionRepository
from app.ui.document import SessionDocument
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.conftest import EXAMPLE_FILE


def open_window(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, session_id: str
):
    document = SessionDocument(repository, session_id)
    window = SessionWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def label_texts(window: SessionWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible()]


def test_goal_question_people_and_agenda(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(session)
    window = open_window(qtbot, repository, settings, session.id)
    assert window.windowTitle() == "Fewer repeat support tickets — Dotstorm"
    assert (
        window.header.question_label.text()
        == "How might we halve repeat support tickets this quarter?"
    )
    assert window.header.goal_label.text() == "Goal: Be the easiest supplier to work with"
    texts = label_texts(window)
    for department in ("Operations", "Sales", "Customer Support", "Engineering"):
        assert department in texts
    assert "Maya Chen  (facilitator)" in texts
    assert "4 phases, 33:00 in all" in texts
    stripped = [text.strip() for text in texts]
    assert "8:00  Silent ideas" in stripped
    assert "10:00  Actions" in stripped
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.capture_bar.idea_edit.hasFocus()
    assert window.document.undo_stack.isClean()
    assert window.document.undo_stack.count() == 0


def test_text_is_shown_exactly_as_typed(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = replace(
        parse_session_file(EXAMPLE_FILE.read_bytes()),
        question="<b>How</b> might we & <i>why</i>?",
        goal="",
        participants=(),
        phases=(),
        notes=(),
        vote_rounds=(),
        action_items=(),
    )
    repository.add_session(session)
    window = open_window(qtbot, repository, settings, session.id)
    assert window.header.question_label.text() == "<b>How</b> might we & <i>why</i>?"
    assert not window.header.goal_label.isVisible()
    texts = label_texts(window)
    assert "No participants yet." in texts
    assert "No agenda yet." in texts
