"""The actions panel, driven by keys and mouse, checked against the database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.backlog import IdeaStatus
from app.core.session_ops import build_session
from app.core.types import ActionStatus, NewSessionSpec, PhaseKind, Session
from app.storage.repository import SessionRepository
from app.ui.actions.commands import AddActionCommand, UpdateActionCommand
from app.ui.actions.panel import action_title_from_note
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.ui.board_helpers import drag, point_of, type_idea
from tests.ui.windows import open_session

SPEC = NewSessionSpec(
    title="Faster onboarding",
    goal="Customers live within a week",
    question="How might we halve onboarding time?",
    facilitator="Maya Chen",
    participants=(("Maya Chen", "Operations"), ("Jonas Weber", "Sales")),
    phases=((PhaseKind.IDEATE, "Ideate", 600), (PhaseKind.ACTIONS, "Actions", 600)),
)
TODAY = date(2026, 11, 23)


@pytest.fixture
def session(repository: SessionRepository) -> Session:
    made = build_session(SPEC)
    repository.add_session(made)
    return made


@pytest.fixture
def window(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, session: Session
) -> SessionWindow:
    opened = open_session(qtbot, repository, settings, session.id)
    opened.actions_dock.panel._today = TODAY
    return opened


def focused() -> object:
    return QApplication.focusWidget()


def open_panel(qtbot: QtBot, window: SessionWindow) -> None:
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(window.actions_dock.isVisible)
    panel = window.actions_dock.panel
    qtbot.waitUntil(panel.title_edit.hasFocus)


def test_tab_through_the_fields_and_enter_adds_the_next_action(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, session: Session
):
    panel = window.actions_dock.panel
    open_panel(qtbot, window)
    qtbot.keyClicks(panel.title_edit, "Welcome call on day one")
    qtbot.keyClick(panel.title_edit, Qt.Key.Key_Tab)
    assert focused() is panel.owner_combo
    # The title alone makes it an action, stored at once.
    assert [a.title for a in repository.load_session(session.id).action_items] == [
        "Welcome call on day one"
    ]
    qtbot.keyClick(panel.owner_combo, Qt.Key.Key_Down)  # Maya Chen
    qtbot.keyClick(panel.owner_combo, Qt.Key.Key_Down)  # Jonas Weber
    qtbot.keyClick(panel.owner_combo, Qt.Key.Key_Tab)
    assert focused() is panel.due_edit
    qtbot.keyClicks(panel.due_edit, "fri")
    qtbot.keyClick(panel.due_edit, Qt.Key.Key_Tab)
    assert panel.due_edit.text() == "Fri 27 Nov 2026"
    assert focused() is panel.status_combo
    qtbot.keyClick(panel.status_combo, Qt.Key.Key_Down)  # Doing
    qtbot.keyClick(panel.status_combo, Qt.Key.Key_Tab)
    assert focused() is panel.hypothesis_edit
    qtbot.keyClicks(panel.hypothesis_edit, "New customers feel looked after")
    qtbot.keyClick(panel.hypothesis_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.metric_edit, "Time to first order")
    qtbot.keyClick(panel.metric_edit, Qt.Key.Key_Return)
    (action,) = repository.load_session(session.id).action_items
    jonas = session.participants[1]
    assert (action.owner_id, action.due_date, action.status) == (
        jonas.id,
        date(2026, 11, 27),
        ActionStatus.DOING,
    )
    assert (action.hypothesis, action.success_metric) == (
        "New customers feel looked after",
        "Time to first order",
    )
    # Enter started the next one: an empty form, the cursor in its title.
    assert panel.current_id is None and panel.title_edit.text() == ""
    assert focused() is panel.title_edit
    qtbot.keyClicks(panel.title_edit, "Checklist in the contract")
    qtbot.keyClick(panel.title_edit, Qt.Key.Key_Return)
    titles = [a.title for a in repository.load_session(session.id).action_items]
    assert titles == ["Welcome call on day one", "Checklist in the contract"]
    assert panel.list.count() == 2
    assert panel.heading.text() == "2 actions"


def test_every_change_is_an_undo_step_and_bad_input_changes_nothing(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, session: Session
):
    panel = window.actions_dock.panel
    open_panel(qtbot, window)
    qtbot.keyClicks(panel.title_edit, "Call back within a day")
    qtbot.keyClick(panel.title_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(panel.owner_combo, Qt.Key.Key_Tab)
    messages: list[str] = []
    panel.message.connect(messages.append)
    qtbot.keyClicks(panel.due_edit, "someday")
    qtbot.keyClick(panel.due_edit, Qt.Key.Key_Tab)
    assert messages and messages[-1].startswith("“someday” is not a date")
    assert repository.load_session(session.id).action_items[0].due_date is None
    assert focused() is panel.due_edit and panel.due_edit.selectedText() == "someday"
    qtbot.keyClick(panel.due_edit, Qt.Key.Key_Return)  # Enter does not move on either
    assert focused() is panel.due_edit
    qtbot.keyClicks(panel.due_edit, "+7")  # replaces the selected text
    qtbot.keyClick(panel.due_edit, Qt.Key.Key_Tab)
    assert repository.load_session(session.id).action_items[0].due_date == date(2026, 11, 30)
    # Ctrl+Z in a field with text undoes the typing; on the board it is the window's.
    window.view.setFocus()
    undo = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    redo = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, *undo)  # the date
    assert repository.load_session(session.id).action_items[0].due_date is None
    qtbot.keyClick(window.view, *undo)  # the action itself
    assert repository.load_session(session.id).action_items == ()
    assert panel.list.count() == 0 and panel.current_id is None
    qtbot.keyClick(window.view, *redo)
    qtbot.keyClick(window.view, *redo)
    assert repository.load_session(session.id).action_items[0].due_date == date(2026, 11, 30)
    # Emptying the title of a stored action keeps the old one.
    panel.list.setCurrentRow(0)
    panel.title_edit.setFocus()
    panel.title_edit.selectAll()
    qtbot.keyClick(panel.title_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(panel.title_edit, Qt.Key.Key_Tab)
    assert messages[-1] == "An action needs a title; the old one is kept."
    assert panel.title_edit.text() == "Call back within a day"
    assert repository.load_session(session.id).action_items[0].title == "Call back within a day"
    # Delete, then undo: back in its place.
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert repository.load_session(session.id).action_items == ()
    window.view.setFocus()
    qtbot.keyClick(window.view, *undo)
    assert len(repository.load_session(session.id).action_items) == 1


def test_make_an_action_from_a_note_shows_it_on_the_board_and_tries_the_idea(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, session: Session
):
    type_idea(qtbot, window, "Welcome call on day one")
    note_id = next(iter(window.document.board.notes))
    window.scene.select_notes([note_id])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.actions_dock.isVisible)
    (action,) = repository.load_session(session.id).action_items
    assert (action.title, action.source_note_id) == ("Welcome call on day one", note_id)
    assert repository.actions.idea_statuses(session.id) == {note_id: IdeaStatus.TRYING}
    assert window.scene.note_items[note_id].action_label == "Welcome call on day one"
    assert window.actions_dock.panel.source_label.text().startswith("From the note:")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert repository.load_session(session.id).action_items == ()
    assert repository.actions.idea_statuses(session.id) == {}
    assert window.scene.note_items[note_id].action_label == ""


def test_deleting_and_bringing_back_the_note_does_not_stop_the_action_from_being_undone(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, session: Session
):
    """The note (and its idea's status) comes back at a new version, holding its state."""
    type_idea(qtbot, window, "Welcome call on day one")
    note_id = next(iter(window.document.board.notes))
    window.scene.select_notes([note_id])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # action
    qtbot.waitUntil(window.actions_dock.isVisible)
    window.scene.select_notes([note_id])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)  # the note goes
    assert note_id not in window.document.board.notes
    for _ in range(2):  # the note back, then the action undone
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.banner.isVisible()
    assert repository.load_session(session.id).action_items == ()
    assert repository.actions.idea_statuses(session.id) == {}  # back to new, with its note
    assert note_id in window.document.board.notes


