"""The backlog in the library window, driven by keys and mouse, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView, QTableWidget
from pytestqt.qtbot import QtBot

from app.core.backlog import IdeaStatus
from app.core.demo import build_demo_session
from app.core.session_ops import as_template
from app.core.types import FIRST_VERSION, ActionItem, ActionStatus, Session, new_id
from app.storage.repository import SessionRepository
from app.ui.backlog.page import BacklogPage
from app.ui.library.window import LibraryWindow
from app.ui.settings import AppSettings
from app.ui.workspace import Workspace
from tests.shared_rows import set_statuses_now

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 11, 23)


@pytest.fixture
def sessions(repository: SessionRepository) -> tuple[Session, Session]:
    demo = build_demo_session(date(2026, 10, 20))  # its actions fell due in early November
    repository.add_session(demo)
    later = as_template(demo, "Follow-up")
    repository.add_session(later)
    repository.actions.add_action(
        later.id,
        ActionItem(
            id=new_id(),
            title="Weekly digest for sales",
            owner_id=later.participants[1].id,
            due_date=date(2026, 12, 15),
        ),
    )
    return demo, later


@pytest.fixture
def library(
    qtbot: QtBot, settings: AppSettings, repository: SessionRepository, sessions: object
) -> LibraryWindow:
    window = LibraryWindow(settings)
    qtbot.addWidget(window)
    window.backlog._today = TODAY
    window.show()
    window.attach(Workspace(repository))
    qtbot.waitUntil(lambda: window.pages.tabText(1) == "Backlog · 3 overdue")
    return window


def search(qtbot: QtBot, page: BacklogPage, text: str) -> None:
    """Type into the search box and wait for the pause in typing that filters."""
    with qtbot.waitSignal(page.filters.changed):
        qtbot.keyClicks(page.filters.search_edit, text)


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def column_texts(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_ctrl_2_shows_every_action_with_the_overdue_ones_in_red(
    qtbot: QtBot, library: LibraryWindow
):
    qtbot.keyClick(library, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert library.pages.currentIndex() == 1 and library.backlog.isVisible()
    page = library.backlog
    table = page.actions_table
    assert table.model().rowCount() == 4
    assert page.tabs.tabText(0) == "Actions (4)"
    # Soonest due first; the three from October's session are late.
    assert column_texts(table, 4)[-1] == "15 Dec 2026"
    late = [row for row in range(4) if "overdue" in column_texts(table, 4)[row]]
    assert len(late) == 3
    assert table.model().index(late[0], 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#b42318"
    qtbot.mouseClick(page.overdue_button, Qt.MouseButton.LeftButton)
    assert table.model().rowCount() == 3
    qtbot.mouseClick(page.overdue_button, Qt.MouseButton.LeftButton)
    assert table.model().rowCount() == 4


def test_the_backlog_of_a_large_program_fits_a_1024_pixel_screen(library: LibraryWindow):
    library.show_backlog()
    page = library.backlog
    # A program's counts run to five digits (as the database counts them at 50,000 ideas).
    page.counts_label.setText(
        " · ".join(
            f"{label}\u00a0{count:,}"
            for label, count in (
                ("New", 15414),
                ("Shortlisted", 7671),
                ("Trying", 7683),
                ("Adopted", 7706),
                ("Dropped", 7526),
            )
        )
    )
    page.overdue_button.setText("⚠ 12,405 actions are overdue · show")
    assert library.minimumSizeHint().width() <= 1024
    assert library.backlog.filters.minimumSizeHint().width() < 960


def test_filters_by_text_person_status_and_date(
    qtbot: QtBot, library: LibraryWindow, sessions: tuple[Session, Session]
):
    library.show_backlog()
    page = library.backlog
    table = page.actions_table
    search(qtbot, page, "digest")
    assert column_texts(table, 0) == ["Weekly digest for sales"]
    page.filters.search_edit.clear()
    page.filters.person_combo.setFocus()
    jonas = sessions[1].participants[1].name
    while page.filters.person_combo.currentText() != jonas:
        qtbot.keyClick(page.filters.person_combo, Qt.Key.Key_Down)
    assert set(column_texts(table, 2)) == {jonas}
    page.filters.status_combo.setFocus()
    while page.filters.status_combo.currentText() != "Doing":
        qtbot.keyClick(page.filters.status_combo, Qt.Key.Key_Down)
    assert column_texts(table, 0) == []
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert table.model().rowCount() == 4
    qtbot.keyClicks(
        page.filters.from_edit, "1 Nov"
    )  # this November: only the follow-up, held today
    qtbot.keyClick(page.filters.from_edit, Qt.Key.Key_Return)
    assert column_texts(table, 0) == ["Weekly digest for sales"]
    page.filters.from_edit.clear()
    qtbot.keyClicks(page.filters.from_edit, "someday")
    qtbot.keyClick(page.filters.from_edit, Qt.Key.Key_Return)
    assert page.filters.problem_label.isVisible()
    assert page.filters.problem_label.text().startswith("“someday” is not a date")
    assert table.model().rowCount() == 1  # the last good filter stays


def test_one_click_moves_an_idea_on_and_it_is_kept(
    qtbot: QtBot,
    library: LibraryWindow,
    repository: SessionRepository,
    sessions: tuple[Session, Session],
):
    demo = sessions[0]
    window = library.sessions.open_session(demo.id)
    library.show_backlog()
    page = library.backlog
    page.tabs.setCurrentIndex(1)
    table = page.ideas_table
    search(qtbot, page, demo.notes[0].text)
    assert table.model().rowCount() == 1
    table.selectRow(0)
    qtbot.mouseClick(page.idea_buttons["shortlisted"], Qt.MouseButton.LeftButton)
    assert repository.actions.idea_statuses(demo.id) == {demo.notes[0].id: IdeaStatus.SHORTLISTED}
    qtbot.waitUntil(lambda: column_texts(table, 1) == ["Shortlisted"])
    assert window.document.actions.idea_status(demo.notes[0].id) is IdeaStatus.SHORTLISTED
    # Actions too: the open session window shows the new status at once.
    page.tabs.setCurrentIndex(0)
    page.filters.search_edit.clear()
    search(qtbot, page, demo.action_items[0].title)
    page.actions_table.selectRow(0)
    qtbot.mouseClick(page.action_buttons["done"], Qt.MouseButton.LeftButton)
    stored = repository.load_session(demo.id).action_items[0]
    assert stored.status is ActionStatus.DONE
    assert window.document.actions.action_items[0].status is ActionStatus.DONE
    qtbot.waitUntil(lambda: library.pages.tabText(1) == "Backlog · 2 overdue")


def test_recognition_counts_ideas_and_adoptions(
    qtbot: QtBot,
    library: LibraryWindow,
    repository: SessionRepository,
    sessions: tuple[Session, Session],
):
    demo = sessions[0]
    repository.actions.set_idea_status(demo.notes[0].id, IdeaStatus.ADOPTED, FIRST_VERSION)
    library.show_backlog()
    page = library.backlog
    page.tabs.setCurrentIndex(2)
    departments = page.recognition_view.departments
    rows = {
        cell(departments, row, 0): (cell(departments, row, 1), cell(departments, row, 2))
        for row in range(departments.rowCount())
    }
    author = next(p for p in demo.participants if p.id == demo.notes[0].author_id)
    assert rows[author.department][1] == "1"
    assert sum(int(ideas) for ideas, _ in rows.values()) == len(
        [n for n in demo.notes if not n.hidden]
    )
    assert cell(departments, 0, 0) == author.department  # most adopted first


def test_ctrl_z_in_the_library_takes_a_status_back_everywhere(
    qtbot: QtBot,
    library: LibraryWindow,
    repository: SessionRepository,
    sessions: tuple[Session, Session],
):
    demo = sessions[0]
    note = demo.notes[0]
    window = library.sessions.open_session(demo.id)
    library.activateWindow()
    qtbot.waitUntil(library.isActiveWindow)
    library.show_backlog()
    page = library.backlog
    page.tabs.setCurrentIndex(1)
    search(qtbot, page, note.text)
    page.ideas_table.selectRow(0)
    qtbot.mouseClick(page.idea_buttons["adopted"], Qt.MouseButton.LeftButton)
    assert repository.actions.idea_statuses(demo.id) == {note.id: IdeaStatus.ADOPTED}
    assert window.document.actions.idea_status(note.id) is IdeaStatus.ADOPTED
    assert library.undo.undo_action.text() == "&Undo Mark 1 idea as adopted"

    page.ideas_table.setFocus()
    qtbot.keyClick(page.ideas_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert repository.actions.idea_statuses(demo.id) == {}
    assert window.document.actions.idea_status(note.id) is IdeaStatus.NEW
    qtbot.waitUntil(lambda: column_texts(page.ideas_table, 1) == ["New"])
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.ideas_table, Qt.Key.Key_Z, shift_ctrl)
    assert repository.actions.idea_statuses(demo.id) == {note.id: IdeaStatus.ADOPTED}
    qtbot.waitUntil(lambda: column_texts(page.ideas_table, 1) == ["Adopted"])
    # The session window's own undo does not know the library's step.
    assert window.document.undo_stack.count() == 0


@pytest.mark.sqlite_only  # PostgreSQL enforces the checks a hand edit skips here
def test_rows_with_values_this_dotstorm_does_not_know_are_named_and_the_rest_listed(
    qtbot: QtBot,
    settings: AppSettings,
    repository: SessionRepository,
    sessions: tuple[Session, Session],
    db_path: Path,
):
    demo, later = sessions
    bad_action = demo.action_items[0]
    bad_idea = demo.notes[0]
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA ignore_check_constraints = ON")  # as a hand edit would
    connection.execute("UPDATE sessions SET status = 'bogus' WHERE id = ?", (later.id,))
    connection.execute("UPDATE action_items SET status = 'someday' WHERE id = ?", (bad_action.id,))
    connection.execute("UPDATE notes SET idea_status = 'maybe' WHERE id = ?", (bad_idea.id,))
    connection.commit()
    connection.close()
    window = LibraryWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.attach(Workspace(repository))
    assert [window.proxy.index(row, 0).data() for row in range(window.proxy.rowCount())] == [
        demo.title
    ]
    qtbot.waitUntil(window.contents.left_out_label.isVisible)  # a new child shows on the next turn
    assert window.contents.left_out_label.text().startswith(f"Left out: session {later.id[:8]}")
    assert "'bogus'" in window.contents.left_out_label.text()

    window.activateWindow()  # as on a desktop: the keys go to the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.backlog
    qtbot.waitUntil(page.left_out_label.isVisible)
    shown = page.left_out_label.text()
    assert shown.startswith(f"Left out: action {bad_action.id[:8]}") and "(and 1 more)" in shown
    # The other session's action is listed: its session's status is unknown, its own is not.
    listed = {entry.title for entry in page.actions_model.entries}
    assert page.actions_table.model().rowCount() == 3
    assert "Weekly digest for sales" in listed and bad_action.title not in listed
    assert page.ideas_model.entries == []  # read when it is looked at
    page.tabs.setCurrentIndex(1)
    ideas = {entry.id for entry in page.ideas_model.entries}
    assert bad_idea.id not in ideas and {n.id for n in demo.notes[1:4]} <= ideas


def test_an_outcome_recorded_in_the_backlog_is_one_library_undo_step(
    qtbot: QtBot,
    library: LibraryWindow,
    repository: SessionRepository,
    sessions: tuple[Session, Session],
    when_modal_opens,
):
    from app.core.types import Decision, OutcomeResult
    from app.ui.outcome_dialog import OutcomeDialog

    demo, _ = sessions
    action = next(a for a in demo.action_items if a.source_note_id)
    document = library.workspace.open_document(demo.id)  # an open session follows it
    assert action.source_note_id is not None
    idea_before = repository.actions.idea_statuses(demo.id).get(action.source_note_id)
    library.show_backlog()
    page = library.backlog
    table = page.actions_table
    row = next(
        r for r in range(table.model().rowCount()) if column_texts(table, 0)[r] == action.title
    )
    table.selectRow(row)
    assert page.outcome_button.isEnabled()
    answered: list[bool] = []

    def drop_it(dialog) -> None:
        assert isinstance(dialog, OutcomeDialog)
        qtbot.keyClick(dialog.result_combo, Qt.Key.Key_Down)  # Did not work
        dialog.decision_combo.setFocus()
        for _ in range(3):
            qtbot.keyClick(dialog.decision_combo, Qt.Key.Key_Down)  # Drop
        qtbot.keyClick(dialog.decision_combo, Qt.Key.Key_Return)
        answered.append(True)

    when_modal_opens(drop_it)
    qtbot.mouseClick(page.outcome_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: answered == [True])
    stored = next(a for a in repository.actions.action_items(demo.id) if a.id == action.id)
    assert stored.outcome is not None
    assert (stored.outcome.result, stored.outcome.decision) == (
        OutcomeResult.DID_NOT_WORK,
        Decision.DROP,
    )
    assert stored.status is ActionStatus.DONE
    assert repository.actions.idea_statuses(demo.id)[action.source_note_id] is IdeaStatus.DROPPED
    assert document.actions.action_item(action.id) == stored
    assert document.actions.idea_status(action.source_note_id) is IdeaStatus.DROPPED
    outcome_column = len(page.actions_model.columns) - 1
    assert "Did not work, drop" in column_texts(table, outcome_column)

    library.workspace.undo_stack.undo()
    back = next(a for a in repository.actions.action_items(demo.id) if a.id == action.id)
    assert back == action and document.actions.action_item(action.id) == action
    assert repository.actions.idea_statuses(demo.id).get(action.source_note_id) == idea_before


def test_a_status_another_laptop_changed_is_refused_and_the_current_one_shown(
    qtbot: QtBot, library: LibraryWindow, db_url: str, sessions: tuple[Session, Session]
):
    import sys

    from app.storage.database import open_database
    from app.ui.error_reporting import install_exception_hook

    demo = sessions[0]
    action = demo.action_items[0]
    library.show_backlog()
    page = library.backlog
    page.tabs.setCurrentIndex(0)
    search(qtbot, page, action.title)
    page.actions_table.selectRow(0)
    other_laptop = open_database(db_url)
    try:
        set_statuses_now(SessionRepository(other_laptop.engine), {action.id: ActionStatus.DROPPED})
    finally:
        other_laptop.close()
    previous = install_exception_hook(library.recover_from_error)
    try:
        qtbot.mouseClick(page.action_buttons["done"], Qt.MouseButton.LeftButton)
    finally:
        sys.excepthook = previous
    assert library.banner.text() == (
        "Your last change was not saved: This action was changed on another laptop since "
        "you read it; here is the current version. Everything before it is saved."
    )
    qtbot.waitUntil(lambda: column_texts(page.actions_table, 1) == ["Dropped"])
    assert library.workspace.undo_stack.count() == 0


def test_typing_a_word_filters_once_after_the_pause(qtbot: QtBot, library: LibraryWindow):
    library.show_backlog()
    page = library.backlog
    filtered: list[bool] = []
    page.filters.changed.connect(lambda: filtered.append(True))
    search(qtbot, page, "digest")
    assert filtered == [True]  # one query for the word, not one a letter
    assert column_texts(page.actions_table, 0) == ["Weekly digest for sales"]


def test_a_long_backlog_is_read_a_page_at_a_time_and_sorted_by_the_query(
    qtbot: QtBot, library: LibraryWindow, repository: SessionRepository
):
    from dataclasses import replace

    from app.storage.backlog_query import PAGE_SIZE

    demo = build_demo_session(date(2026, 11, 2))
    base = as_template(demo, "Many ideas")
    note = replace(demo.notes[0], merged_into=None, builds_on=None, cluster_id=None, phase_id=None)
    many = tuple(
        replace(note, id=new_id(), text=f"Idea number {n:03d}", x=note.x + n, author_id=None)
        for n in range(PAGE_SIZE + 50)
    )
    repository.add_session(replace(base, notes=many))
    library.show_backlog()
    page = library.backlog
    page.tabs.setCurrentIndex(1)
    search(qtbot, page, "Idea number")
    table, model = page.ideas_table, page.ideas_model
    header = table.horizontalHeader()
    idea_header = QPoint(header.sectionViewportPosition(0) + 5, 5)
    for first in ("Idea number 000", f"Idea number {PAGE_SIZE + 49}"):  # up, then down
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=idea_header)
        assert column_texts(table, 0)[0] == first  # the query sorted, not the rows read
    shown = int(page.tabs.tabText(1).split("(")[1].split()[0])  # "Ideas (250 of 280)"
    assert model.rowCount() == PAGE_SIZE < shown  # the count is the database's, not the rows'
    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)
    while model.canFetchMore():
        model.fetchMore()
    texts = column_texts(table, 0)
    assert len(texts) == shown == len(set(texts))
    assert texts == sorted(texts, key=str.lower, reverse=True)
