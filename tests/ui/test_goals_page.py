"""The goals page (Ctrl+3): a goal's number over time, recorded and edited from the keyboard."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.core.session_ops import as_template
from app.core.types import Goal, MetricReading, new_id
from app.storage.repository import SessionRepository
from app.ui.goals.dialog import GoalDialog
from app.ui.library.window import LibraryWindow
from app.ui.settings import AppSettings
from app.ui.workspace import Workspace

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 12, 1)
GOAL = Goal(
    id=new_id(),
    title="Order to delivery: one day faster",
    metric="median order-to-delivery time",
    unit="days",
    baseline=4.2,
    target=3.2,
)


@pytest.fixture
def library(qtbot: QtBot, settings: AppSettings, repository: SessionRepository) -> LibraryWindow:
    demo = replace(build_demo_session(date(2026, 9, 14)), goal_record=GOAL)
    repository.add_session(demo)
    other = replace(as_template(demo, "Support sprint"), goal="Fewer repeat tickets")
    repository.add_session(replace(other, goal_record=None))
    repository.goals.add_reading(MetricReading(new_id(), GOAL.id, date(2026, 9, 1), 4.3))
    window = LibraryWindow(settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.attach(Workspace(repository))
    window.goals._today = TODAY
    return window


def open_goal(qtbot: QtBot, library: LibraryWindow, title: str) -> None:
    library.activateWindow()  # offscreen Qt does not hand activation back after a dialog
    qtbot.waitUntil(library.isActiveWindow)
    qtbot.keyClick(library, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = library.goals
    assert library.pages.currentIndex() == 2 and page.list.hasFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Home)
    for _ in range(page.list.count()):
        if page.title_label.text() == title:
            return
        qtbot.keyClick(page.list, Qt.Key.Key_Down)
    assert page.title_label.text() == title


def test_ctrl_3_lists_every_goal_with_what_its_sessions_did(qtbot: QtBot, library: LibraryWindow):
    open_goal(qtbot, library, GOAL.title)
    page = library.goals
    assert page.list.count() == 2  # the template's own goal became a record as well
    assert "2 sessions" not in page.facts_label.text()
    assert (
        "1 session" in page.facts_label.text() and "baseline 4.2 days" in page.facts_label.text()
    )
    assert "latest 4.3 days on 1 Sep 2026" in page.facts_label.text()
    assert page.chart.description.startswith("median order-to-delivery time: 1 value, ")
    assert "4.3 days" in page.chart.description
    assert "Ideas by department" in page.credit_label.text()


def test_a_value_recorded_from_the_keyboard_is_stored_and_undone(
    qtbot: QtBot, library: LibraryWindow, repository: SessionRepository
):
    open_goal(qtbot, library, GOAL.title)
    page = library.goals
    page.date_edit.setFocus()
    qtbot.keyClicks(page.date_edit, "28 nov")
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.value_edit, "3,6")
    qtbot.keyClick(page.value_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.note_edit, "after the checklist")
    qtbot.keyClick(page.note_edit, Qt.Key.Key_Return)
    readings = repository.goals.readings(GOAL.id)
    assert [(r.measured_on, r.value, r.note) for r in readings][-1] == (
        date(2026, 11, 28),
        3.6,
        "after the checklist",
    )
    assert "latest 3.6 days on 28 Nov 2026" in page.facts_label.text()
    assert page.value_edit.hasFocus() and page.value_edit.text() == ""
    page.list.setFocus()  # in a text field Ctrl+Z undoes the typing, as everywhere
    qtbot.keyClick(page.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(repository.goals.readings(GOAL.id)) == 1
    page.value_edit.setFocus()
    # A value that is not a number is refused in one sentence, and nothing is stored.
    qtbot.keyClicks(page.value_edit, "eleven")
    qtbot.keyClick(page.value_edit, Qt.Key.Key_Return)
    assert page.problem_label.text() == "The value must be a number, e.g. 14 or 8.5."
    assert len(repository.goals.readings(GOAL.id)) == 1


def test_edit_archive_and_merge_are_library_undo_steps(
    qtbot: QtBot,
    library: LibraryWindow,
    repository: SessionRepository,
    when_modal_opens,
):
    open_goal(qtbot, library, GOAL.title)
    page = library.goals
    edited: list[bool] = []

    def edit(dialog) -> None:
        assert isinstance(dialog, GoalDialog)
        dialog.owner_edit.setFocus()
        qtbot.keyClicks(dialog.owner_edit, "Maya Chen")
        dialog.target_edit.selectAll()
        qtbot.keyClicks(dialog.target_edit, "3")
        qtbot.keyClick(dialog.target_edit, Qt.Key.Key_Return)
        edited.append(True)

    when_modal_opens(edit)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: edited == [True])
    stored = repository.goals.goal(GOAL.id)
    assert (stored.owner, stored.target) == ("Maya Chen", 3.0)
    assert "target 3 days" in page.facts_label.text()

    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert repository.goals.goal(GOAL.id).archived and page.archived_check.isChecked()
    library.workspace.undo_stack.undo()
    assert not repository.goals.goal(GOAL.id).archived

    other = next(g for g in repository.goals.all_goals() if g.id != GOAL.id)
    merged: list[bool] = []

    def choose(dialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(GOAL.title)
        dialog.accept()
        merged.append(True)

    open_goal(qtbot, library, other.title)
    when_modal_opens(choose)
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: merged == [True])
    assert [g.id for g in repository.goals.all_goals()] == [GOAL.id]
    assert len(repository.goals.sessions_of_goal(GOAL.id)) == 2
    library.workspace.undo_stack.undo()
    assert sorted(g.title for g in repository.goals.all_goals()) == sorted(
        [GOAL.title, other.title]
    )
    assert len(repository.goals.sessions_of_goal(other.id)) == 1
    library.workspace.undo_stack.undo()  # the edit
    assert repository.goals.goal(GOAL.id).owner == ""


def test_an_open_session_shows_its_goal_as_edited_in_the_library(
    qtbot: QtBot, library: LibraryWindow, repository: SessionRepository, when_modal_opens
):
    demo = next(s for s in repository.list_sessions() if s.goal_id == GOAL.id)
    window = library.sessions.open_session(demo.id)
    try:
        goal_label = window.header.goal_label
        assert "target 3.2 days" in goal_label.text()
        open_goal(qtbot, library, GOAL.title)
        edited: list[bool] = []

        def edit(dialog) -> None:
            assert isinstance(dialog, GoalDialog)
            dialog.target_edit.selectAll()
            qtbot.keyClicks(dialog.target_edit, "2.5")
            qtbot.keyClick(dialog.target_edit, Qt.Key.Key_Return)
            edited.append(True)

        when_modal_opens(edit)
        qtbot.mouseClick(library.goals.edit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: edited == [True])
        assert "target 2.5 days" in goal_label.text()  # the room sees it at once
        library.workspace.undo_stack.undo()
        assert "target 3.2 days" in goal_label.text()
    finally:
        library.sessions.close_session_windows()


def test_the_report_button_writes_the_one_page_pdf(
    qtbot: QtBot, library: LibraryWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    target = tmp_path / "goal.pdf"
    monkeypatch.setattr("app.ui.dialogs.ask_save_path", lambda *args: target)
    open_goal(qtbot, library, GOAL.title)
    qtbot.mouseClick(library.goals.report_button, Qt.MouseButton.LeftButton)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert GOAL.title in text and "baseline 4.2 days" in text
    assert "Wrote the goal report" in library.statusBar().currentMessage()


def test_a_goals_page_out_of_sight_reads_nothing_until_it_is_shown(
    qtbot: QtBot, library: LibraryWindow, repository: SessionRepository, monkeypatch
):
    open_goal(qtbot, library, GOAL.title)
    reads: list[date] = []
    original = repository.goals.goal_overviews

    def counted(today: date, **kwargs: bool):
        reads.append(today)
        return original(today, **kwargs)

    monkeypatch.setattr(repository.goals, "goal_overviews", counted)
    qtbot.keyClick(library, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # sessions
    for _ in range(5):  # as five notes captured in an open session say
        library.workspace.backlog_changed.emit()
    assert reads == []
    qtbot.keyClick(library, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert len(reads) == 1


def test_the_first_ctrl_3_reads_the_goals_and_the_report_once(
    qtbot: QtBot, settings: AppSettings, repository: SessionRepository, monkeypatch
):
    repository.add_session(replace(build_demo_session(date(2026, 9, 14)), goal_record=GOAL))
    reads = count_reads(repository, monkeypatch)
    window = LibraryWindow(settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.attach(Workspace(repository))
    assert reads == []  # the goals page is not even built
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.goals.title_label.text() == GOAL.title
    assert reads == ["overviews", "report"]


def test_searching_the_goals_filters_what_was_read(
    qtbot: QtBot, library: LibraryWindow, repository: SessionRepository, monkeypatch
):
    open_goal(qtbot, library, "Fewer repeat tickets")
    reads = count_reads(repository, monkeypatch)
    page = library.goals
    qtbot.keyClicks(page.search_edit, "order")
    assert page.list.count() == 1 and page.title_label.text() == GOAL.title
    assert reads == ["report"]  # the goal shown changed once; nothing else was read
    page.search_edit.clear()
    assert page.list.count() == 2 and page.title_label.text() == GOAL.title
    assert reads == ["report"]


def count_reads(repository: SessionRepository, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the goals' reads from now on, in order (overviews, report)."""
    reads: list[str] = []
    goals = repository.goals
    overviews, report = goals.goal_overviews, goals.goal_report

    def counted_overviews(today: date, **kwargs: bool) -> object:
        reads.append("overviews")
        return overviews(today, **kwargs)

    def counted_report(goal_id: str, today: date) -> object:
        reads.append("report")
        return report(goal_id, today)

    monkeypatch.setattr(goals, "goal_overviews", counted_overviews)
    monkeypatch.setattr(goals, "goal_report", counted_report)
    return reads