def test_a_title_from_a_note_is_its_first_line_cut_to_a_title():
    assert action_title_from_note("  Welcome call\nby the account manager") == "Welcome call"
    assert len(action_title_from_note("x" * 2000)) == 200


def test_reaching_the_actions_phase_opens_the_panel_and_overdue_shows_in_red(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, session: Session
):
    from dataclasses import replace

    from app.core.types import ActionItem, new_id

    assert not window.actions_dock.isVisible()
    late = ActionItem(id=new_id(), title="Late one", due_date=date(2026, 11, 1))
    document = window.document
    document.undo_stack.push(AddActionCommand(document, late))
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(window.actions_dock.isVisible)
    panel = window.actions_dock.panel
    assert panel.heading.text() == "1 action · 1 overdue"
    row = panel.list.item(0)
    assert "overdue since 01 Nov" in row.text()
    assert row.foreground().color().name() == "#b42318"
    stored = document.actions.action_item(late.id)
    assert stored is not None
    document.undo_stack.push(
        UpdateActionCommand(document, stored, replace(stored, status=ActionStatus.DONE))
    )
    assert panel.heading.text() == "1 action"


def test_dragging_a_note_onto_the_panel_makes_an_action_and_leaves_the_note_in_place(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, session: Session
):
    type_idea(qtbot, window, "Checklist in the contract")
    note_id = next(iter(window.document.board.notes))
    before = window.document.board.notes[note_id]
    open_panel(qtbot, window)
    item = window.scene.note_items[note_id]
    window.view.ensureVisible(item)
    panel = window.actions_dock.panel
    viewport = window.view.viewport()
    start = point_of(window, item)
    end = viewport.mapFromGlobal(panel.list.mapToGlobal(panel.list.rect().center()))
    assert not viewport.rect().contains(end)
    drag(qtbot, window, start, end, steps=10)
    qtbot.waitUntil(lambda: bool(repository.load_session(session.id).action_items))
    (action,) = repository.load_session(session.id).action_items
    assert (action.title, action.source_note_id) == ("Checklist in the contract", note_id)
    stored = next(n for n in repository.load_session(session.id).notes if n.id == note_id)
    assert (stored.x, stored.y) == (before.x, before.y)
    assert (item.pos().x(), item.pos().y()) == (before.x, before.y)
    # A drag that ends anywhere else on the board is still an ordinary move.
    drag(qtbot, window, point_of(window, item), point_of(window, item, 30, 0))
    assert window.document.board.notes[note_id].x == before.x + 30


