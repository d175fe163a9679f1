"""The session window shows the goal, the question, the people and the agenda."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.core.session_format import parse_session_file
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.conftest import EXAMPLE_FILE
from tests.ui.windows import open_session


def label_texts(window: SessionWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible()]


def test_goal_question_people_and_agenda(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
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
    window = open_session(qtbot, repository, settings, session.id)
    assert window.header.question_label.text() == "<b>How</b> might we & <i>why</i>?"
    assert not window.header.goal_label.isVisible()
    texts = label_texts(window)
    assert "No participants yet." in texts
    assert "No agenda yet." in texts


SCREEN_WIDTH, SCREEN_HEIGHT = 1280, 720
WINDOW_FRAME = 40  # a title bar and borders, as a desktop's window manager adds


def test_the_window_fits_a_projector_with_every_panel_open_and_clips_nothing(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    from itertools import product

    from PySide6.QtWidgets import QWidget

    from app.core.demo import build_demo_session

    demo = build_demo_session()
    repository.add_session(demo)
    window = open_session(qtbot, repository, settings, demo.id)
    window.actions_controller.make_action_from_note(next(iter(window.document.board.notes)))
    for people, actions, similar, voting in product((True, False), repeat=4):
        window.panel_action.setChecked(people)
        window.actions_dock.setVisible(actions)
        window.similar_dock.setVisible(similar)
        if voting:
            window.voting_controller.show_voting()
        else:
            window.voting_controller.show_board()
        # On the projector's screen first: the question's lines depend on the width.
        window.resize(SCREEN_WIDTH, SCREEN_HEIGHT - WINDOW_FRAME)
        qtbot.wait(1)
        hint = window.minimumSizeHint()
        combination = f"people={people} actions={actions} similar={similar} voting={voting}"
        assert hint.width() <= SCREEN_WIDTH, combination
        assert hint.height() <= SCREEN_HEIGHT - WINDOW_FRAME, combination
        window.resize(hint)
        qtbot.wait(1)
        squeezed = [
            child.objectName() or type(child).__name__
            for child in window.findChildren(QWidget)
            if child.isVisible()
            and child.width() < child.minimumSizeHint().width()
            and child.minimumWidth() == 0
        ]
        assert squeezed == [], combination


def test_the_timer_keeps_its_width_and_shows_every_time_whole(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    from PySide6.QtGui import QFontMetricsF

    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    digits = window.timer_widget.digits
    width = digits.width()
    for shown in ("0:05", "9:52", "59:59", "+88:88"):
        digits.setText(shown)
        assert digits.font().pixelSize() == 40
        metrics = QFontMetricsF(digits.font())
        assert digits.width() == width
        assert metrics.horizontalAdvance(shown) <= digits.contentsRect().width()