def test_an_outcome_is_recorded_from_the_keyboard_and_its_decision_moves_the_idea(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    session: Session,
    when_modal_opens,
):
    from app.core.types import Decision, OutcomeResult
    from app.ui.outcome_dialog import OutcomeDialog

    type_idea(qtbot, window, "Welcome call on day one")
    (note_id,) = window.document.board.notes
    panel = window.actions_dock.panel
    open_panel(qtbot, window)
    panel.make_action_from_note(note_id)
    (action,) = repository.load_session(session.id).action_items
    assert repository.actions.idea_statuses(session.id)[note_id] is IdeaStatus.TRYING

    def fill_in(dialog) -> None:
        assert isinstance(dialog, OutcomeDialog)
        assert dialog.result_combo.hasFocus()  # the keyboard starts on the result
        qtbot.keyClick(dialog.result_combo, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.measured_edit, "days to go live 9 to 5")
        qtbot.keyClick(dialog.measured_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.learning_edit, "Customers want a person on day one.")
        qtbot.keyClick(dialog.learning_edit, Qt.Key.Key_Tab)
        assert dialog.decision_combo.hasFocus()
        qtbot.keyClick(dialog.decision_combo, Qt.Key.Key_Down)  # Adopt
        assert "becomes adopted" in dialog.decision_hint.text()
        qtbot.keyClick(dialog.decision_combo, Qt.Key.Key_Return)
        answered.append(dialog.result() == OutcomeDialog.DialogCode.Accepted)

    answered: list[bool] = []
    when_modal_opens(fill_in)
    qtbot.keyClick(focused(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Out&come…
    qtbot.waitUntil(lambda: answered == [True])  # a mnemonic clicks the button shortly after
    (stored,) = repository.load_session(session.id).action_items
    assert stored.outcome is not None and stored.outcome.result is OutcomeResult.WORKED
    assert stored.outcome.measured == "days to go live 9 to 5"
    assert stored.outcome.learning == "Customers want a person on day one."
    assert stored.outcome.decision is Decision.ADOPT
    assert stored.status is ActionStatus.DONE
    assert repository.actions.idea_statuses(session.id)[note_id] is IdeaStatus.ADOPTED
    assert panel.outcome_label.text() == "Outcome: Worked · adopt · days to go live 9 to 5"
    assert "worked" in panel.list.item(0).text()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    (undone,) = repository.load_session(session.id).action_items
    assert undone == action
    assert repository.actions.idea_statuses(session.id)[note_id] is IdeaStatus.TRYING
